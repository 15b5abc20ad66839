from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    loyalty_enabled = fields.Boolean(
        related="company_id.loyalty_enabled", readonly=False
    )
    loyalty_earn_basis = fields.Selection(
        related="company_id.loyalty_earn_basis", readonly=False
    )
    loyalty_points_per_unit = fields.Float(
        related="company_id.loyalty_points_per_unit", readonly=False
    )
    loyalty_birthday_bonus = fields.Integer(
        related="company_id.loyalty_birthday_bonus", readonly=False
    )
    loyalty_referral_bonus = fields.Integer(
        related="company_id.loyalty_referral_bonus", readonly=False
    )
    loyalty_feedback_bonus = fields.Integer(
        related="company_id.loyalty_feedback_bonus", readonly=False
    )
    loyalty_expiry_months = fields.Integer(
        related="company_id.loyalty_expiry_months", readonly=False
    )
    loyalty_expiry_warning_days = fields.Integer(
        related="company_id.loyalty_expiry_warning_days", readonly=False
    )
    loyalty_point_value = fields.Float(
        related="company_id.loyalty_point_value", readonly=False
    )
    loyalty_min_redemption = fields.Integer(
        related="company_id.loyalty_min_redemption", readonly=False
    )
    loyalty_tier_window_months = fields.Integer(
        related="company_id.loyalty_tier_window_months", readonly=False
    )
    loyalty_downgrade_grace_months = fields.Integer(
        related="company_id.loyalty_downgrade_grace_months", readonly=False
    )
