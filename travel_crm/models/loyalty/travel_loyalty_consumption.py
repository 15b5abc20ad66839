from odoo import api, fields, models
from odoo.exceptions import UserError


class TravelLoyaltyConsumption(models.Model):
    """How many points a negative ledger entry drew on a positive one.

    A row with negative points gives points back: when a redemption is
    reversed (``reversal_id``), what it drew on each lot returns to that lot,
    and the reversing entry covers the redemption instead. Rows are never
    changed or deleted.
    """

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
    reversal_id = fields.Many2one(
        "travel.loyalty.transaction",
        string="Given Back By",
        index="btree_not_null",
        ondelete="restrict",
        help="The reversing entry that gave these points back to the lot.",
    )
    partner_id = fields.Many2one(related="award_id.partner_id")

    _sql_constraints = [
        (
            "points_positive",
            "CHECK(points > 0 OR (points < 0 AND reversal_id IS NOT NULL))",
            (
                "A consumption takes a positive number of points; only a "
                "reversal gives points back."
            ),
        ),
    ]

    def write(self, vals):
        if self:
            raise UserError(self.env._("Points consumptions cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        raise UserError(self.env._("Points consumptions cannot be deleted."))
