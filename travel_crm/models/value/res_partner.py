"""Customer value of a partner: the stored scores, churn risk, and the
manager's "Update Now". The engine that fills them is in ``segmentation.py``
(batches, population snapshot, SQL writes), ``explanation.py`` (the "Why",
stored as data and rendered in the reader's language) and
``recommendation_engine.py`` (co-occurrence recommendations)."""

import math

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ...tools import customer_value as rules_lib

VALUE_SEGMENTS = [
    ("high", "High value"),
    ("potential", "Potential"),
    ("low", "Low value"),
    ("at_risk", "At risk"),
    ("lost", "Lost"),
    ("new", "New"),
]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("first_time", "First-time"),
    ("repeat", "Repeat"),
    ("loyal", "Loyal"),
    ("at_risk", "At risk"),
    ("churned", "Churned"),
]

# Columns the segmentation writes, in the order of the UPDATE ... FROM unnest
# statement, with the SQL type each value is cast to.
VALUE_COLUMNS = (
    ("rfm_recency", "int4"),
    ("rfm_frequency", "int4"),
    ("rfm_monetary", "int4"),
    ("rfm_score", "int4"),
    ("value_segment", "varchar"),
    ("lifecycle_stage", "varchar"),
    ("customer_lifetime_value", "numeric"),
    ("value_currency_id", "int4"),
    ("value_company_id", "int4"),
    ("value_trip_count", "int4"),
    ("value_window_trip_count", "int4"),
    ("value_first_trip_date", "date"),
    ("value_last_trip_date", "date"),
    ("value_usual_interval", "int4"),
    ("value_at_risk_date", "date"),
    ("value_explanation_data", "jsonb"),
)
VALUE_FIELDS = [name for name, _type in VALUE_COLUMNS]
# Values of a partner without any completed trip: the rule for "no trip yet"
# (segment New, stage Prospect, no score), also the fields' defaults.
VALUE_DEFAULTS = {
    "rfm_recency": 0,
    "rfm_frequency": 0,
    "rfm_monetary": 0,
    "rfm_score": 0,
    "value_segment": "new",
    "lifecycle_stage": "prospect",
    "customer_lifetime_value": 0.0,
    "value_currency_id": None,
    "value_company_id": None,
    "value_trip_count": 0,
    "value_window_trip_count": 0,
    "value_first_trip_date": None,
    "value_last_trip_date": None,
    "value_usual_interval": 0,
    "value_at_risk_date": None,
    "value_explanation_data": None,
}

