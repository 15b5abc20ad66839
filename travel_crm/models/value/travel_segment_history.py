from odoo import api, fields, models
from odoo.tools import SQL

from ...tools.customer_value import segment_duration
from .res_partner import VALUE_SEGMENTS


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
            row.duration_days = segment_duration(row.date_from, row.date_to)

    # ------------------------------------------------------------------
    # Kept by the segmentation, in set-based SQL. The SQL stores what
    # ``segment_duration`` (the one rule, also behind the compute) gives.
    # ------------------------------------------------------------------

    @api.model
    def _travel_value_sync(self, scored, today):
        """Close the open row of partners whose segment (or scoring company)
        changed and open a row for the new segment. ``scored``: ``{partner
        id: (segment, company id)}``, or None for a partner back to no trip."""
        if not scored:
            return
        open_rows = self.search(
            [("partner_id", "in", list(scored)), ("date_to", "=", False)]
        )
        by_partner = {row.partner_id.id: row for row in open_rows}
        to_close = self.browse()
        to_open = []
        for partner_id, wanted in scored.items():
            row = by_partner.get(partner_id)
            if row and wanted == (row.value_segment, row.company_id.id):
                continue
            if row:
                to_close |= row
            if wanted:
                to_open.append(
                    {
                        "partner_id": partner_id,
                        "company_id": wanted[1],
                        "value_segment": wanted[0],
                        "previous_segment": row.value_segment if row else None,
                    }
                )
        to_close._travel_value_close(today)
        self._travel_value_open(to_open, today)

    def _travel_value_close(self, today):
        """End these rows today, in one UPDATE (a row opened later than today,
        the clock set back, ends the day it started, never before). Segment
        history is written in SQL like the partner scores: a run opens and
        closes a row for up to every customer."""
        if not self:
            return
        ends = [max(row.date_from, today) for row in self]
        self.flush_model()
        self.env.execute_query(
            SQL(
                """UPDATE travel_segment_history h
                      SET date_to = v.date_to, duration_days = v.duration_days,
                          write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(ids)s::int4[], %(ends)s::date[],
                                 %(durations)s::int4[])
                          AS v(id, date_to, duration_days)
                    WHERE h.id = v.id""",
                ids=self.ids,
                ends=ends,
                durations=[
                    segment_duration(row.date_from, end)
                    for row, end in zip(self, ends, strict=True)
                ],
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.invalidate_recordset(["date_to", "duration_days", "write_date"])
        self.modified(["date_to", "duration_days"])

    @api.model
    def _travel_value_open(self, vals_list, today):
        """Open rows from ``today`` in one INSERT (see
        ``_travel_value_close``)."""
        if not vals_list:
            return
        self.env.execute_query(
            SQL(
                """INSERT INTO travel_segment_history
                          (partner_id, company_id, value_segment, previous_segment,
                           date_from, duration_days, customer_count,
                           create_uid, create_date, write_uid, write_date)
                   SELECT r.partner_id, r.company_id, r.value_segment,
                          r.previous_segment, %(today)s, %(duration)s, 1,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(partner)s::int4[], %(company)s::int4[],
                                 %(segment)s::varchar[], %(previous)s::varchar[])
                          AS r(partner_id, company_id, value_segment,
                               previous_segment)""",
                today=today,
                duration=segment_duration(today, None),
                uid=self.env.uid,
                now=fields.Datetime.now(),
                partner=[vals["partner_id"] for vals in vals_list],
                company=[vals["company_id"] for vals in vals_list],
                segment=[vals["value_segment"] for vals in vals_list],
                previous=[vals["previous_segment"] for vals in vals_list],
            )
        )
        self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list]
        ).invalidate_recordset(["travel_segment_history_ids"])
