from odoo import fields, models, tools
from odoo.tools import SQL

from .travel_feedback import NPS_CATEGORIES


class TravelFeedbackDestinationReport(models.Model):
    """Answered feedback per destination country of the booking.

    A feedback is repeated once per destination of its booking (the whole trip
    is judged), so NPS by destination is the average of ``nps_value`` grouped by
    ``country_id``; bookings without a destination show under no country.
    """

    _name = "travel.feedback.destination.report"
    _description = "NPS by Destination"
    _auto = False
    _order = "date_answered desc"

    feedback_id = fields.Many2one("travel.feedback", readonly=True)
    booking_id = fields.Many2one("travel.booking", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Traveller", readonly=True)
    country_id = fields.Many2one("res.country", string="Destination", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    score = fields.Float(readonly=True, aggregator="avg")
    nps_value = fields.Float(string="NPS", readonly=True, aggregator="avg")
    nps_category = fields.Selection(NPS_CATEGORIES, readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT
                row_number() OVER (ORDER BY f.id, d.country_id) AS id,
                f.id AS feedback_id,
                f.booking_id,
                f.partner_id,
                d.country_id,
                f.user_id,
                f.company_id,
                f.date_answered,
                f.score,
                f.nps_value,
                f.nps_category
            FROM travel_feedback f
            LEFT JOIN travel_booking_res_country_rel d
                   ON d.booking_id = f.booking_id
            WHERE f.state = 'answered'
            """
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
