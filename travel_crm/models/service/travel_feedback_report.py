from odoo import fields, models
from odoo.tools import SQL


class TravelFeedbackReport(models.Model):
    """Answered feedback per supplier of the booking's services.

    A feedback is repeated once per distinct supplier of its booking (the trip
    is judged as a whole, so every supplier in it shares the answer) and once
    with no supplier when the booking has none, so NPS by supplier is the
    average of ``nps_value`` grouped by ``supplier_id``. Per period or agent use
    the Feedback analysis, where each answer counts once; per destination,
    ``travel.feedback.destination.report``.
    """

    _name = "travel.feedback.report"
    _description = "NPS by Supplier"
    _inherit = "travel.feedback.report.mixin"
    _auto = False

    supplier_id = fields.Many2one("res.partner", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT
                row_number() OVER (ORDER BY f.id, s.supplier_id) AS id,
                f.id AS feedback_id,
                f.booking_id,
                f.partner_id,
                s.supplier_id,
                f.user_id,
                f.company_id,
                f.date_answered,
                f.score,
                f.nps_value,
                f.nps_category
            FROM travel_feedback f
            LEFT JOIN LATERAL (
                SELECT DISTINCT l.supplier_id
                FROM travel_booking_line l
                WHERE l.booking_id = f.booking_id AND l.supplier_id IS NOT NULL
            ) s ON TRUE
            WHERE f.state = 'answered'
            """
        )
