from odoo import fields, models


class TravelLoyaltyTierHistory(models.Model):
    _name = "travel.loyalty.tier.history"
    _description = "Loyalty Tier Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    old_tier_id = fields.Many2one(
        "travel.loyalty.tier", string="From Tier", ondelete="restrict"
    )
    new_tier_id = fields.Many2one(
        "travel.loyalty.tier", string="To Tier", ondelete="restrict"
    )
    change = fields.Selection(
        [
            ("join", "Joined"),
            ("upgrade", "Upgrade"),
            ("downgrade", "Downgrade"),
            ("manual", "Set by a manager"),
        ],
        required=True,
    )
    qualifying_points = fields.Integer()
