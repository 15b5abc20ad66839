import logging
import math
import threading
from datetime import timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from odoo.addons.travel_crm.tools import customer_value as rules_lib

_logger = logging.getLogger(__name__)

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

# Columns the segmentation writes, in the order of the UPDATE ... FROM VALUES
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
    ("value_explanation", "text"),
)
VALUE_FIELDS = [name for name, _type in VALUE_COLUMNS]
# Values of a partner without any completed trip (the field defaults).
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
    "value_explanation": None,
}
CURSOR_PARAM = "travel_crm.value_cursor"
DEFAULT_BATCH_SIZE = 2000
DEFAULT_MAX_BATCHES = 50
# Recommendations: top N per kind, seen together by at least N customers.
RECOMMENDATION_LIMIT = 3
RECOMMENDATION_MIN_SUPPORT = 2

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
        default="new",
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
        default="prospect",
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
    value_explanation = fields.Text(
        string="Why", readonly=True, copy=False, groups=AGENT
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
                row[0]
                for row in self.env.execute_query(
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
        partners = self.sudo()
        for company in self.env.companies.sudo().sorted("id"):
            run = partners._travel_value_prepare(company, today)
            for batch_ids in split_every(DEFAULT_BATCH_SIZE, self.ids):
                partners._travel_value_process(run, list(batch_ids))
            partners._travel_value_release(run)
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

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_travel_segmentation(self, batch_size=None, max_batches=None):
        """Score customers company by company, in batches of partners.

        A run walks the companies in id order and, inside one company, the
        candidate partners in id order; the position is kept in the system
        parameter ``travel_crm.value_cursor`` so that a run interrupted (or
        stopped after ``max_batches``) resumes where it stopped. Progress is
        reported through ``ir.cron._notify_progress`` after each batch and,
        outside tests, committed.
        """
        # the cron worker's thread: commit; a test's thread: never (the same
        # test as the other crons and Odoo's own, e.g. website.visitor)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        params = self.env["ir.config_parameter"].sudo()
        batch_size = batch_size or int(
            params.get_param("travel_crm.value_batch_size", DEFAULT_BATCH_SIZE)
        )
        max_batches = max_batches or int(
            params.get_param("travel_crm.value_max_batches", DEFAULT_MAX_BATCHES)
        )
        today = fields.Date.context_today(self)
        partners = self.sudo()
        cursor = params.get_param(CURSOR_PARAM) or ""
        company_id, _sep, last_id = cursor.partition(":")
        company_id = int(company_id or 0)
        last_id = int(last_id or 0)
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("id", ">=", company_id)], order="id")
        )
        # candidates still to score, counted once per call for the progress
        pending = {
            company.id: partners._travel_value_count(
                company, last_id if company.id == company_id else 0
            )
            for company in companies
        }
        done = batches = 0
        for company in companies:
            if not pending[company.id]:
                continue
            start = last_id if company.id == company_id else 0
            run = partners._travel_value_prepare(company, today)
            while True:
                batch_ids = partners._travel_value_candidates(run, start, batch_size)
                if batch_ids:
                    partners._travel_value_process(run, batch_ids)
                    done += len(batch_ids)
                    start = batch_ids[-1]
                    batches += 1
                    pending[company.id] = max(0, pending[company.id] - len(batch_ids))
                if len(batch_ids) < batch_size:
                    pending[company.id] = 0
                    break
                params.set_param(CURSOR_PARAM, f"{company.id}:{start}")
                remaining = sum(pending.values())
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                if batches >= max_batches and remaining:
                    partners._travel_value_release(run)
                    return
            partners._travel_value_release(run)
        params.set_param(CURSOR_PARAM, False)
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)

    @api.model
    def _travel_value_count(self, company, after_id):
        """Partners ``company`` has to look at: those with a completed trip in
        the company, and those it scored before (to reset or hand over
        partners who no longer qualify)."""
        self.env["travel.booking"].flush_model(["partner_id", "company_id", "state"])
        self.env["res.partner"].flush_model(["value_company_id"])
        [(count,)] = self.env.execute_query(
            SQL(
                """SELECT COUNT(*) FROM res_partner p
                    WHERE p.id > %(after)s
                      AND (p.value_company_id = %(company)s OR EXISTS (
                           SELECT 1 FROM travel_booking b
                            WHERE b.partner_id = p.id
                              AND b.company_id = %(company)s
                              AND b.state = 'done'))""",
                after=after_id,
                company=company.id,
            )
        )
        return count

    @api.model
    def _travel_value_candidates(self, run, after_id, limit):
        """Ids of the next partners to score (see ``_travel_value_count``)."""
        self.env["res.partner"].flush_model(["value_company_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM (
                       SELECT partner_id AS id FROM %(table)s
                        WHERE partner_id > %(after)s
                       UNION
                       SELECT id FROM res_partner
                        WHERE value_company_id = %(company)s AND id > %(after)s
                   ) candidate
                   ORDER BY id LIMIT %(limit)s""",
                table=SQL.identifier(run["table"]),
                after=after_id,
                company=run["company"].id,
                limit=limit,
            )
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------

    @api.model
    def _travel_value_trip_date_sql(self, alias="b"):
        """A trip is dated by its return, else its departure, else creation."""
        return SQL(
            "COALESCE(%(a)s.return_date, %(a)s.departure_date,"
            " %(a)s.create_date::date)",
            a=SQL.identifier(alias),
        )

    @api.model
    def _travel_value_retention(self, company, today):
        """Measure the company's retention for the current month and store it.

        Customers with a trip in the 12 whole months before last who also have
        one in the last 12 whole months, over the former (see the rules module).
        """
        month = today.replace(day=1)
        self.env["travel.booking"].flush_model()
        [(previous, retained)] = self.env.execute_query(
            SQL(
                """
            WITH trip AS (
                SELECT b.partner_id, %(trip_date)s AS trip_date
                  FROM travel_booking b
                 WHERE b.company_id = %(company)s AND b.state = 'done'
            ), previous AS (
                SELECT DISTINCT partner_id FROM trip
                 WHERE trip_date >= %(start)s AND trip_date < %(middle)s
            ), recent AS (
                SELECT DISTINCT partner_id FROM trip
                 WHERE trip_date >= %(middle)s AND trip_date < %(end)s
            )
            SELECT (SELECT COUNT(*) FROM previous),
                   (SELECT COUNT(*) FROM previous JOIN recent USING (partner_id))
            """,
                trip_date=self._travel_value_trip_date_sql(),
                company=company.id,
                start=month - relativedelta(months=24),
                middle=month - relativedelta(months=12),
                end=month,
            )
        )
        rate = rules_lib.retention_rate(
            previous, retained, company._travel_value_rules()
        )
        if (
            company.travel_value_retention_date != month
            or company.travel_value_retention_rate != rate
        ):
            company.sudo().write(
                {
                    "travel_value_retention_rate": rate,
                    "travel_value_retention_date": month,
                }
            )
        return rate

    @api.model
    def _travel_value_currency_rates(self, company, today):
        """Factor converting each booking currency to the company currency."""
        groups = (
            self.env["travel.booking"]
            .sudo()
            ._read_group(
                [("company_id", "=", company.id), ("state", "=", "done")],
                ["currency_id"],
            )
        )
        target = company.currency_id
        factors = {target.id: 1.0}
        for (currency,) in groups:
            if currency and currency != target:
                factors[currency.id] = currency._get_conversion_rate(
                    currency, target, company, today
                )
        return factors

    @api.model
    def _travel_value_prepare(self, company, today):
        """Everything a company's batches share, computed once per call.

        - the company's retention (stored on the company when it changes);
        - a snapshot of the company's customer population in a temporary
          table (``ON COMMIT PRESERVE ROWS``, so it survives the commits
          between batches): trip statistics per customer and their RFM
          scores, ranked in SQL over the whole population;
        - the co-occurrence counts used for recommendations.
        Free it with ``_travel_value_release``.
        """
        self.env["travel.booking"].flush_model()
        self.env["travel.booking.line"].flush_model()
        table = f"travel_value_population_{company.id}"
        factors = self._travel_value_currency_rates(company, today)
        rates = SQL(", ").join(
            SQL("(%s, %s::numeric)", currency_id, repr(factor))
            for currency_id, factor in factors.items()
        )
        basis = (
            SQL("trip.total_cc")
            if company.travel_value_monetary_basis == "total"
            else SQL("trip.margin_cc")
        )
        window_start = today - relativedelta(months=company.travel_value_window_months)
        self.env.execute_query(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
        self.env.execute_query(
            SQL(
                """
            CREATE TEMPORARY TABLE %(table)s AS
            WITH rate(currency_id, factor) AS (VALUES %(rates)s),
            trip AS (
                SELECT b.partner_id,
                       %(trip_date)s AS trip_date,
                       COALESCE(b.margin, 0) * rate.factor AS margin_cc,
                       COALESCE(b.amount_total, 0) * rate.factor AS total_cc
                  FROM travel_booking b
                  JOIN rate ON rate.currency_id = b.currency_id
                 WHERE b.company_id = %(company)s AND b.state = 'done'
            ),
            stat AS (
                SELECT trip.partner_id,
                       COUNT(*) AS total_trips,
                       MIN(trip.trip_date) AS first_trip,
                       MAX(trip.trip_date) AS last_trip,
                       ROUND(SUM(trip.margin_cc), %(digits)s) AS historical_margin,
                       COUNT(*) FILTER (WHERE trip.trip_date >= %(start)s)
                           AS window_trips,
                       MAX(trip.trip_date) FILTER (WHERE trip.trip_date >= %(start)s)
                           AS window_last,
                       ROUND(COALESCE(SUM(%(basis)s)
                           FILTER (WHERE trip.trip_date >= %(start)s), 0), %(digits)s)
                           AS window_monetary
                  FROM trip
                 GROUP BY trip.partner_id
            ),
            ranked AS (
                SELECT partner_id,
                       RANK() OVER (ORDER BY window_last) AS r_rank,
                       COUNT(*) OVER (PARTITION BY window_last) AS r_ties,
                       RANK() OVER (ORDER BY window_trips) AS f_rank,
                       COUNT(*) OVER (PARTITION BY window_trips) AS f_ties,
                       RANK() OVER (ORDER BY window_monetary) AS m_rank,
                       COUNT(*) OVER (PARTITION BY window_monetary) AS m_ties,
                       COUNT(*) OVER () AS population
                  FROM stat
                 WHERE window_trips > 0
            )
            SELECT stat.partner_id, stat.total_trips, stat.window_trips,
                   stat.first_trip, stat.last_trip, stat.historical_margin,
                   COALESCE(%(r_score)s, 0) AS rfm_r,
                   COALESCE(%(f_score)s, 0) AS rfm_f,
                   COALESCE(%(m_score)s, 0) AS rfm_m
              FROM stat
              LEFT JOIN ranked ON ranked.partner_id = stat.partner_id
            """,
                table=SQL.identifier(table),
                rates=rates,
                trip_date=self._travel_value_trip_date_sql(),
                company=company.id,
                digits=company.currency_id.decimal_places,
                start=window_start,
                basis=basis,
                r_score=_score_sql("r_rank", "r_ties"),
                f_score=_score_sql("f_rank", "f_ties"),
                m_score=_score_sql("m_rank", "m_ties"),
            )
        )
        self.env.execute_query(
            SQL(
                "ALTER TABLE %(table)s ADD PRIMARY KEY (partner_id); ANALYZE %(table)s",
                table=SQL.identifier(table),
            )
        )
        items_table = self._travel_recommendation_items_snapshot(company)
        rules = company._travel_value_rules()
        return {
            "company": company,
            "today": today,
            "rules": rules,
            "texts": self._travel_value_texts(company, rules),
            "retention": self._travel_value_retention(company, today),
            "table": table,
            "items_table": items_table,
            "matrix": self._travel_recommendation_matrix(company, items_table),
        }

    @api.model
    def _travel_value_release(self, run):
        for table in (run["table"], run["items_table"]):
            self.env.execute_query(
                SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table))
            )

    def _travel_value_process(self, run, partner_ids):
        """Score one batch of partners for the run's company; write what
        changed.

        One query reads, for the whole batch, the population snapshot, the
        company owning each partner's scores (the company of their latest
        completed trip) and the values stored today. Partners owned by another
        company (shared partners whose latest trip is elsewhere) are left to
        it; partners without any completed trip go back to the defaults.
        Returns the ids written.
        """
        if not partner_ids:
            return []
        company, today = run["company"], run["today"]
        self.env["travel.booking"].flush_model(["partner_id", "company_id", "state"])
        self.env["res.partner"].flush_model(VALUE_FIELDS)
        current = SQL(", ").join(
            SQL("p.%s", SQL.identifier(name)) for name in VALUE_FIELDS
        )
        rows = self.env.execute_query(
            SQL(
                """
            WITH owner AS (
                SELECT DISTINCT ON (b.partner_id) b.partner_id, b.company_id
                  FROM travel_booking b
                 WHERE b.partner_id = ANY(%(ids)s) AND b.state = 'done'
                 ORDER BY b.partner_id, %(trip_date)s DESC, b.id DESC
            )
            SELECT p.id, owner.company_id,
                   COALESCE(s.total_trips, 0), COALESCE(s.window_trips, 0),
                   s.first_trip, s.last_trip, COALESCE(s.historical_margin, 0),
                   COALESCE(s.rfm_r, 0), COALESCE(s.rfm_f, 0), COALESCE(s.rfm_m, 0),
                   %(current)s
              FROM res_partner p
              LEFT JOIN owner ON owner.partner_id = p.id
              LEFT JOIN %(table)s s ON s.partner_id = p.id
             WHERE p.id = ANY(%(ids)s)
             ORDER BY p.id
            """,
                ids=list(partner_ids),
                trip_date=self._travel_value_trip_date_sql(),
                current=current,
                table=SQL.identifier(run["table"]),
            )
        )
        currency = company.currency_id
        changes = {}
        scored = {}  # partner id -> (segment, company id) or None (no trips)
        for row in rows:
            partner_id, owner_id = row[0], row[1]
            stored = dict(zip(VALUE_FIELDS, row[10:], strict=True))
            if owner_id and owner_id != company.id:
                continue
            if not owner_id:
                new = dict(VALUE_DEFAULTS)
                scored[partner_id] = None
            else:
                stats = rules_lib.CustomerStats(
                    total_trips=row[2],
                    window_trips=row[3],
                    first_trip=row[4],
                    last_trip=row[5],
                    historical_margin=row[6],
                )
                new = self._travel_value_values(run, stats, row[7:10])
                scored[partner_id] = (new["value_segment"], company.id)
            if not self._travel_value_same(stored, new, currency):
                changes[partner_id] = new
        if changes:
            self._travel_value_write(changes)
        self._travel_value_update_history(scored, today)
        self._travel_value_update_recommendations(run, scored)
        return list(changes)

    @api.model
    def _travel_value_same(self, current, new, currency):
        for name in VALUE_FIELDS:
            old, value = current[name], new[name]
            if name == "customer_lifetime_value":
                if currency.compare_amounts(old or 0.0, value or 0.0):
                    return False
            elif (old or None) != (value or None):
                return False
        return True

    @api.model
    def _travel_value_values(self, run, stats, scores):
        """New stored values of a customer with at least one completed trip."""
        rules, today, company = run["rules"], run["today"], run["company"]
        recency, frequency, monetary = scores
        interval = rules_lib.usual_interval(stats, rules)
        at_risk_date = stats.last_trip + timedelta(
            days=rules_lib.days_until_risk(interval, rules.risk_threshold)
        )
        rfm_total = recency + frequency + monetary
        stage, stage_rule = rules_lib.lifecycle_stage(stats, today, at_risk_date, rules)
        segment, segment_rule = rules_lib.value_segment(
            stats, rfm_total, today, at_risk_date, rules
        )
        clv, average, per_year, years = rules_lib.lifetime_value(
            stats, stage, run["retention"], rules
        )
        clv = company.currency_id.round(clv)
        values = {
            "rfm_recency": recency,
            "rfm_frequency": frequency,
            "rfm_monetary": monetary,
            "rfm_score": rfm_total,
            "value_segment": segment,
            "lifecycle_stage": stage,
            "customer_lifetime_value": clv,
            "value_currency_id": company.currency_id.id,
            "value_company_id": company.id,
            "value_trip_count": stats.total_trips,
            "value_window_trip_count": stats.window_trips,
            "value_first_trip_date": stats.first_trip,
            "value_last_trip_date": stats.last_trip,
            "value_usual_interval": interval,
            "value_at_risk_date": at_risk_date,
        }
        values["value_explanation"] = self._travel_value_explain(
            run,
            values,
            segment_rule,
            stage_rule,
            (stats.historical_margin, average, per_year, years),
        )
        return values

    @api.model
    def _travel_value_texts(self, company, rules):
        """Sentences of the explanation in the company's language, translated
        once per run: templates with named placeholders for what varies per
        customer, the rules' thresholds already filled in."""
        lang_code = company.partner_id.lang or "en_US"
        env = self.with_context(lang=lang_code).env
        _ = env._
        lang = env["res.lang"]._get_data(code=lang_code)
        if not lang:
            lang = env["res.lang"]._get_data(code="en_US")
        currency = company.currency_id
        separator = lang.thousands_sep or ""
        point = lang.decimal_point or "."

        def format_amount(amount):
            text = f"{amount:,.{currency.decimal_places}f}"
            text = text.replace(",", "\0").replace(".", point).replace("\0", separator)
            if currency.position == "before":
                return f"{currency.symbol}\N{NO-BREAK SPACE}{text}"
            return f"{text}\N{NO-BREAK SPACE}{currency.symbol}"

        date_format = lang.date_format or "%m/%d/%Y"
        lost = _("last trip more than %(days)s days ago", days=rules.lost_days)
        risk = _("churn risk at or above %(t)s", t=rules.risk_threshold)
        return {
            "format_amount": format_amount,
            "format_date": lambda day: day.strftime(date_format),
            "segments": dict(self._fields["value_segment"]._description_selection(env)),
            "stages": dict(self._fields["lifecycle_stage"]._description_selection(env)),
            "trips": _(
                "%(trips)s completed trip(s) with %(company)s, first on %(first)s, "
                "last on %(last)s; %(window)s in the last %(months)s months."
            ),
            "rfm": _(
                "RFM %(r)s-%(f)s-%(m)s (R+F+M = %(total)s), ranked against the "
                "company's customers with trips in the window."
            ),
            "no_rfm": _("No trip in the analysis window: no RFM scores."),
            "interval": _(
                "Usual interval between trips: %(interval)s days; churn risk "
                "reaches %(threshold)s on %(date)s without a new trip."
            ),
            "decision": _(
                "Segment %(segment)s: %(why)s. Stage %(stage)s: %(stage_why)s."
            ),
            "clv_churned": _(
                "Lifetime value %(clv)s: the margin so far, nothing predicted "
                "for a churned customer."
            ),
            "clv": _(
                "Lifetime value %(clv)s = margin so far %(historical)s + "
                "%(average)s per trip x %(per_year)s trips a year x %(years)s "
                "years (company retention %(retention)s)."
            ),
            "segment_reasons": {
                "lost_days": lost,
                "risk": risk,
                "high_score": _("R+F+M at or above %(score)s", score=rules.high_score),
                "new_days": _(
                    "a single trip within the last %(days)s days", days=rules.new_days
                ),
                "potential_score": _(
                    "R+F+M at or above %(score)s", score=rules.potential_score
                ),
                "low": _("R+F+M below %(score)s", score=rules.potential_score),
            },
            "stage_reasons": {
                "lost_days": lost,
                "risk": risk,
                "loyal_trips": _(
                    "at least %(trips)s trips in the window", trips=rules.loyal_trips
                ),
                "repeat": _("more than one trip"),
                "first_time": _("a single trip"),
            },
        }

    @api.model
    def _travel_value_explain(self, run, values, segment_rule, stage_rule, clv_parts):
        """A few sentences telling a manager why the customer scores so."""
        texts, rules, company = run["texts"], run["rules"], run["company"]
        day, money = texts["format_date"], texts["format_amount"]
        lines = [
            texts["trips"]
            % {
                "trips": values["value_trip_count"],
                "company": company.name,
                "first": day(values["value_first_trip_date"]),
                "last": day(values["value_last_trip_date"]),
                "window": values["value_window_trip_count"],
                "months": rules.window_months,
            }
        ]
        if values["rfm_score"]:
            lines.append(
                texts["rfm"]
                % {
                    "r": values["rfm_recency"],
                    "f": values["rfm_frequency"],
                    "m": values["rfm_monetary"],
                    "total": values["rfm_score"],
                }
            )
        else:
            lines.append(texts["no_rfm"])
        lines.append(
            texts["interval"]
            % {
                "interval": values["value_usual_interval"],
                "threshold": rules.risk_threshold,
                "date": day(values["value_at_risk_date"]),
            }
        )
        lines.append(
            texts["decision"]
            % {
                "segment": texts["segments"][values["value_segment"]],
                "why": texts["segment_reasons"][segment_rule],
                "stage": texts["stages"][values["lifecycle_stage"]],
                "stage_why": texts["stage_reasons"][stage_rule],
            }
        )
        historical, average, per_year, years = clv_parts
        clv = money(values["customer_lifetime_value"])
        if values["lifecycle_stage"] == "churned":
            lines.append(texts["clv_churned"] % {"clv": clv})
        else:
            lines.append(
                texts["clv"]
                % {
                    "clv": clv,
                    "historical": money(historical),
                    "average": money(average),
                    "per_year": f"{per_year:.2f}",
                    "years": f"{years:.2f}",
                    "retention": f"{run['retention']:.2f}",
                }
            )
        return "\n".join(lines)

    @api.model
    def _travel_value_write(self, changes):
        """Write changed values in one UPDATE ... FROM unnest(arrays) statement.

        Going around ``write`` is deliberate: a run touches up to every customer
        and each gets distinct values (lifetime value, explanation), so grouping
        identical values would not reduce the number of statements. No tracking
        message is produced (none of these fields is tracked; the segment
        history keeps the audit trail), and write_date/write_uid are set like
        the ORM does. Caches are invalidated and dependent fields recomputed.
        One array parameter per column keeps the statement small whatever the
        batch size.
        """
        columns = SQL(", ").join(SQL.identifier(name) for name in ["id", *VALUE_FIELDS])
        assignments = SQL(", ").join(
            SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
            for name in VALUE_FIELDS
        )
        arrays = SQL(", ").join(
            [SQL("%s::int4[]", list(changes))]
            + [
                SQL(
                    "%s::%s[]",
                    [new[name] for new in changes.values()],
                    SQL(sql_type),
                )
                for name, sql_type in VALUE_COLUMNS
            ]
        )
        self.env.execute_query(
            SQL(
                """UPDATE res_partner AS p
                      SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(arrays)s) AS v(%(columns)s)
                    WHERE p.id = v.id""",
                assignments=assignments,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                arrays=arrays,
                columns=columns,
            )
        )
        partners = self.env["res.partner"].browse(list(changes))
        partners.invalidate_recordset(VALUE_FIELDS + ["write_date", "write_uid"])
        partners.modified(VALUE_FIELDS)
        _logger.info("Customer value: %s partner(s) updated", len(changes))

    @api.model
    def _travel_value_update_history(self, scored, today):
        """Close the open history row of partners whose segment (or scoring
        company) changed and open a row for the new segment."""
        if not scored:
            return
        History = self.env["travel.segment.history"].sudo()
        open_rows = History.search(
            [("partner_id", "in", list(scored)), ("date_to", "=", False)]
        )
        by_partner = {row.partner_id.id: row for row in open_rows}
        to_close = History
        to_create = []
        for partner_id, wanted in scored.items():
            row = by_partner.get(partner_id)
            if row and wanted == (row.value_segment, row.company_id.id):
                continue
            if row:
                to_close |= row
            if wanted:
                to_create.append(
                    {
                        "partner_id": partner_id,
                        "company_id": wanted[1],
                        "value_segment": wanted[0],
                        "previous_segment": row.value_segment if row else False,
                        "date_from": today,
                    }
                )
        self._travel_value_history_close(to_close, today)
        self._travel_value_history_insert(to_create)

    @api.model
    def _travel_value_history_close(self, rows, today):
        """End the given history rows today, in one UPDATE (a row opened later
        than today, the clock set back, ends the day it started, never before).
        Segment history is written in SQL like the partner scores: a run
        opens and closes a row for up to every customer."""
        if not rows:
            return
        History = self.env["travel.segment.history"]
        History.flush_model()
        self.env.execute_query(
            SQL(
                """UPDATE travel_segment_history
                      SET date_to = GREATEST(date_from, %(today)s),
                          duration_days = GREATEST(date_from, %(today)s) - date_from,
                          write_uid = %(uid)s, write_date = %(now)s
                    WHERE id = ANY(%(ids)s)""",
                today=today,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                ids=rows.ids,
            )
        )
        rows.invalidate_recordset(["date_to", "duration_days", "write_date"])
        rows.modified(["date_to", "duration_days"])

    @api.model
    def _travel_value_history_insert(self, vals_list):
        """Open the given history rows in one INSERT (see
        ``_travel_value_history_close``)."""
        if not vals_list:
            return
        self.env.execute_query(
            SQL(
                """INSERT INTO travel_segment_history
                          (partner_id, company_id, value_segment, previous_segment,
                           date_from, duration_days, customer_count,
                           create_uid, create_date, write_uid, write_date)
                   SELECT r.partner_id, r.company_id, r.value_segment,
                          r.previous_segment, %(today)s, 0, 1,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(partner)s::int4[], %(company)s::int4[],
                                 %(segment)s::varchar[], %(previous)s::varchar[])
                          AS r(partner_id, company_id, value_segment,
                               previous_segment)""",
                today=vals_list[0]["date_from"],
                uid=self.env.uid,
                now=fields.Datetime.now(),
                partner=[vals["partner_id"] for vals in vals_list],
                company=[vals["company_id"] for vals in vals_list],
                segment=[vals["value_segment"] for vals in vals_list],
                previous=[vals["previous_segment"] or None for vals in vals_list],
            )
        )
        self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list]
        ).invalidate_recordset(["travel_segment_history_ids"])

    # ------------------------------------------------------------------
    # Recommendations
    # ------------------------------------------------------------------

    @api.model
    def _travel_recommendation_items_sql(self, company, partner_ids=None):
        """Per customer of ``company``, the items they bought on completed
        trips: service types of the booking lines and, when bookings have
        destination countries, the countries. Limited to ``partner_ids`` when
        given."""
        partner_filter = (
            SQL("AND b.partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        sources = [
            SQL(
                """SELECT DISTINCT b.partner_id, 'service' AS kind,
                          l.service_type::varchar AS key
                     FROM travel_booking b
                     JOIN travel_booking_line l ON l.booking_id = b.id
                    WHERE b.company_id = %s AND b.state = 'done' %s""",
                company.id,
                partner_filter,
            )
        ]
        field = self.env["travel.booking"]._fields.get("destination_country_ids")
        if field and field.type == "many2many":
            sources.append(
                SQL(
                    """SELECT DISTINCT b.partner_id, 'destination' AS kind,
                              rel.%(country)s::varchar AS key
                         FROM travel_booking b
                         JOIN %(relation)s rel ON rel.%(booking)s = b.id
                        WHERE b.company_id = %(company)s AND b.state = 'done'
                              %(partners)s""",
                    country=SQL.identifier(field.column2),
                    relation=SQL.identifier(field.relation),
                    booking=SQL.identifier(field.column1),
                    company=company.id,
                    partners=partner_filter,
                )
            )
        return SQL(" UNION ALL ").join(sources)

    @api.model
    def _travel_recommendation_items_snapshot(self, company):
        """Items of every customer of ``company`` (see
        ``_travel_recommendation_items_sql``) in a temporary table indexed by
        customer, read once per run: by the co-occurrence matrix and by each
        batch, instead of joining bookings and lines again per batch."""
        table = f"travel_value_items_{company.id}"
        self.env.execute_query(
            SQL(
                """DROP TABLE IF EXISTS %(table)s;
                   CREATE TEMPORARY TABLE %(table)s AS %(items)s;
                   CREATE INDEX ON %(table)s (partner_id);
                   ANALYZE %(table)s""",
                table=SQL.identifier(table),
                items=self._travel_recommendation_items_sql(company),
            )
        )
        return table

    @api.model
    def _travel_recommendation_matrix(self, company, items_table=None):
        """Co-occurrence counts of the company, computed once per call:
        ``{(kind, seed): [(target, together, customers with the seed)]}`` for
        pairs of items bought by at least RECOMMENDATION_MIN_SUPPORT customers.
        ``items_table`` is the run's snapshot of the items, if it has one.
        """
        items = (
            SQL("SELECT partner_id, kind, key FROM %s", SQL.identifier(items_table))
            if items_table
            else self._travel_recommendation_items_sql(company)
        )
        rows = self.env.execute_query(
            SQL(
                """
            WITH item AS (%(items)s),
            item_count AS (
                SELECT kind, key, COUNT(*) AS customers FROM item GROUP BY kind, key
            ),
            pair AS (
                SELECT a.kind, a.key AS seed, b.key AS target, COUNT(*) AS together
                  FROM item a
                  JOIN item b ON b.partner_id = a.partner_id AND b.kind = a.kind
                                 AND b.key <> a.key
                 GROUP BY a.kind, a.key, b.key
                HAVING COUNT(*) >= %(support)s
            )
            SELECT pair.kind, pair.seed, pair.target, pair.together,
                   item_count.customers
              FROM pair
              JOIN item_count ON item_count.kind = pair.kind
                             AND item_count.key = pair.seed
            """,
                items=items,
                support=RECOMMENDATION_MIN_SUPPORT,
            )
        )
        matrix = {}
        for kind, seed, target, together, customers in rows:
            matrix.setdefault((kind, seed), []).append((target, together, customers))
        return matrix

    @api.model
    def _travel_recommendation_wanted(self, run, partner_ids):
        """Recommendations each partner should have.

        Returns ``{(partner_id, kind, key): info}``. A stated preferred
        destination not travelled to yet scores 1. Otherwise, for each item the
        partner has not bought (target), the item they bought (seed) giving the
        highest confidence (customers with both / customers with the seed;
        then more customers with both, then the seed's key) is kept, and per
        partner and kind the best RECOMMENDATION_LIMIT targets (confidence,
        then support, then key).
        """
        company, matrix = run["company"], run["matrix"]
        owned = {}
        items = (
            SQL(
                "SELECT partner_id, kind, key FROM %s WHERE partner_id = ANY(%s)",
                SQL.identifier(run["items_table"]),
                list(partner_ids),
            )
            if run.get("items_table")
            else self._travel_recommendation_items_sql(company, partner_ids)
        )
        for partner_id, kind, key in self.env.execute_query(items):
            owned.setdefault(partner_id, set()).add((kind, key))
        wanted = {}
        for partner_id, items in owned.items():
            best = {}
            for kind, seed in items:
                for target, together, customers in matrix.get((kind, seed), ()):
                    if (kind, target) in items:
                        continue
                    sort_key = (-Fraction(together, customers), -together, seed)
                    if (kind, target) not in best or sort_key < best[(kind, target)][0]:
                        best[(kind, target)] = (
                            sort_key,
                            {
                                "score": round(together / customers, 4),
                                "support": together,
                                "seed": seed,
                                "customers": customers,
                            },
                        )
            per_kind = {}
            for (kind, target), (sort_key, info) in best.items():
                per_kind.setdefault(kind, []).append(
                    (sort_key[0], sort_key[1], target, info)
                )
            for kind, options in per_kind.items():
                options.sort(key=lambda option: option[:3])
                for _conf, _support, target, info in options[:RECOMMENDATION_LIMIT]:
                    wanted[(partner_id, kind, target)] = info
        wanted.update(self._travel_recommendation_preferred(company, partner_ids))
        return wanted

    @api.model
    def _travel_recommendation_preferred(self, company, partner_ids):
        """Preferred destinations of the traveller profile (when the profile
        feature is installed) that the customer has not travelled to yet, in
        one query for the batch."""
        preferred = self._fields.get("preferred_destination_ids")
        if not preferred or not partner_ids:
            return {}
        visited = SQL()
        destinations = self.env["travel.booking"]._fields.get("destination_country_ids")
        if destinations and destinations.type == "many2many":
            self.env["travel.booking"].flush_model(
                ["partner_id", "company_id", "state", "destination_country_ids"]
            )
            visited = SQL(
                """AND NOT EXISTS (
                       SELECT 1 FROM travel_booking b
                         JOIN %(relation)s dest ON dest.%(booking)s = b.id
                        WHERE b.partner_id = pref.%(partner)s
                          AND b.company_id = %(company)s AND b.state = 'done'
                          AND dest.%(country)s = pref.%(preferred)s)""",
                relation=SQL.identifier(destinations.relation),
                booking=SQL.identifier(destinations.column1),
                country=SQL.identifier(destinations.column2),
                partner=SQL.identifier(preferred.column1),
                preferred=SQL.identifier(preferred.column2),
                company=company.id,
            )
        self.flush_model(["preferred_destination_ids"])
        rows = self.env.execute_query(
            SQL(
                """SELECT pref.%(partner)s, pref.%(preferred)s
                     FROM %(relation)s pref
                    WHERE pref.%(partner)s = ANY(%(ids)s) %(visited)s""",
                relation=SQL.identifier(preferred.relation),
                partner=SQL.identifier(preferred.column1),
                preferred=SQL.identifier(preferred.column2),
                ids=list(partner_ids),
                visited=visited,
            )
        )
        return {
            (partner_id, "destination", str(country_id)): {
                "score": 1.0,
                "support": 0,
                "seed": False,
                "customers": 0,
            }
            for partner_id, country_id in rows
        }

    @api.model
    def _travel_value_update_recommendations(self, run, scored):
        """Refresh recommendations of the batch: unlink what no longer applies,
        update what changed and create the new ones (nothing when unchanged)."""
        company = run["company"]
        Recommendation = (
            self.env["travel.recommendation"]
            .sudo()
            .with_context(lang=company.partner_id.lang or "en_US")
        )
        owned = [pid for pid, wanted in scored.items() if wanted]
        wanted = self._travel_recommendation_wanted(run, owned) if owned else {}
        existing = Recommendation.search([("partner_id", "in", list(scored))])
        labels = Recommendation._service_labels()
        to_unlink = Recommendation
        seen = set()
        for rec in existing:
            key = (rec.partner_id.id, rec.kind, rec._key())
            if key not in wanted or rec.company_id != company or key in seen:
                to_unlink |= rec
                continue
            seen.add(key)
            vals = Recommendation._prepare_values(company, key, wanted[key], labels)
            changed = rec._changed_values(vals)
            if changed:
                rec.write(changed)
        if to_unlink:
            to_unlink.unlink()
        creates = [
            Recommendation._prepare_values(company, key, info, labels)
            for key, info in wanted.items()
            if key not in seen
        ]
        if creates:
            self._travel_recommendation_insert(creates)

    @api.model
    def _travel_recommendation_insert(self, vals_list):
        """Create recommendations in one INSERT: a first run creates a few
        for every customer (see ``_travel_value_history_close``)."""
        names = (
            ("partner_id", "int4"),
            ("company_id", "int4"),
            ("kind", "varchar"),
            ("service_type", "varchar"),
            ("country_id", "int4"),
            ("value", "varchar"),
            ("score", "float8"),
            ("support", "int4"),
            ("reason", "text"),
        )
        self.env["travel.recommendation"].flush_model()
        self.env.execute_query(
            SQL(
                """INSERT INTO travel_recommendation
                          (%(columns)s, create_uid, create_date, write_uid,
                           write_date)
                   SELECT %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(arrays)s) AS r(%(columns)s)""",
                columns=SQL(", ").join(SQL.identifier(name) for name, _t in names),
                arrays=SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        [
                            None if vals[name] is False else vals[name]
                            for vals in vals_list
                        ],
                        SQL(sql_type),
                    )
                    for name, sql_type in names
                ),
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list}
        ).invalidate_recordset(["travel_recommendation_ids"])


def _score_sql(rank, ties):
    """SQL twin of ``customer_value_rules.rank_score`` (integer arithmetic)."""
    return SQL(
        """CASE WHEN population = 1 THEN 3 ELSE LEAST(5,
               1 + (5 * (2 * (%(rank)s - 1) + %(ties)s - 1))
                   / (2 * (population - 1))) END""",
        rank=SQL.identifier(rank),
        ties=SQL.identifier(ties),
    )
