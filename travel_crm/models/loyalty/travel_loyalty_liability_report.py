from odoo import fields, models, tools
from odoo.tools import SQL


class TravelLoyaltyLiabilityReport(models.Model):
    """Outstanding points and what they are worth, per company and customer.

    Points of a company are the sum of its ledger entries; their value is the
    company's current point value, the amount the company owes customers if
    every outstanding point were redeemed.
    """

    _name = "travel.loyalty.liability.report"
    _description = "Loyalty Points Liability"
    _auto = False
    _order = "company_id, liability desc"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    tier_id = fields.Many2one("travel.loyalty.tier", readonly=True)
    points = fields.Integer(string="Outstanding Points", readonly=True)
    point_value = fields.Float(digits=(16, 4), readonly=True, aggregator="max")
    liability = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT MIN(t.id) AS id,
                           t.company_id,
                           c.currency_id,
                           t.partner_id,
                           p.loyalty_tier_id AS tier_id,
                           SUM(t.points) AS points,
                           c.loyalty_point_value AS point_value,
                           SUM(t.points) * c.loyalty_point_value AS liability
                      FROM travel_loyalty_transaction t
                      JOIN res_company c ON c.id = t.company_id
                      JOIN res_partner p ON p.id = t.partner_id
                  GROUP BY t.company_id, c.currency_id, t.partner_id,
                           p.loyalty_tier_id, c.loyalty_point_value
                    HAVING SUM(t.points) != 0
                )
                """,
                SQL.identifier(self._table),
            )
        )
