import json
import re

from markupsafe import Markup

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import is_html_empty, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# The booking's itinerary report (travellers, services day by day, supplier
# contacts, totals; never costs).
ITINERARY_REPORTS = ("travel_crm.travel_booking_report_itinerary",)
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
PREFERENCE_SELECTIONS = (
    "seat_preference",
    "meal_preference",
    "room_preference",
    "preferred_channel",
)
PREFERENCE_TEXTS = ("dietary_needs", "accessibility_needs")
PREFERENCE_TEXT_MAX = 2000


class TravelCustomerPortal(CustomerPortal):
    """Travellers' pages on /my: bookings, complaints, feedback, preferences,
    loyalty (when the company runs the programme) and the data export."""

    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = request.env.user.partner_id
        if "travel_booking_count" in counters:
            Booking = request.env["travel.booking"]
            values["travel_booking_count"] = (
                Booking.search_count(self._travel_booking_domain(partner))
                if Booking.has_access("read")
                else 0
            )
        if "travel_complaint_count" in counters:
            Complaint = request.env["travel.complaint"]
            values["travel_complaint_count"] = (
                Complaint.search_count(self._travel_complaint_domain(partner))
                if Complaint.has_access("read")
                else 0
            )
        return values

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["travel_loyalty_enabled"] = self._travel_loyalty_enabled()
        return values

    def _travel_loyalty_enabled(self):
        """The loyalty pages follow the company's programme switch."""
        return request.env.company.loyalty_enabled

    # ------------------------------------------------------------------
    # Bookings
    # ------------------------------------------------------------------

    def _travel_booking_domain(self, partner):
        return [
            "|",
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("traveller_ids", "in", [partner.id]),
        ]

    def _travel_booking_filters(self):
        today = fields.Date.context_today(request.env.user)
        ends_before_today = [
            "|",
            ("return_date", "<", today),
            "&",
            ("return_date", "=", False),
            ("departure_date", "<", today),
        ]
        return {
            "all": {"label": _("All"), "domain": []},
            "upcoming": {
                "label": _("Upcoming"),
                "domain": [
                    ("state", "not in", ("done", "cancel")),
                    "|",
                    ("return_date", ">=", today),
                    "&",
                    ("return_date", "=", False),
                    "|",
                    ("departure_date", ">=", today),
                    ("departure_date", "=", False),
                ],
            },
            "past": {
                "label": _("Past"),
                "domain": expression.OR([[("state", "=", "done")], ends_before_today]),
            },
        }

    def _travel_booking_sortings(self):
        return {
            "departure": {
                "label": _("Departure (latest first)"),
                "order": "departure_date desc, id desc",
            },
            "departure_asc": {
                "label": _("Departure (soonest first)"),
                "order": "departure_date asc, id asc",
            },
            "name": {"label": _("Reference"), "order": "name desc, id desc"},
        }

    @http.route(
        ["/my/bookings", "/my/bookings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_travel_bookings(self, page=1, sortby=None, filterby=None, **kw):
        Booking = request.env["travel.booking"]
        partner = request.env.user.partner_id
        sortings = self._travel_booking_sortings()
        filters = self._travel_booking_filters()
        sortby = sortby if sortby in sortings else "departure"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND(
            [self._travel_booking_domain(partner), filters[filterby]["domain"]]
        )
        pager = portal_pager(
            url="/my/bookings",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Booking.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        bookings = Booking.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_travel_bookings_history"] = bookings.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "bookings": bookings.sudo(),
                "page_name": "travel_booking",
                "pager": pager,
                "default_url": "/my/bookings",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("travel_crm.portal_my_travel_bookings", values)

    def _travel_itinerary_report_ref(self):
        for xmlid in ITINERARY_REPORTS:
            report = request.env.ref(xmlid, raise_if_not_found=False)
            if report and report._name == "ir.actions.report":
                return xmlid
        raise MissingError(_("The itinerary report is not available."))

    @http.route(
        ["/my/bookings/<int:booking_id>"], type="http", auth="public", website=True
    )
    def portal_my_travel_booking(
        self, booking_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            booking_sudo = self._document_check_access(
                "travel.booking", booking_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=booking_sudo,
                report_type=report_type,
                report_ref=self._travel_itinerary_report_ref(),
                download=download,
            )
        partner = request.env.user.partner_id
        feedback_state, feedback = (False, request.env["travel.feedback"])
        complaints = request.env["travel.complaint"]
        if not request.env.user._is_public():
            feedback_state, feedback = booking_sudo._portal_feedback_state(partner)
            complaints = complaints.search(
                expression.AND(
                    [
                        self._travel_complaint_domain(partner),
                        [("booking_id", "=", booking_sudo.id)],
                    ]
                )
            ).sudo()
        values = {
            "booking": booking_sudo,
            "page_name": "travel_booking",
            "report_type": "html",
            "feedback_state": feedback_state,
            "feedback": feedback,
            "complaints": complaints,
            "can_complain": not request.env.user._is_public()
            and booking_sudo._portal_is_customer_or_traveller(partner),
            "message": kw.get("message"),
        }
        values = self._get_page_view_values(
            booking_sudo,
            access_token,
            values,
            "my_travel_bookings_history",
            False,
            **kw,
        )
        # the portal chatter posts with the document token, as for sales orders
        values["token"] = booking_sudo._portal_ensure_token()
        return request.render("travel_crm.portal_my_travel_booking", values)

    @http.route(
        ["/my/bookings/<int:booking_id>/feedback"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_travel_booking_feedback(self, booking_id, **kw):
        """Open the feedback page of a done trip for the signed-in traveller,
        asking for it first when the agency has not yet done so."""
        try:
            booking_sudo = self._document_check_access("travel.booking", booking_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = request.env.user.partner_id
        state, feedback = booking_sudo._portal_feedback_state(partner)
        if state == "new":
            feedback = (
                request.env["travel.feedback"]
                .sudo()
                .create(
                    {
                        "booking_id": booking_sudo.id,
                        "partner_id": partner.id,
                        "state": "requested",
                    }
                )
            )
            state = "request"
        if state == "request":
            return request.redirect(f"/travel/feedback/{feedback.access_token}")
        return request.redirect(booking_sudo.access_url)

    # ------------------------------------------------------------------
    # Complaints
    # ------------------------------------------------------------------

    def _travel_complaint_domain(self, partner):
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _travel_complaint_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {
                "label": _("Open"),
                "domain": [("state", "in", ("new", "in_progress"))],
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
        Complaint = request.env["travel.complaint"]
        partner = request.env.user.partner_id
        sortings = self._travel_complaint_sortings()
        filters = self._travel_complaint_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND(
            [self._travel_complaint_domain(partner), filters[filterby]["domain"]]
        )
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Complaint.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_travel_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints.sudo(),
                "page_name": "travel_complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("travel_crm.portal_my_travel_complaints", values)

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
        category = request.env["travel.complaint.category"]
        if post.get("category_id"):
            try:
                category = category.search([("id", "=", int(post["category_id"]))])
            except ValueError:
                category = category.browse()
            if not category:
                errors["category_id"] = _("Choose a category from the list.")
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
        vals = {
            "subject": subject,
            "description": plaintext2html(description),
            "booking_id": booking.id,
            "category_id": category.id,
            "partner_id": partner.id,
            "channel": "web",
        }
        return vals, attachments, errors

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

    # ------------------------------------------------------------------
    # Preferences and consent
    # ------------------------------------------------------------------

    def _travel_preferences_values(self, partner, errors=None, saved=False):
        partner_sudo = partner.sudo()
        fields_map = partner_sudo._fields
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "travel_preferences",
            "partner": partner_sudo,
            "interest_tags": request.env["travel.interest.tag"].sudo().search([]),
            "countries": request.env["res.country"].sudo().search([]),
            "selections": {
                fname: fields_map[fname]._description_selection(request.env)
                for fname in PREFERENCE_SELECTIONS
            },
            "errors": errors or {},
            "saved": saved,
        }

    def _travel_preferences_parse(self, form):
        """{field: value} from the submitted form, and the errors found."""
        errors = {}
        Partner = request.env["res.partner"].sudo()
        vals = {}
        for fname in PREFERENCE_SELECTIONS:
            value = form.get(fname) or False
            allowed = [key for key, _label in Partner._fields[fname].selection]
            if value and value not in allowed:
                errors[fname] = _("Choose a value from the list.")
            vals[fname] = value
        for fname in PREFERENCE_TEXTS:
            value = (form.get(fname) or "").strip()
            if len(value) > PREFERENCE_TEXT_MAX:
                errors[fname] = _(
                    "Keep this under %(max)s characters.", max=PREFERENCE_TEXT_MAX
                )
            vals[fname] = value or False
        for fname, model in (
            ("interest_tag_ids", "travel.interest.tag"),
            ("preferred_destination_ids", "res.country"),
        ):
            try:
                ids = {int(value) for value in form.getlist(fname) if value}
            except ValueError:
                ids = {0}
            records = request.env[model].sudo().search([("id", "in", list(ids))])
            if len(records) != len(ids):
                errors[fname] = _("Choose values from the list.")
            vals[fname] = [(6, 0, records.ids)]
        vals["marketing_consent"] = form.get("marketing_consent") == "on"
        return vals, errors

    @http.route(
        ["/my/travel/preferences"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_my_travel_preferences(self, **kw):
        partner = request.env.user.partner_id
        if request.httprequest.method != "POST":
            return request.render(
                "travel_crm.portal_my_travel_preferences",
                self._travel_preferences_values(partner, saved=kw.get("saved")),
            )
        vals, errors = self._travel_preferences_parse(request.httprequest.form)
        if errors:
            return request.render(
                "travel_crm.portal_my_travel_preferences",
                self._travel_preferences_values(partner, errors=errors),
            )
        # sudo: a portal user may not write on contacts; only the preference
        # fields of their own contact are written (see the model method)
        partner.sudo()._travel_portal_update_preferences(vals)
        return request.redirect("/my/travel/preferences?saved=1")

    # ------------------------------------------------------------------
    # Loyalty and personal data export
    # ------------------------------------------------------------------

    @http.route(
        ["/my/loyalty", "/my/loyalty/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_travel_loyalty(self, page=1, **kw):
        if not self._travel_loyalty_enabled():
            raise request.not_found()
        partner = request.env.user.partner_id
        Transaction = request.env["travel.loyalty.transaction"].sudo()
        domain = [("partner_id", "=", partner.id)]
        pager = portal_pager(
            url="/my/loyalty",
            total=Transaction.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        transactions = Transaction.search(
            domain,
            order="date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        partner_sudo = partner.sudo()
        tier = partner_sudo.loyalty_tier_id
        tiers = request.env["travel.loyalty.tier"].sudo().search([])
        next_tier = tiers.filtered(lambda t: t.min_points > tier.min_points).sorted(
            "min_points"
        )[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "travel_loyalty",
                "partner": partner_sudo,
                "tier": tier,
                "tier_benefits": (
                    tier.description if not is_html_empty(tier.description) else False
                ),
                "next_tier": next_tier,
                "transactions": transactions,
                "pager": pager,
            }
        )
        return request.render("travel_crm.portal_my_travel_loyalty", values)

    @http.route(
        ["/my/travel/privacy/export"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_travel_privacy_export(self, **kw):
        """The traveller's own personal data, as a JSON download."""
        partner = request.env.user.partner_id
        # not sudo: the privacy feature lets a portal user export only
        # themselves and logs the export
        data = partner._travel_privacy_export_data()
        payload = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        name = re.sub(r"\W+", "-", partner.name or "traveller").strip("-").lower()
        return request.make_response(
            payload,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    http.content_disposition(f"{name}-personal-data.json"),
                ),
                ("Cache-Control", "no-store"),
            ],
        )