AGENT = "travel_crm.group_travel_agent"


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_recency = fields.Integer(
        string="Recency",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="1 to 5 (5 best): how recent the last completed trip is compared "
        "with the other customers who travelled in the analysis window. "
        "0 when there is no trip in the window.",
    )
    rfm_frequency = fields.Integer(
        string="Frequency",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="1 to 5 (5 best): number of completed trips in the analysis window "
        "compared with the other customers. 0 when there is no trip in the window.",
    )
    rfm_monetary = fields.Integer(
        string="Monetary",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="1 to 5 (5 best): margin (or total, a setting) of the trips in the "
        "analysis window compared with the other customers. 0 without trips.",
    )
    rfm_score = fields.Integer(
        string="RFM Total",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="Recency + Frequency + Monetary, 3 to 15 (0 without trips).",
    )
    value_segment = fields.Selection(
        VALUE_SEGMENTS,
        default=VALUE_DEFAULTS["value_segment"],
        readonly=True,
        copy=False,
        index=True,
        groups=AGENT,
        help="First matching rule: New (no trip yet), Lost (last trip older "
        "than the lost days), At risk (churn risk at or above the threshold), "
        "High value (R+F+M at or above the high score), New (single trip within "
        "the new-customer days), Potential (R+F+M at or above the potential "
        "score), Low value.",
    )
    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        default=VALUE_DEFAULTS["lifecycle_stage"],
        readonly=True,
        copy=False,
        index=True,
        groups=AGENT,
        help="First matching rule: Prospect (no completed trip), Churned (last "
        "trip older than the lost days), At risk (churn risk at or above the "
        "threshold), Loyal (enough trips in the window), Repeat (two trips or "
        "more), First-time.",
    )
    customer_lifetime_value = fields.Monetary(
        string="Lifetime Value",
        currency_field="value_currency_id",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="Margin of all completed trips plus the predicted margin: average "
        "margin per trip x trips a year in the window x expected remaining "
        "years (1 / (1 - company retention)). Nothing is predicted once churned.",
    )
    value_currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups=AGENT,
    )
    value_company_id = fields.Many2one(
        "res.company",
        string="Value Scored by",
        readonly=True,
        copy=False,
        index=True,
        ondelete="set null",
        groups=AGENT,
        help="The company whose completed trips the scores describe: the "
        "partner's company, or for a shared partner the company of their most "
        "recent completed trip.",
    )
    value_trip_count = fields.Integer(
        string="Completed Trips",
        readonly=True,
        copy=False,
        groups=AGENT,
    )
    value_window_trip_count = fields.Integer(
        string="Trips in Window",
        readonly=True,
        copy=False,
        groups=AGENT,
    )
    value_first_trip_date = fields.Date(
        string="First Trip", readonly=True, copy=False, groups=AGENT
    )
    value_last_trip_date = fields.Date(
        string="Last Trip", readonly=True, copy=False, index=True, groups=AGENT
    )
    value_usual_interval = fields.Integer(
        string="Usual Interval (days)",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="(last trip - first trip) / (trips - 1), at least 30 days; the "
        "company's default interval for a single trip.",
    )
    value_at_risk_date = fields.Date(
        string="At Risk from",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="The day churn risk reaches the company's at-risk threshold if no "
        "new trip is completed.",
    )
    churn_risk = fields.Float(
        compute="_compute_churn_risk",
        search="_search_churn_risk",
        digits=(5, 4),
        groups=AGENT,
        help="1 - exp(-days since the last trip / usual interval): 0 just after a "
        "trip, 0.63 after one usual interval, 0.86 after two.",
    )
    value_scored_at = fields.Datetime(
        string="Value Scored on",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="When a run of the segmentation cron last scored the partner. A "
        "run that Odoo's cron runner calls again (a batch budget reached, a "
        "crash) skips the partners it has already scored.",
    )
    travel_recommendation_ids = fields.One2many(
        "travel.recommendation",
        "partner_id",
        string="Recommendations",
        readonly=True,
        groups=AGENT,
    )
    travel_segment_history_ids = fields.One2many(
        "travel.segment.history",
        "partner_id",
        string="Segment History",
        readonly=True,
        groups=AGENT,
    )

    @api.depends("value_last_trip_date", "value_usual_interval")
    @api.depends_context("date")
    def _compute_churn_risk(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if not partner.value_last_trip_date:
                partner.churn_risk = 0.0
                continue
            partner.churn_risk = rules_lib.churn_risk(
                (today - partner.value_last_trip_date).days,
                partner.value_usual_interval,
            )

    def _search_churn_risk(self, operator, value):
        if operator not in (">", ">=", "<", "<="):
            raise NotImplementedError(operator)
        value = float(value or 0.0)
        # risk >= v  <=>  days since last trip >= interval * -ln(1 - v)
        strict = operator in (">", "<=")
        if value >= 1:
            above_ids = []
        elif value <= 0 and not strict:
            return [(1, "=", 1)] if operator == ">=" else [(0, "=", 1)]
        else:
            self.env["res.partner"].flush_model(
                ["value_last_trip_date", "value_usual_interval"]
            )
            comparison = SQL(">") if strict else SQL(">=")
            above_ids = [
                partner_id
                for (partner_id,) in self.env.execute_query(
                    SQL(
                        """
                SELECT id FROM res_partner
                 WHERE value_last_trip_date IS NOT NULL
                   AND (%(today)s - value_last_trip_date) %(cmp)s
                       value_usual_interval * %(factor)s
                """,
                        today=fields.Date.context_today(self),
                        cmp=comparison,
                        factor=-math.log(1 - value),
                    )
                )
            ]
        if operator in (">", ">="):
            return [("id", "in", above_ids)]
        return [("id", "not in", above_ids)]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_travel_value_compute(self):
        """Recompute value scores of the selected partners now (managers)."""
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise AccessError(
                self.env._("Only travel managers can recompute customer value.")
            )
        today = fields.Date.context_today(self)
        self.sudo()._travel_value_score_now(self.env.companies.sudo(), today)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Customer value updated for %(count)s partner(s).",
                    count=len(self),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
