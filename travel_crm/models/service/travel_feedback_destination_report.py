from odoo import fields, models
from odoo.tools import SQL


class TravelFeedbackDestinationReport(models.Model):
    """Answered feedback per destination country of the booking.

    A feedback is repeated once per destination of its booking (the whole trip
    is judged), so NPS by destination is the average of ``nps_value`` grouped by
    ``country_id``; bookings without a destination show under no country.
    """

    _name = "travel.feedback.destination.report"
    _description = "NPS by Destination"
    _inherit = "travel.feedback.report.mixin"
    _auto = False

    country_id = fields.Many2one("res.country", string="Destination", readonly=True)

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
