from odoo import fields, models, tools
from odoo.tools import SQL


class TravelCohortReport(models.Model):
    """Retention by first-trip cohort month.

    One row per cohort customer (a customer and company, in the cohort of the
    month of their first completed trip) and per month since that first trip,
    from month 0 to the current month: every month the cohort has been
    observed, travelled or not. ``retained_count`` is 1 when the customer
    completed a trip that month.

    Every row weighs the same (one customer observed in one month), so the
    average of ``retention`` (100 retained, 0 not) over any set of rows is
    retained rows / observed rows: in a cell (cohort x month) the share of the
    cohort travelling that month; in a month's total over several cohorts the
    weighted rate, retained customers of all cohorts / their cohort sizes,
    counting only the cohorts old enough to have reached that month; over
    several months, the average monthly retention. No total adds rates."""

    _name = "travel.cohort.report"
    _description = "Customer Retention by Cohort"
    _auto = False
    _order = "cohort_month desc, months_since_first, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "travel.booking": [
            "partner_id",
            "company_id",
            "state",
            "departure_date",
            "return_date",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    cohort_month = fields.Date(string="First Trip Month", readonly=True)
    trip_month = fields.Date(string="Month", readonly=True)
    months_since_first = fields.Integer(
        string="Months since First Trip", readonly=True, aggregator="max"
    )
    customer_count = fields.Integer(
        string="Customers",
        readonly=True,
        help="Customers of the cohort observed in the month (1 a row): in a "
        "cell, the cohort size; in a month's total, the customers of the "
        "cohorts that have reached that month. Summed over several months it "
        "counts customer-months.",
    )
    retained_count = fields.Integer(
        string="Retained Customers",
        readonly=True,
        help="Customers of the cohort with a completed trip in the month. "
        "Summed over several months it counts customer-months.",
    )
    retention = fields.Float(
        string="Retention (%)",
        readonly=True,
        digits=(5, 1),
        aggregator="avg",
        help="Retained Customers / Customers x 100, for a cell as for any "
        "total or group: each row is one customer in one month, so the "
        "average weighs every cohort by its size.",
    )

    @property
    def _table_query(self):
        """The rows up to the current month of the user's calendar (the
        context's date in tests)."""
        trip_date = self.env["res.partner"]._travel_value_trip_date_sql()
        month = fields.Date.context_today(self).replace(day=1)
        return SQL(
            """
            WITH trip AS (
                SELECT b.id, b.partner_id, b.company_id,
                       DATE_TRUNC('month', %(trip_date)s)::date AS trip_month
                  FROM travel_booking b
                 WHERE b.state = 'done'
            ),
            member AS (
                SELECT partner_id, company_id, MIN(id) AS first_id,
                       MIN(trip_month) AS cohort_month,
                       MAX(trip_month) AS last_month
                  FROM trip
                 GROUP BY partner_id, company_id
            ),
            active AS (
                SELECT DISTINCT partner_id, company_id, trip_month FROM trip
            )
            SELECT m.first_id::bigint * 10000 + s.months AS id,
                   m.partner_id,
                   m.company_id,
                   m.cohort_month,
                   s.trip_month,
                   s.months AS months_since_first,
                   1 AS customer_count,
                   (a.partner_id IS NOT NULL)::int AS retained_count,
                   CASE WHEN a.partner_id IS NULL THEN 0.0 ELSE 100.0 END
                       AS retention
              FROM member m
             CROSS JOIN LATERAL (
                   SELECT o.months,
                          (m.cohort_month + o.months * INTERVAL '1 month')::date
                              AS trip_month
                     FROM generate_series(
                          0, GREATEST(%(age_now)s, %(age_last)s)) AS o(months)
                   ) s
              LEFT JOIN active a ON a.partner_id = m.partner_id
                                AND a.company_id = m.company_id
                                AND a.trip_month = s.trip_month
            """,
            trip_date=trip_date,
            age_now=_months_between(SQL("m.cohort_month"), SQL("%s::date", month)),
            age_last=_months_between(SQL("m.cohort_month"), SQL("m.last_month")),
        )

    def init(self):
        # the report used to be a view of the database: drop it
        tools.drop_view_if_exists(self.env.cr, self._table)


def _months_between(start, end):
    """Whole months from the first of a month to the first of another."""
    return SQL(
        """(EXTRACT(YEAR FROM AGE(%(end)s, %(start)s)) * 12
            + EXTRACT(MONTH FROM AGE(%(end)s, %(start)s)))::int""",
        start=start,
        end=end,
    )
