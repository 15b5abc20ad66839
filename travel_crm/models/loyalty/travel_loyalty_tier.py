from odoo import api, fields, models

from ...tools.loyalty_fifo import tier_for_points


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

    def _tier_for_points(self, qualifying_points):
        """The tier ``qualifying_points`` reach: the one with the highest
        threshold at or below them (empty when none is reached).

        Chooses among the tiers of ``self``, or among all active tiers when
        called on the empty model; a caller that picks tiers for many
        customers searches the tiers once and calls this on them.
        """
        tiers = self or self.search([])
        return self.browse(
            tier_for_points(
                ((tier.id, tier.min_points) for tier in tiers), qualifying_points
            )
            or ()
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
