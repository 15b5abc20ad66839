from odoo import fields, models


class TravelLoyaltyReward(models.Model):
    _name = "travel.loyalty.reward"
    _description = "Loyalty Reward"
    _order = "sequence, points_cost, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    reward_type = fields.Selection(
        [
            ("upgrade", "Upgrade"),
            ("lounge", "Lounge access"),
            ("voucher", "Voucher"),
            ("discount", "Booking discount"),
        ],
        string="Type",
        required=True,
        default="discount",
    )
    points_cost = fields.Integer(string="Points Price", required=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.company,
    )
    description = fields.Html(translate=True)

    _sql_constraints = [
        (
            "points_cost_positive",
            "CHECK(points_cost > 0)",
            "A reward must cost a positive number of points.",
        ),
    ]
