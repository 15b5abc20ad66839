from odoo import fields, models, tools
from odoo.tools import SQL

from .res_partner import (
    LIFECYCLE_STAGES,
    VALUE_SEGMENTS,
)


class TravelCustomerReport(models.Model):
    """One row per customer and company with completed trips: revenue and
    margin by segment and stage, repeat-purchase rate, top customers.

    Amounts are in the company currency: a booking in another currency is
    converted at the rate of its trip date (the date the report dates trips
    by), from the rates of the company's root company, as
    ``res.currency._get_conversion_rate`` does, and rounded per booking."""

    _name = "travel.customer.report"
    _description = "Customer Value Analysis"
    _auto = False
    _order = "margin desc"
    _rec_name = "partner_id"
    # flushed before the report is read (it reads them in SQL)
    _depends = {
        "travel.booking": [
            "partner_id",
            "company_id",
            "currency_id",
            "state",
            "departure_date",
            "return_date",
            "amount_untaxed",
            "amount_total",
            "margin",
        ],
        "res.partner": [
            "value_company_id",
            "value_segment",
            "lifecycle_stage",
            "rfm_score",
            "customer_lifetime_value",
        ],
        "res.currency.rate": ["rate", "name", "company_id", "currency_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    value_segment = fields.Selection(VALUE_SEGMENTS, string="Segment", readonly=True)
    lifecycle_stage = fields.Selection(LIFECYCLE_STAGES, string="Stage", readonly=True)
    rfm_score = fields.Integer(string="RFM Total", readonly=True, aggregator="avg")
    customer_lifetime_value = fields.Monetary(string="Lifetime Value", readonly=True)
    trip_count = fields.Integer(string="Completed Trips", readonly=True)
    first_trip_date = fields.Date(string="First Trip", readonly=True)
    last_trip_date = fields.Date(string="Last Trip", readonly=True)
    revenue = fields.Monetary(
        string="Revenue (untaxed)",
        readonly=True,
        help="Untaxed amount of the completed trips in the company currency, "
        "each booking converted at the rate of its trip date.",
    )
    amount_total = fields.Monetary(
        string="Total",
        readonly=True,
        help="Total of the completed trips in the company currency, each "
        "booking converted at the rate of its trip date.",
    )
    margin = fields.Monetary(
        readonly=True,
        help="Margin of the completed trips in the company currency, each "
        "booking converted at the rate of its trip date.",
    )
    customer_count = fields.Integer(string="Customers", readonly=True)
    repeat_rate = fields.Float(
        string="Repeat Purchase Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a customer with two completed trips or more, else 0: its "
        "average over a group is the share of repeat customers.",
    )

    def _query(self):
        trip_date = self.env["res.partner"]._travel_value_trip_date_sql()
        return SQL(
            """
            SELECT MIN(b.id) AS id,
                   b.partner_id,
                   b.company_id,
                   c.currency_id,
                   CASE WHEN p.value_company_id = b.company_id
                        THEN p.value_segment END AS value_segment,
                   CASE WHEN p.value_company_id = b.company_id
                        THEN p.lifecycle_stage END AS lifecycle_stage,
                   CASE WHEN p.value_company_id = b.company_id
                        THEN p.rfm_score END AS rfm_score,
                   CASE WHEN p.value_company_id = b.company_id
                        THEN p.customer_lifetime_value END AS customer_lifetime_value,
                   COUNT(*) AS trip_count,
                   MIN(%(trip_date)s) AS first_trip_date,
                   MAX(%(trip_date)s) AS last_trip_date,
                   SUM(ROUND(b.amount_untaxed * rate.factor, cc.decimal_places))
                       AS revenue,
                   SUM(ROUND(b.amount_total * rate.factor, cc.decimal_places))
                       AS amount_total,
                   SUM(ROUND(b.margin * rate.factor, cc.decimal_places))
                       AS margin,
                   1 AS customer_count,
                   CASE WHEN COUNT(*) >= 2 THEN 100.0 ELSE 0.0 END AS repeat_rate
              FROM travel_booking b
              JOIN res_partner p ON p.id = b.partner_id
              JOIN res_company c ON c.id = b.company_id
              JOIN res_currency cc ON cc.id = c.currency_id
              CROSS JOIN LATERAL (%(factor)s) rate
             WHERE b.state = 'done'
             GROUP BY b.partner_id, b.company_id, c.currency_id, p.value_company_id,
                      p.value_segment, p.lifecycle_stage, p.rfm_score,
                      p.customer_lifetime_value
            """,
            trip_date=trip_date,
            factor=self._currency_factor_sql(trip_date),
        )

    def _currency_factor_sql(self, trip_date):
        """One row ``factor`` converting booking ``b`` (company ``c``) into
        the company currency at ``trip_date``; 1 when both are the same."""
        return SQL(
            """SELECT CASE WHEN b.currency_id = c.currency_id THEN 1.0
                           ELSE %(company_rate)s / %(booking_rate)s END AS factor""",
            company_rate=self._currency_rate_sql(SQL("c.currency_id"), trip_date),
            booking_rate=self._currency_rate_sql(SQL("b.currency_id"), trip_date),
        )

    def _currency_rate_sql(self, currency, trip_date):
        """Rate of ``currency`` on ``trip_date`` as ``res.currency._get_rates``
        reads it: the last rate on or before the date, the root company's own
        rates before shared ones, 1.0 without any rate."""
        return SQL(
            """COALESCE((SELECT r.rate FROM res_currency_rate r
                          WHERE r.currency_id = %(currency)s
                            AND r.name <= %(trip_date)s
                            AND (r.company_id IS NULL OR r.company_id
                                 = SPLIT_PART(c.parent_path, '/', 1)::int)
                          ORDER BY r.company_id, r.name DESC
                          LIMIT 1), 1.0)""",
            currency=currency,
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
