from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    loyalty_enabled = fields.Boolean(string="Loyalty Programme", default=True)
    loyalty_earn_basis = fields.Selection(
        [("total", "Booking total"), ("margin", "Booking margin")],
        string="Points Earned On",
        default="total",
        required=True,
    )
    loyalty_points_per_unit = fields.Float(
        string="Points per Currency Unit",
        default=1.0,
        digits=(16, 4),
        help="Points earned per unit of company currency of the completed "
        "booking's total or margin, before the tier multiplier. Points are "
        "whole numbers rounded down.",
    )
    loyalty_birthday_bonus = fields.Integer(string="Birthday Bonus", default=100)
    loyalty_referral_bonus = fields.Integer(string="Referral Bonus", default=500)
    loyalty_feedback_bonus = fields.Integer(string="Feedback Bonus", default=50)
    loyalty_expiry_months = fields.Integer(
        string="Points Expire After (Months)",
        default=24,
        help="0 means points never expire.",
    )
    loyalty_expiry_warning_days = fields.Integer(
        string="Expiry Warning (Days Before)", default=30
    )
    loyalty_point_value = fields.Float(
        string="Value of One Point",
        default=0.01,
        digits=(16, 4),
        help="Amount in company currency a redeemed point is worth.",
    )
    loyalty_min_redemption = fields.Integer(
        string="Minimum Redemption (Points)", default=100
    )
    loyalty_tier_window_months = fields.Integer(
        string="Tier Qualifying Window (Months)", default=12
    )
    loyalty_downgrade_grace_months = fields.Integer(
        string="Downgrade Grace Period (Months)", default=3
    )

    _sql_constraints = [
        (
            "loyalty_settings_positive",
            (
                "CHECK(loyalty_points_per_unit >= 0 AND loyalty_birthday_bonus >= 0"
                " AND loyalty_referral_bonus >= 0 AND loyalty_feedback_bonus >= 0"
                " AND loyalty_expiry_months >= 0 AND loyalty_expiry_warning_days >= 0"
                " AND loyalty_point_value >= 0 AND loyalty_min_redemption >= 0"
                " AND loyalty_tier_window_months > 0"
                " AND loyalty_downgrade_grace_months >= 0)"
            ),
            (
                "Loyalty settings cannot be negative and the tier window must be "
                "at least one month."
            ),
        ),
    ]

    def _loyalty_points_value(self, points):
        """What ``points`` redeemed points are worth in company currency: the
        one rule behind a redemption's amount and the Use Points wizard."""
        return self.currency_id.round(points * self.loyalty_point_value)
