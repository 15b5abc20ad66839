from odoo import api, fields, models


class TravelBookingLine(models.Model):
    """Flights show the travellers' names as printed in their passports, the
    names the airline ticket must carry."""

    _inherit = "travel.booking.line"

    passenger_names = fields.Char(
        compute="_compute_passenger_names",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
        help="Flights: SURNAME/GIVEN NAMES of each traveller as in the passport "
        "(the contact's name when the passport name is not recorded).",
    )

    @api.depends(
        "service_type",
        "booking_id.traveller_ids.passport_surname",
        "booking_id.traveller_ids.passport_given_name",
        "booking_id.partner_id",
    )
    def _compute_passenger_names(self):
        for line in self:
            if line.service_type != "flight":
                line.passenger_names = False
                continue
            booking = line.booking_id
            travellers = booking.traveller_ids or booking.partner_id.filtered(
                lambda p: not p.is_company
            )
            line.passenger_names = ", ".join(
                p._passport_name_display() for p in travellers
            )
