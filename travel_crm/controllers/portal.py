import json
import re

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# The booking's itinerary report (travellers, services day by day, supplier
# contacts, totals; never costs).
ITINERARY_REPORT = "travel_crm.travel_booking_report_itinerary"
PREFERENCE_SELECTIONS = (
    "seat_preference",
    "meal_preference",
    "room_preference",
    "preferred_channel",
)
PREFERENCE_TEXTS = ("dietary_needs", "accessibility_needs")
PREFERENCE_TEXT_MAX = 2000


class TravelCustomerPortal(CustomerPortal):
    """Travellers' pages on /my: bookings, feedback, preferences and the data
    export. Complaints (``portal_complaint.py``) and loyalty
    (``portal_loyalty.py``) extend this controller."""

    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------

    @http.route()
    def home(self, **kw):
        """The portal home also asks for the trips awaiting the traveller's
        feedback (their own requests only, each opened by its token)."""
        response = super().home(**kw)
        partner = request.env.user.partner_id
        # sudo: a traveller has no ACL on feedback; the domain is their own
        response.qcontext["travel_pending_feedback"] = (
            request.env["travel.feedback"]
            .sudo()
            .search(
                [("partner_id", "=", partner.id), ("state", "=", "requested")],
                order="id desc",
                limit=5,
            )
        )
        return response

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
        return values

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
        return self._travel_portal_list(
            model="travel.booking",
            url="/my/bookings",
            domain=self._travel_booking_domain(request.env.user.partner_id),
            sortings=self._travel_booking_sortings(),
            filters=self._travel_booking_filters(),
            sort_filter=(sortby, filterby, "departure"),
            page=page,
            names=("bookings", "travel_booking", "my_travel_bookings_history"),
            template="travel_crm.portal_my_travel_bookings",
        )

    def _travel_portal_list(
        self, model, url, domain, sortings, filters, sort_filter, page, names, template
    ):
        """A portal list page of ``model``: ``domain`` narrowed by the chosen
        filter, sorted, paged. ``sort_filter`` is (sortby, filterby, default
        sorting); ``names`` (records key, page name, session history key)."""
        sortby, filterby, default_sort = sort_filter
        records_key, page_name, history_key = names
        Model = request.env[model]
        sortby = sortby if sortby in sortings else default_sort
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND([domain, filters[filterby]["domain"]])
        pager = portal_pager(
            url=url,
            url_args={"sortby": sortby, "filterby": filterby},
            total=Model.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        records = Model.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session[history_key] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                records_key: records.sudo(),
                "page_name": page_name,
                "pager": pager,
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render(template, values)

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
                report_ref=ITINERARY_REPORT,
                download=download,
            )
        values = self._get_page_view_values(
            booking_sudo,
            access_token,
            self._travel_booking_page_values(booking_sudo, **kw),
            "my_travel_bookings_history",
            False,
            **kw,
        )
        # the portal chatter posts with the document token, as for sales orders
        values["token"] = booking_sudo._portal_ensure_token()
        return request.render("travel_crm.portal_my_travel_booking", values)

    def _travel_booking_page_values(self, booking_sudo, **kw):
        """The booking page's own values; the feedback invitation is for a
        signed-in traveller only (not for someone opening a token link)."""
        feedback_state, feedback = (False, request.env["travel.feedback"])
        if not request.env.user._is_public():
            partner = request.env.user.partner_id
            feedback_state, feedback = booking_sudo._portal_feedback_state(partner)
        return {
            "booking": booking_sudo,
            "page_name": "travel_booking",
            "report_type": "html",
            "feedback_state": feedback_state,
            "feedback": feedback,
            "message": kw.get("message"),
        }

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
    # Personal data export
    # ------------------------------------------------------------------

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
