"""The segmentation engine: the cron's batches and a company's population.

A *run* scores every candidate partner of every company once. It prepares, per
company, a snapshot of the customer population (trip statistics and RFM scores
ranked in SQL, the rule for RFM), then scores batches of partners against it
(``scoring.py``) and drops the snapshot.

Resume: a run of Odoo's cron runner stamps each partner it scores
(``value_scored_at``) in the batch's transaction. A call that stops early (the
batch budget, a crash after some batches were committed) leaves ``remaining``
above 0 and the runner calls the job again with the same ``lastcall`` (the end
of the last complete run): partners stamped since then are no longer
candidates, so the run carries on where it stopped. A direct call (a test, the
demo data, a shell) has no ``lastcall`` in its context: it scores every
candidate and stamps nothing.
"""

import math

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ...tools import customer_value as rules_lib
from ...tools.cron_batch import CronBatch

DEFAULT_BATCH_SIZE = 2000
DEFAULT_MAX_BATCHES = 50


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Cron and actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_travel_segmentation(self, batch_size=None, max_batches=None):
        """Score the candidates company by company (companies and partners in
        id order), at most ``max_batches`` batches of ``batch_size`` partners
        per call. Progress goes through ``CronBatch`` (committed after each
        batch outside tests). Returns how many candidates are left for the
        runner's next call (0: the run went to the end)."""
        params = self.env["ir.config_parameter"].sudo()
        batch_size = batch_size or int(
            params.get_param("travel_crm.value_batch_size", DEFAULT_BATCH_SIZE)
        )
        max_batches = max_batches or int(
            params.get_param("travel_crm.value_max_batches", DEFAULT_MAX_BATCHES)
        )
        today = fields.Date.context_today(self)
        stamp = self._travel_value_run_stamp()
        partners = self.sudo()
        candidates = partners._travel_value_candidates()
        batch = CronBatch(self.env, sum(len(ids) for ids in candidates.values()))
        for company, ids in candidates.items():
            if not max_batches:
                break
            ids = ids[: max_batches * batch_size]
            max_batches -= math.ceil(len(ids) / batch_size)
            run = dict(partners._travel_value_prepare(company, today), stamp=stamp)
            for batch_ids in batch.batches(ids, batch_size):
                partners._travel_value_process(run, batch_ids)
            partners._travel_value_release(run)
        batch.close()
        return batch.remaining

    def _travel_value_score_now(self, companies, today):
        """Score these partners now for each of ``companies`` (each writes the
        partners whose scores it owns), outside any cron run."""
        for company in companies.sorted("id"):
            run = self._travel_value_prepare(company, today)
            for batch_ids in split_every(DEFAULT_BATCH_SIZE, self.ids):
                self._travel_value_process(run, list(batch_ids))
            self._travel_value_release(run)

    # ------------------------------------------------------------------
    # Candidates of a run
    # ------------------------------------------------------------------

    @api.model
    def _travel_value_owner_sql(self, partner_ids=None):
        """The rule for who scores a partner: the company of their latest
        completed trip (by trip date, then booking id). One row per partner
        with a completed trip: ``partner_id, company_id``; only ``partner_ids``
        when given."""
        partners = (
            SQL("AND b.partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        return SQL(
            """SELECT DISTINCT ON (b.partner_id) b.partner_id, b.company_id
                 FROM travel_booking b
                WHERE b.state = 'done' %(partners)s
                ORDER BY b.partner_id, %(trip_date)s DESC, b.id DESC""",
            partners=partners,
            trip_date=self._travel_value_trip_date_sql(),
        )

    @api.model
    def _travel_value_candidates(self):
        """``{company: [partner ids]}`` the run still has to score, companies
        (active ones) and partners in id order: the partners whose latest
        completed trip is with the company, and those it scored before who
        have no completed trip any more (back to the defaults). Each partner
        is the candidate of one company; partners this run already scored are
        left out (see the module's docstring)."""
        self.env["travel.booking"].flush_model()
        self.env["res.partner"].flush_model(["value_company_id", "value_scored_at"])
        rows = self.env.execute_query(
            SQL(
                """
            WITH owner AS (%(owner)s),
            candidate AS (
                SELECT partner_id, company_id FROM owner
                UNION ALL
                SELECT p.id, p.value_company_id FROM res_partner p
                 WHERE p.value_company_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM owner WHERE partner_id = p.id)
            )
            SELECT c.company_id, c.partner_id
              FROM candidate c
              JOIN res_company company ON company.id = c.company_id
              JOIN res_partner p ON p.id = c.partner_id
             WHERE company.active AND %(todo)s
             ORDER BY c.company_id, c.partner_id
            """,
                owner=self._travel_value_owner_sql(),
                todo=self._travel_value_todo_sql(),
            )
        )
        by_company = {}
        for company_id, partner_id in rows:
            by_company.setdefault(company_id, []).append(partner_id)
        companies = self.env["res.company"].sudo()
        return {companies.browse(key): ids for key, ids in by_company.items()}

    @api.model
    def _travel_value_todo_sql(self):
        """Condition on ``res_partner p``: not scored yet by the current run.
        Odoo's cron runner (and "Run Manually") gives the job the end of its
        last complete run as ``lastcall``."""
        if "lastcall" not in self.env.context:
            return SQL("TRUE")
        lastcall = self.env.context["lastcall"]
        if not lastcall:
            return SQL("p.value_scored_at IS NULL")
        return SQL("(p.value_scored_at IS NULL OR p.value_scored_at < %s)", lastcall)

    @api.model
    def _travel_value_run_stamp(self):
        """What the run stamps on the partners it scores (None: not a run of
        the cron runner, nothing is stamped)."""
        return fields.Datetime.now() if "lastcall" in self.env.context else None

    # ------------------------------------------------------------------
    # A company's population, shared by its batches
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
        self.env.execute_query(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
        self.env.execute_query(
            SQL(
                """CREATE TEMPORARY TABLE %(table)s AS %(population)s;
                   ALTER TABLE %(table)s ADD PRIMARY KEY (partner_id);
                   ANALYZE %(table)s""",
                table=SQL.identifier(table),
                population=self._travel_value_population_sql(company, today),
            )
        )
        items_table = self._travel_recommendation_items_snapshot(company)
        rules = company._travel_value_rules()
        return {
            "company": company,
            "today": today,
            "rules": rules,
            "retention": self._travel_value_retention(company, today),
            "table": table,
            "items_table": items_table,
            "matrix": self._travel_recommendation_matrix(items_table),
            "stamp": None,  # the cron's runs stamp the partners they score
        }

    @api.model
    def _travel_value_release(self, run):
        for table in (run["table"], run["items_table"]):
            self.env.execute_query(
                SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table))
            )

    @api.model
    def _travel_value_population_sql(self, company, today):
        """Per customer with a completed trip in ``company``: trip statistics
        in the company currency and the R, F, M scores (0 without a trip in
        the analysis window), columns ``partner_id, total_trips,
        window_trips, first_trip, last_trip, historical_margin, rfm_r, rfm_f,
        rfm_m``."""
        return SQL(
            """
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
            %(ranked)s
            SELECT stat.partner_id, stat.total_trips, stat.window_trips,
                   stat.first_trip, stat.last_trip, stat.historical_margin,
                   COALESCE(%(r_score)s, 0) AS rfm_r,
                   COALESCE(%(f_score)s, 0) AS rfm_f,
                   COALESCE(%(m_score)s, 0) AS rfm_m
              FROM stat
              LEFT JOIN ranked ON ranked.partner_id = stat.partner_id
            """,
            rates=self._travel_value_rates_sql(company, today),
            trip_date=self._travel_value_trip_date_sql(),
            company=company.id,
            digits=company.currency_id.decimal_places,
            start=today - relativedelta(months=company.travel_value_window_months),
            basis=SQL("trip.total_cc")
            if company.travel_value_monetary_basis == "total"
            else SQL("trip.margin_cc"),
            ranked=_RANKED_SQL,
            r_score=_score_sql("r_rank", "r_ties"),
            f_score=_score_sql("f_rank", "f_ties"),
            m_score=_score_sql("m_rank", "m_ties"),
        )

    @api.model
    def _travel_value_rates_sql(self, company, today):
        """``VALUES`` rows ``(currency_id, factor)`` of the company's rates."""
        return SQL(", ").join(
            SQL("(%s, %s::numeric)", currency_id, repr(factor))
            for currency_id, factor in self._travel_value_currency_rates(
                company, today
            ).items()
        )

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


