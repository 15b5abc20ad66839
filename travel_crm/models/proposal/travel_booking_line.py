from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TravelBookingLine(models.Model):
    """A service belongs to one option of the proposal, or to all of them
    (no option), and may be an add-on the customer chooses at acceptance."""

    _inherit = "travel.booking.line"

    option_id = fields.Many2one(
        "travel.booking.option",
        index="btree_not_null",
        ondelete="cascade",
        domain="[('booking_id', '=', booking_id)]",
        help="The alternative this service belongs to; empty: in every option.",
    )
    is_optional = fields.Boolean(
        string="Add-on",
        help="An add-on the customer may choose when accepting the proposal; "
        "not counted in the totals until chosen.",
    )

    @api.constrains("option_id", "booking_id")
    def _check_option_booking(self):
        wrong = self.filtered(
            lambda line: line.option_id and line.option_id.booking_id != line.booking_id
        )
        if wrong:
            raise ValidationError(
                _(
                    "The service %(service)s can only belong to an option of its "
                    "own booking.",
                    service=wrong[0].name,
                )
            )
