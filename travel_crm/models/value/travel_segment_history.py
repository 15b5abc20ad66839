from odoo import api, fields, models

from odoo.addons.travel_crm.models.value.res_partner import VALUE_SEGMENTS


class TravelSegmentHistory(models.Model):
    """When a customer entered and left a value segment (kept by the cron)."""

    _name = "travel.segment.history"
    _description = "Customer Segment History"
    _order = "date_from desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    value_segment = fields.Selection(
        VALUE_SEGMENTS, string="Segment", required=True, index=True
    )
    previous_segment = fields.Selection(
        VALUE_SEGMENTS,
        index=True,
        help="The segment the customer left when entering this one (empty for "
        "the first scored segment).",
    )
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(
        string="To", index=True, help="Empty while the customer is in the segment."
    )
    duration_days = fields.Integer(
        string="Days in Segment",
        compute="_compute_duration_days",
        store=True,
        aggregator="avg",
        help="Days between entering and leaving the segment (closed rows only).",
    )
    customer_count = fields.Integer(
        string="Moves",
        default=1,
        help="Always 1: summed in the pivot to count moves between segments.",
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A segment period cannot end before it starts.",
        ),
    ]

    @api.depends("date_from", "date_to")
    def _compute_duration_days(self):
        for row in self:
            row.duration_days = (row.date_to - row.date_from).days if row.date_to else 0
