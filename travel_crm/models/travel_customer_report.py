from odoo import fields, models, tools
from odoo.tools import SQL

from .res_partner_value import LIFECYCLE_STAGES, VALUE_SEGMENTS


class TravelCustomerReport(models.Model):
    """One row per customer and company with completed trips: revenue and
    margin by segment and stage, repeat-purchase rate, top customers.

    Amounts are the bookings' own amounts summed as they are: bookings in a
    currency other than the company's are not converted here (the customer
    value scores on the partner are)."""

    _name = "travel.customer.report"
    _description = "Customer Value Analysis"
    _auto = False
    _order = "margin desc"
    _rec_name = "partner_id"

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
    revenue = fields.Monetary(string="Revenue (untaxed)", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    margin = fields.Monetary(readonly=True)
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
                   SUM(b.amount_untaxed) AS revenue,
                   SUM(b.amount_total) AS amount_total,
                   SUM(b.margin) AS margin,
                   1 AS customer_count,
                   CASE WHEN COUNT(*) >= 2 THEN 100.0 ELSE 0.0 END AS repeat_rate
              FROM travel_booking b
              JOIN res_partner p ON p.id = b.partner_id
              JOIN res_company c ON c.id = b.company_id
             WHERE b.state = 'done'
             GROUP BY b.partner_id, b.company_id, c.currency_id, p.value_company_id,
                      p.value_segment, p.lifecycle_stage, p.rfm_score,
                      p.customer_lifetime_value
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
