from odoo import api, fields, models


class TravelLoyaltyRedeemWizard(models.TransientModel):
    _name = "travel.loyalty.redeem.wizard"
    _description = "Use Loyalty Points on a Booking"

    booking_id = fields.Many2one("travel.booking", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="booking_id.company_id")
    currency_id = fields.Many2one(related="booking_id.currency_id")
    partner_id = fields.Many2one(related="booking_id.partner_id")
    balance = fields.Integer(related="booking_id.partner_id.loyalty_points")
    amount_due = fields.Monetary(related="booking_id.amount_total_after_points")
    reward_id = fields.Many2one(
        "travel.loyalty.reward",
        domain="[('company_id', 'in', (company_id, False))]",
        ondelete="cascade",
        help="Leave empty to turn points into a discount at the point value.",
    )
    points = fields.Integer(
        compute="_compute_points", store=True, readonly=False, required=True
    )
    value = fields.Monetary(compute="_compute_value")
    min_redemption = fields.Integer(related="company_id.loyalty_min_redemption")

    @api.depends("reward_id", "balance")
    def _compute_points(self):
        for wizard in self:
            if wizard.reward_id:
                wizard.points = wizard.reward_id.points_cost
            elif not wizard.points:
                wizard.points = wizard.balance

    @api.depends("points", "reward_id", "company_id")
    def _compute_value(self):
        for wizard in self:
            if wizard.reward_id and wizard.reward_id.reward_type != "discount":
                wizard.value = 0.0
                continue
            wizard.value = wizard.company_id._loyalty_points_value(wizard.points)

    def action_apply(self):
        # the redemption rule of the ledger, the same as a redeem entry
        # created through the API
        Transaction = self.env["travel.loyalty.transaction"]
        for wizard in self:
            Transaction._loyalty_redeem(
                wizard.booking_id.partner_id,
                wizard.points,
                booking=wizard.booking_id,
                reward=wizard.reward_id,
            )
        return {"type": "ir.actions.act_window_close"}