# Ranks of each customer with a trip in the window, over that population:
# rank = 1 + the customers with a strictly worse value, ties = the customers
# with the same value (itself included).
_RANKED_SQL = SQL(
    """ranked AS (
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
    )"""
)


def _score_sql(rank, ties):
    """The rule for an RFM score: the quintile 1..5 of a customer's value
    among the ``population`` of customers with a trip in the window (5 best).

    The customer's share of the *other* customers they beat counts a tie as
    half a win::

        share = (worse + (ties - 1) / 2) / (population - 1)
        score = min(5, 1 + floor(5 * share))

    so shares [0, 0.2) give 1, [0.2, 0.4) give 2, ... and [0.8, 1] give 5.
    Tied customers share a score; a population of one (or everybody tied) sits
    in the middle, 3. Integer arithmetic: a share of exactly 0.2 gives 2.
    A customer without a trip in the window is not ranked (NULL, stored as
    0): ``LEAST`` ignores a NULL, so the first branch keeps it from scoring 5.
    """
    return SQL(
        """CASE WHEN population IS NULL THEN NULL WHEN population = 1 THEN 3
               ELSE LEAST(5,
               1 + (5 * (2 * (%(rank)s - 1) + %(ties)s - 1))
                   / (2 * (population - 1))) END""",
        rank=SQL.identifier(rank),
        ties=SQL.identifier(ties),
    )
