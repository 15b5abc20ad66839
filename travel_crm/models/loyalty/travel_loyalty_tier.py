from odoo import api, fields, models


class TravelLoyaltyTier(models.Model):
    _name = "travel.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "sequence, min_points, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    min_points = fields.Integer(
        string="Qualifying Points",
        required=True,
        default=0,
        help="Qualifying points earned within the rolling window needed to hold "
        "this tier.",
    )
    earn_multiplier = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="Points earned on a completed booking are multiplied by this "
        "factor (1.0 = base rate).",
    )
    color = fields.Integer()
    description = fields.Html(translate=True)
    member_ids = fields.One2many("res.partner", "loyalty_tier_id", string="Members")
    member_count = fields.Integer(compute="_compute_member_count")

    _sql_constraints = [
        (
            "min_points_positive",
            "CHECK(min_points >= 0)",
            "The qualifying points of a tier cannot be negative.",
        ),
        (
            "earn_multiplier_positive",
            "CHECK(earn_multiplier > 0)",
            "The earn multiplier of a tier must be positive.",
        ),
        (
            "min_points_uniq",
            "UNIQUE(min_points)",
            "Two tiers cannot require the same qualifying points.",
        ),
    ]

    @api.depends("member_ids")
    def _compute_member_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("loyalty_tier_id", "in", self.ids)],
                ["loyalty_tier_id"],
                ["__count"],
            )
        )
        for tier in self:
            tier.member_count = counts.get(tier, 0)

    @api.model
    def _tier_for_points(self, qualifying_points):
        """The highest active tier whose threshold ``qualifying_points`` reach."""
        tiers = self.search([], order="min_points desc")
        return next(
            (tier for tier in tiers if tier.min_points <= qualifying_points),
            self.browse(),
        )

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members: %(tier)s", tier=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("loyalty_tier_id", "=", self.id)],
            "context": {"default_loyalty_tier_id": self.id},
        }
