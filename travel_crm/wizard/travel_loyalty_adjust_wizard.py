from odoo import fields, models


class TravelLoyaltyAdjustWizard(models.TransientModel):
    _name = "travel.loyalty.adjust.wizard"
    _description = "Adjust Loyalty Points"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    balance = fields.Integer(related="partner_id.loyalty_points")
    points = fields.Integer(
        required=True, help="Positive to add points, negative to remove them."
    )
    reason = fields.Text(required=True)

    def action_apply(self):
        # not sudo: only managers may record adjustments (checked on create)
        self.env["travel.loyalty.transaction"].create(
            [
                {
                    "partner_id": wizard.partner_id.id,
                    "transaction_type": "adjust",
                    "points": wizard.points,
                    "reason": wizard.reason,
                    "name": self.env._("Manual adjustment"),
                }
                for wizard in self
            ]
        )
        return {"type": "ir.actions.act_window_close"}
