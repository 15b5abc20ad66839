from odoo import fields, models, tools
from odoo.tools import SQL

from .travel_feedback import NPS_CATEGORIES


class TravelFeedbackReportMixin(models.AbstractModel):
    """Answered feedback repeated once per value of one dimension of the trip
    (supplier, destination): NPS per value is the average of ``nps_value``.

    A report defines its dimension field and ``_query()``; the view is built
    from it."""

    _name = "travel.feedback.report.mixin"
    _description = "NPS Report by Trip Dimension"
    _order = "date_answered desc"

    feedback_id = fields.Many2one("travel.feedback", readonly=True)
    booking_id = fields.Many2one("travel.booking", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Traveller", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    score = fields.Float(readonly=True, aggregator="avg")
    nps_value = fields.Float(string="NPS", readonly=True, aggregator="avg")
    nps_category = fields.Selection(NPS_CATEGORIES, readonly=True)

    def _query(self):
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
