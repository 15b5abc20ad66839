from odoo import fields, models, tools
from odoo.tools import SQL


class TravelCohortReport(models.Model):
    """Retention by first-trip cohort month.

    One row per customer, company and calendar month in which the customer
    completed a trip. ``months_since_first`` is 0 in the cohort month; the
    retention measure is 100 / cohort size, so its sum in a cell (cohort x
    months since first trip) is the percentage of the cohort travelling again
    that month."""

    _name = "travel.cohort.report"
    _description = "Customer Retention by Cohort"
    _auto = False
    _order = "cohort_month desc, months_since_first"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    cohort_month = fields.Date(string="First Trip Month", readonly=True)
    trip_month = fields.Date(readonly=True)
    months_since_first = fields.Integer(
        string="Months since First Trip", readonly=True, aggregator="max"
    )
    cohort_size = fields.Integer(readonly=True, aggregator="max")
    customer_count = fields.Integer(string="Active Customers", readonly=True)
    retention = fields.Float(
        string="Retention (%)",
        readonly=True,
        digits=(5, 1),
        help="Share of the cohort with a completed trip in the month.",
    )

    def _query(self):
        trip_date = self.env["res.partner"]._travel_value_trip_date_sql()
        return SQL(
            """
            WITH trip AS (
                SELECT b.id, b.partner_id, b.company_id,
                       DATE_TRUNC('month', %(trip_date)s)::date AS trip_month
                  FROM travel_booking b
                 WHERE b.state = 'done'
            ),
            cohort AS (
                SELECT partner_id, company_id, MIN(trip_month) AS cohort_month
                  FROM trip
                 GROUP BY partner_id, company_id
            ),
            size AS (
                SELECT company_id, cohort_month, COUNT(*) AS cohort_size
                  FROM cohort
                 GROUP BY company_id, cohort_month
            )
            SELECT MIN(trip.id) AS id,
                   trip.partner_id,
                   trip.company_id,
                   cohort.cohort_month,
                   trip.trip_month,
                   (EXTRACT(YEAR FROM AGE(trip.trip_month, cohort.cohort_month)) * 12
                    + EXTRACT(MONTH FROM AGE(trip.trip_month, cohort.cohort_month))
                   )::int AS months_since_first,
                   size.cohort_size,
                   1 AS customer_count,
                   100.0 / size.cohort_size AS retention
              FROM trip
              JOIN cohort ON cohort.partner_id = trip.partner_id
                         AND cohort.company_id = trip.company_id
              JOIN size ON size.company_id = cohort.company_id
                       AND size.cohort_month = cohort.cohort_month
             GROUP BY trip.partner_id, trip.company_id, cohort.cohort_month,
                      trip.trip_month, size.cohort_size
            """,
            trip_date=trip_date,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
