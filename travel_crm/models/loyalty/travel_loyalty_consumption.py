from odoo import api, fields, models
from odoo.exceptions import UserError


class TravelLoyaltyConsumption(models.Model):
    """How many points a negative ledger entry drew on a positive one."""

    _name = "travel.loyalty.consumption"
    _description = "Loyalty Points Consumption"
    _order = "id"

    consumer_id = fields.Many2one(
        "travel.loyalty.transaction",
        string="Consuming Entry",
        required=True,
        index=True,
        ondelete="restrict",
    )
    award_id = fields.Many2one(
        "travel.loyalty.transaction",
        string="Award Entry",
        required=True,
        index=True,
        ondelete="restrict",
    )
    points = fields.Integer(required=True)
    partner_id = fields.Many2one(related="award_id.partner_id")

    _sql_constraints = [
        (
            "points_positive",
            "CHECK(points > 0)",
            "A consumption takes a positive number of points.",
        ),
    ]

    def write(self, vals):
        if self:
            raise UserError(self.env._("Points consumptions cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        raise UserError(self.env._("Points consumptions cannot be deleted."))
