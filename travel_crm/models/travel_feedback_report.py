from odoo import fields, models, tools
from odoo.tools import SQL

from .travel_feedback import NPS_CATEGORIES


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
    _auto = False
    _order = "date_answered desc"

    feedback_id = fields.Many2one("travel.feedback", readonly=True)
    booking_id = fields.Many2one("travel.booking", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Traveller", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
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

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
