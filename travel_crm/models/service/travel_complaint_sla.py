"""The SLA of a complaint: deadlines from its policy on the policy's working
calendar, on-track / at-risk / breached status, and the measured service
(response, resolution and waiting time in working hours). The arithmetic is in
``travel_crm.tools.sla``; the escalation cron in
``travel_complaint_escalation.py``; waits in ``travel_complaint_waiting.py``."""

from odoo import api, fields, models

from ...tools import sla as sla_calc

SLA_STATUSES = [
    (sla_calc.ON_TRACK, "On Track"),
    (sla_calc.AT_RISK, "At Risk"),
    (sla_calc.BREACHED, "Breached"),
]
WAIT_DEPENDS = ("wait_ids.date_start", "wait_ids.date_end")
SLA_STATUS_FIELDS = [
    "sla_status",
    "sla_at_risk_date",
    "sla_breach_date",
    "sla_compliance",
]


class TravelComplaint(models.Model):
    _inherit = "travel.complaint"

    date_open = fields.Datetime(
        string="Reported On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        index=True,
    )
    sla_policy_id = fields.Many2one(
        "travel.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        ondelete="set null",
    )
    response_deadline = fields.Datetime(
        string="First Response Due",
        compute="_compute_deadlines",
        store=True,
        copy=False,
    )
    deadline = fields.Datetime(
        string="Resolution Due",
        compute="_compute_deadlines",
        store=True,
        copy=False,
        index=True,
        tracking=True,
        help="Counted in the working hours of the SLA policy's calendar (round "
        "the clock without one); moved by the working time spent waiting once a "
        "wait ends.",
    )
    first_response_date = fields.Datetime(
        copy=False,
        readonly=True,
        help="When staff first sent a reply to the customer.",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
        index=True,
        copy=False,
        help="On track, at risk (80% of the allowed working hours used) or "
        "breached, for the first response and the resolution. The clock stands "
        "still while the complaint waits. Refreshed by the escalation scheduled "
        "action as time passes.",
    )
    sla_at_risk_date = fields.Datetime(
        compute="_compute_sla_status", store=True, copy=False, index=True
    )
    sla_breach_date = fields.Datetime(
        compute="_compute_sla_status", store=True, copy=False, index=True
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        compute="_compute_sla_status",
        store=True,
        aggregator="avg",
        help="100 when the SLA was kept, 0 when breached; its average is the "
        "share of complaints within their SLA.",
    )
    sla_warned = fields.Boolean(copy=False, readonly=True)
    sla_escalated = fields.Boolean(copy=False, readonly=True)
    date_escalated = fields.Datetime(copy=False, readonly=True)
    first_response_hours = fields.Float(
        string="First Response Time (h)",
        compute="_compute_sla_hours",
        store=True,
        aggregator="avg",
        help="Working hours from the report to the first reply sent to the "
        "customer, without the time spent waiting.",
    )
    resolution_hours = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_sla_hours",
        store=True,
        aggregator="avg",
        help="Working hours from the report to the resolution, without the "
        "time spent waiting.",
    )
    sla_paused_hours = fields.Float(
        string="Time Waiting (h)",
        compute="_compute_sla_hours",
        store=True,
        aggregator="sum",
        help="Working hours spent waiting on the customer or a supplier (waits "
        "that ended), not counted in the SLA.",
    )

    @api.depends("priority", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["travel.sla.policy"]._get_policy_map(self.company_id.ids)
        for complaint in self:
            complaint.sla_policy_id = policies.get(
                (complaint.company_id.id, complaint.priority)
            )

    @api.depends("sla_policy_id", "date_open", *WAIT_DEPENDS)
    def _compute_deadlines(self):
        calendars = self._sla_work_calendars()
        for complaint in self:
            policy = complaint.sla_policy_id
            calendar = calendars.get(policy.resource_calendar_id.id)
            waits = complaint._sla_waits()
            for fname, hours in (
                ("response_deadline", policy.response_hours),
                ("deadline", policy.resolution_hours),
            ):
                complaint[fname] = (
                    sla_calc.deadline(calendar, complaint.date_open, hours, waits)
                    if policy
                    else False
                ) or False

    @api.depends(
        "date_open",
        "response_deadline",
        "deadline",
        "first_response_date",
        "date_resolved",
        *WAIT_DEPENDS,
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        calendars = self._sla_work_calendars()
        for complaint in self:
            calendar = calendars.get(complaint.sla_policy_id.resource_calendar_id.id)
            start, waits = complaint.date_open, complaint._sla_waits()
            closed = sla_calc.closed_waits(waits)
            resolved = complaint.date_resolved
            # the targets' hours as the deadlines were counted (a policy edited
            # since applies to complaints reported afterwards)
            targets = [
                (
                    sla_calc.elapsed(calendar, start, due, closed) if due else None,
                    done_at,
                )
                for due, done_at in (
                    (
                        complaint.response_deadline,
                        complaint.first_response_date or resolved,
                    ),
                    (complaint.deadline, resolved),
                )
            ]
            sla = sla_calc.complaint_sla(calendar, start, targets, now, waits)
            complaint.sla_status = sla.status
            complaint.sla_breach_date = sla.breach_date or False
            complaint.sla_at_risk_date = sla.at_risk_date or False
            complaint.sla_compliance = sla_calc.compliance(sla.status)

    @api.depends(
        "sla_policy_id",
        "date_open",
        "first_response_date",
        "date_resolved",
        *WAIT_DEPENDS,
    )
    def _compute_sla_hours(self):
        calendars = self._sla_work_calendars()
        for complaint in self:
            calendar = calendars.get(complaint.sla_policy_id.resource_calendar_id.id)
            start, waits = complaint.date_open, complaint._sla_waits()
            # a reply sent while waiting came while the clock stood still
            complaint.first_response_hours = round(
                sla_calc.elapsed(calendar, start, complaint.first_response_date, waits),
                2,
            )
            complaint.resolution_hours = round(
                sla_calc.elapsed(calendar, start, complaint.date_resolved, waits), 2
            )
            complaint.sla_paused_hours = round(
                sla_calc.paused_hours(calendar, start, waits), 2
            )

    def _sla_waits(self):
        """The complaint's waits as ``(start, end)`` pairs (end None: going on)."""
        self.ensure_one()
        return [(w.date_start, w.date_end or None) for w in self.wait_ids]

    def _sla_work_calendars(self):
        """{calendar id: sla WorkCalendar} of the complaints' policies, with
        the leaves from their earliest report on (two queries)."""
        calendars = self.sla_policy_id.resource_calendar_id
        if not calendars:
            return {}
        since = min(filter(None, self.mapped("date_open")), default=None)
        return self.env["travel.sla.policy"]._sla_work_calendars(calendars, since)

    def write(self, vals):
        if "priority" in vals or "date_open" in vals or "company_id" in vals:
            # a new deadline is a new SLA: warn and escalate again if needed
            vals = dict(
                vals, sla_warned=False, sla_escalated=False, date_escalated=False
            )
        return super().write(vals)

    def _set_first_response_date(self, when):
        """The first reply to the customer: set once, never moved."""
        todo = self.filtered(lambda c: not c.first_response_date)
        todo.write({"first_response_date": when})
        todo._sla_status_now()

    def _sla_status_now(self):
        """Compute the SLA status now (it depends on the time: not later, when
        something reads it)."""
        self.flush_recordset(SLA_STATUS_FIELDS)
