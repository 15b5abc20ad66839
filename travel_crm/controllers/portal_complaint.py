from markupsafe import Markup

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from .portal import TravelCustomerPortal

COMPLAINT_SUBJECT_MAX = 200
COMPLAINT_MAX_FILES = 5
COMPLAINT_MAX_FILE_SIZE = 10 * 1024 * 1024
# Sniffed from the content, never trusted from the browser: no HTML, SVG or
# scripts can be planted on a complaint.
COMPLAINT_MIMETYPES = {
    "application/pdf",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/plain",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
}


class TravelComplaintPortal(TravelCustomerPortal):
    """Complaints on /my: the traveller's list, each complaint with its
    chatter, the form to report a problem, and the complaints listed on the
    booking page they are about."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "travel_complaint_count" in counters:
            partner = request.env.user.partner_id
            Complaint = request.env["travel.complaint"]
            values["travel_complaint_count"] = (
                Complaint.search_count(self._travel_complaint_domain(partner))
                if Complaint.has_access("read")
                else 0
            )
        return values

    def _travel_booking_page_values(self, booking_sudo, **kw):
        """A signed-in traveller sees their complaints about the trip and may
        report a problem with it."""
        values = super()._travel_booking_page_values(booking_sudo, **kw)
        complaints = request.env["travel.complaint"]
        if not request.env.user._is_public():
            partner = request.env.user.partner_id
            complaints = complaints.search(
                expression.AND(
                    [
                        self._travel_complaint_domain(partner),
                        [("booking_id", "=", booking_sudo.id)],
                    ]
                )
            ).sudo()
        values["complaints"] = complaints
        values["can_complain"] = (
            not request.env.user._is_public()
            and booking_sudo._portal_is_customer_or_traveller(
                request.env.user.partner_id
            )
        )
        return values

    # ------------------------------------------------------------------
    # List and page
    # ------------------------------------------------------------------

    def _travel_complaint_domain(self, partner):
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _travel_complaint_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {
                "label": _("Open"),
                "domain": [("state", "in", ("new", "in_progress", "waiting"))],
            },
            "done": {
                "label": _("Resolved or closed"),
                "domain": [("state", "in", ("resolved", "closed"))],
            },
        }

    def _travel_complaint_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "date_open desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc, id desc"},
            "state": {"label": _("Status"), "order": "state, date_open desc"},
        }

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_travel_complaints(self, page=1, sortby=None, filterby=None, **kw):
        return self._travel_portal_list(
            model="travel.complaint",
            url="/my/complaints",
            domain=self._travel_complaint_domain(request.env.user.partner_id),
            sortings=self._travel_complaint_sortings(),
            filters=self._travel_complaint_filters(),
            sort_filter=(sortby, filterby, "date"),
            page=page,
            names=("complaints", "travel_complaint", "my_travel_complaints_history"),
            template="travel_crm.portal_my_travel_complaints",
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_travel_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "travel.complaint", complaint_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {
            "complaint": complaint_sudo,
            "page_name": "travel_complaint",
            "created": kw.get("created"),
        }
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            values,
            "my_travel_complaints_history",
            False,
            **kw,
        )
        values["token"] = complaint_sudo._portal_ensure_token()
        return request.render("travel_crm.portal_my_travel_complaint", values)

    # ------------------------------------------------------------------
    # Reporting a problem
    # ------------------------------------------------------------------

    def _travel_complaint_form_values(self, partner, post, errors):
        bookings = (
            request.env["travel.booking"]
            .search(self._travel_booking_domain(partner), order="departure_date desc")
            .sudo()
        )
        categories = request.env["travel.complaint.category"].search([])
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "travel_complaint_new",
            "bookings": bookings,
            "categories": categories,
            "post": post,
            "errors": errors,
        }

    def _travel_complaint_validate(self, partner, post, files):
        """Checked values for the new complaint and its attachments, or the
        errors to show ({field: message}); nothing is written here."""
        errors = {}
        subject, description = self._travel_complaint_check_texts(post, errors)
        booking = self._travel_complaint_check_booking(partner, post, errors)
        category = self._travel_complaint_check_category(post, errors)
        attachments = self._travel_complaint_check_files(files, errors)
        vals = {
            "subject": subject,
            "description": plaintext2html(description),
            "booking_id": booking.id,
            "category_id": category.id,
            "partner_id": partner.id,
            "channel": "web",
        }
        return vals, attachments, errors

    def _travel_complaint_check_texts(self, post, errors):
        """The subject and description, stripped; a missing or too long one
        is reported in ``errors``."""
        subject = (post.get("subject") or "").strip()
        description = (post.get("description") or "").strip()
        if not subject:
            errors["subject"] = _("Tell us in a few words what went wrong.")
        elif len(subject) > COMPLAINT_SUBJECT_MAX:
            errors["subject"] = _(
                "Keep the subject under %(max)s characters.",
                max=COMPLAINT_SUBJECT_MAX,
            )
        if not description:
            errors["description"] = _("Describe what happened.")
        return subject, description

    def _travel_complaint_check_booking(self, partner, post, errors):
        """The chosen booking, only among the traveller's own."""
        booking = request.env["travel.booking"]
        try:
            booking_id = int(post.get("booking_id") or 0)
        except ValueError:
            booking_id = 0
        if booking_id:
            booking = booking.search(
                expression.AND(
                    [self._travel_booking_domain(partner), [("id", "=", booking_id)]]
                )
            )
        if not booking:
            errors["booking_id"] = _("Choose the booking your complaint is about.")
        return booking

    def _travel_complaint_check_category(self, post, errors):
        """The chosen category (optional), only an existing one."""
        category = request.env["travel.complaint.category"]
        if post.get("category_id"):
            try:
                category = category.search([("id", "=", int(post["category_id"]))])
            except ValueError:
                category = category.browse()
            if not category:
                errors["category_id"] = _("Choose a category from the list.")
        return category

    def _travel_complaint_check_files(self, files, errors):
        """[{name, raw}] of the sent files: at most five, each at most 10 MB
        and of a type sniffed from its content."""
        attachments = []
        files = [file for file in files if file and file.filename]
        if len(files) > COMPLAINT_MAX_FILES:
            errors["attachments"] = _(
                "Attach at most %(count)s files.", count=COMPLAINT_MAX_FILES
            )
            files = []
        for file in files:
            content = file.read()
            mimetype = guess_mimetype(content)
            if len(content) > COMPLAINT_MAX_FILE_SIZE:
                errors["attachments"] = _(
                    "%(file)s is larger than 10 MB.", file=file.filename
                )
            elif not content or mimetype not in COMPLAINT_MIMETYPES:
                errors["attachments"] = _(
                    "%(file)s cannot be attached: send pictures, PDF, text or "
                    "Word documents.",
                    file=file.filename,
                )
            else:
                attachments.append({"name": file.filename, "raw": content})
        return attachments

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_my_travel_complaint_new(self, **post):
        partner = request.env.user.partner_id
        if request.httprequest.method != "POST":
            return request.render(
                "travel_crm.portal_my_travel_complaint_new",
                self._travel_complaint_form_values(partner, post, {}),
            )
        files = request.httprequest.files.getlist("attachments")
        vals, attachments, errors = self._travel_complaint_validate(
            partner, post, files
        )
        if not errors:
            try:
                complaint = request.env["travel.complaint"].create(vals)
            except (AccessError, UserError, ValidationError) as error:
                errors["common"] = str(error)
        if errors:
            return request.render(
                "travel_crm.portal_my_travel_complaint_new",
                self._travel_complaint_form_values(partner, post, errors),
            )
        if attachments:
            self._travel_complaint_attach(complaint, partner, attachments)
        return request.redirect(f"{complaint.access_url}?created=1")

    def _travel_complaint_attach(self, complaint, partner, attachments):
        """Files sent with the complaint, posted by the traveller so the team
        sees them in the chatter and they stay linked to the complaint."""
        # sudo: the traveller may read but not write the complaint; the files
        # were checked (type sniffed from the content, size, count)
        complaint.sudo().message_post(
            body=Markup("<p>%s</p>") % _("Files sent with the complaint."),
            author_id=partner.id,
            attachments=[
                (attachment["name"], attachment["raw"]) for attachment in attachments
            ],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
