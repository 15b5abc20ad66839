from odoo import _, models


class TravelBooking(models.Model):
    """Portal side of a booking: what a traveller sees on /my/bookings."""

    _inherit = "travel.booking"

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Itinerary %(booking)s", booking=self.name)

    def _portal_destination_label(self):
        """Where the trip goes, as the traveller reads it: the agency's words
        for the itinerary, else the destination countries."""
        self.ensure_one()
        return self.destination or ", ".join(
            self.destination_country_ids.mapped("name")
        )

    def _portal_is_customer_or_traveller(self, partner):
        self.ensure_one()
        return (
            partner.commercial_partner_id == self.partner_id.commercial_partner_id
            or partner in self.traveller_ids
        )

    def _portal_feedback_state(self, partner):
        """How ``partner`` can give feedback on this booking from the portal:
        ``(state, feedback)`` with state ``"request"`` (a pending feedback
        request, answer it on its token page), ``"new"`` (done trip, nothing
        asked yet), ``"given"`` (already answered) or ``False`` (no feedback
        possible: the trip is not done or the partner is not on it)."""
        self.ensure_one()
        feedback = (
            self.env["travel.feedback"]
            .sudo()
            .search(
                [("booking_id", "=", self.id), ("partner_id", "=", partner.id)],
                limit=1,
            )
        )
        if feedback.state == "answered":
            return "given", feedback
        if feedback:
            return "request", feedback
        if self.state == "done" and self._portal_is_customer_or_traveller(partner):
            return "new", feedback
        return False, feedback
