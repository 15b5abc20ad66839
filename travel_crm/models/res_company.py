from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Booking and invoicing settings of a travel agency."""

    _inherit = "res.company"

    travel_deposit_percent = fields.Float(
        string="Booking Deposit (%)",
        default=30.0,
        help="Share of the booking's untaxed amount billed by a deposit invoice.",
    )

    travel_passport_check = fields.Selection(
        [("warning", "Warn"), ("block", "Block confirmation")],
        string="Passport Check",
        default="warning",
        required=True,
        help="On confirmation, travellers without a passport valid long enough "
        "for the destinations (or without a required visa) are reported: as a "
        "warning on the booking, or by refusing the confirmation.",
    )

    @api.constrains("travel_deposit_percent")
    def _check_travel_deposit_percent(self):
        for company in self:
            if not 0 < company.travel_deposit_percent <= 100:
                raise ValidationError(
                    _(
                        "The booking deposit of %(company)s must be more than 0%% "
                        "and at most 100%%.",
                        company=company.name,
                    )
                )
