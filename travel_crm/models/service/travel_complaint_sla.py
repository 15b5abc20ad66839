"""The SLA of a complaint: deadlines from its policy, on-track / at-risk /
breached status, and the escalation cron. The arithmetic is in
``travel_crm.tools.sla``."""

from collections import defaultdict

from odoo import api, fields, models

from ...tools import sla as sla_calc
from ...tools.cron_batch import CronBatch
from .travel_complaint import OPEN_STATES

SLA_STATUSES = [
    (sla_calc.ON_TRACK, "On Track"),
    (sla_calc.AT_RISK, "At Risk"),
    (sla_calc.BREACHED, "Breached"),
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
        compute="_compute_deadlines",
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
    )
    first_response_date = fields.Datetime(copy=False, readonly=True)
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
        index=True,
        copy=False,
        help="On track, at risk (80% of the allowed calendar hours used) or "
        "breached, for the first response and the resolution. Refreshed by the "
        "escalation scheduled action as time passes.",
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
        "compliance rate.",
    )
    sla_warned = fields.Boolean(copy=False, readonly=True)
    sla_escalated = fields.Boolean(copy=False, readonly=True)
    date_escalated = fields.Datetime(copy=False, readonly=True)
    resolution_hours = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_resolution_hours",
        store=True,
        aggregator="avg",
    )

    @api.depends("date_open", "priority", "company_id")
    def _compute_deadlines(self):
        policies = self.env["travel.sla.policy"]._get_policy_map(self.company_id.ids)
        for complaint in self:
            policy = policies.get((complaint.company_id.id, complaint.priority))
            complaint.sla_policy_id = policy
            complaint.response_deadline = sla_calc.compute_deadline(
                complaint.date_open, policy.response_hours if policy else None
            )
            complaint.deadline = sla_calc.compute_deadline(
                complaint.date_open, policy.resolution_hours if policy else None
            )

    @api.depends(
        "date_open",
        "response_deadline",
        "deadline",
        "first_response_date",
        "date_resolved",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            sla = sla_calc.complaint_sla(
                complaint.date_open,
                [
                    (complaint.response_deadline, complaint.first_response_date),
                    (complaint.deadline, complaint.date_resolved),
                ],
                now,
            )
            complaint.sla_status = sla.status
            complaint.sla_breach_date = sla.breach_date or False
            complaint.sla_at_risk_date = sla.at_risk_date or False
            complaint.sla_compliance = sla_calc.compliance(sla.status)

    @api.depends("date_open", "date_resolved")
    def _compute_resolution_hours(self):
        for complaint in self:
            complaint.resolution_hours = sla_calc.hours_between(
                complaint.date_open, complaint.date_resolved
            )

    def write(self, vals):
        if "priority" in vals or "date_open" in vals or "company_id" in vals:
            # a new deadline is a new SLA: warn and escalate again if needed
            vals = dict(
                vals, sla_warned=False, sla_escalated=False, date_escalated=False
            )
        return super().write(vals)

    def _set_first_response_date(self, when):
        """The first answer to the customer: set once, never moved."""
        self.filtered(lambda c: not c.first_response_date).write(
            {"first_response_date": when}
        )

    # ------------------------------------------------------------------
    # SLA escalation (cron)
    # ------------------------------------------------------------------

    @api.model
    def _sla_refresh_domain(self, now):
        return [
            ("state", "in", OPEN_STATES),
            "|",
            "&",
            ("sla_status", "=", sla_calc.ON_TRACK),
            ("sla_at_risk_date", "<=", now),
            "&",
            ("sla_status", "!=", sla_calc.BREACHED),
            ("sla_breach_date", "<=", now),
        ]

    @api.model
    def _sla_warn_domain(self):
        return [
            ("state", "in", OPEN_STATES),
            ("sla_status", "=", sla_calc.AT_RISK),
            ("sla_warned", "=", False),
        ]

    @api.model
    def _sla_escalate_domain(self):
        return [
            ("state", "in", OPEN_STATES),
            ("sla_status", "=", sla_calc.BREACHED),
            ("sla_escalated", "=", False),
        ]

    @api.model
    def _sla_cron_steps(self, now):
        """The steps of an escalation run, in order: (domain, method)."""
        return [
            (self._sla_refresh_domain(now), "_sla_refresh"),
            (self._sla_warn_domain(), "_sla_warn"),
            (self._sla_escalate_domain(), "_sla_escalate"),
        ]

    @api.model
    def _cron_escalate_sla(self, batch_size=200):
        """Refresh the stored SLA status of open complaints whose thresholds
        passed, warn assignees of complaints at risk and escalate breaches to the
        travel managers. Each step flags what it did, so a complaint is warned
        once and escalated once per breach and a second run changes nothing."""
        progress = CronBatch(self.env)
        for domain, method in self._sla_cron_steps(fields.Datetime.now()):
            # each step selects its complaints once: each is handled once per
            # run, even if the step leaves it matching the domain
            ids = self.search(domain).ids
            progress.add(len(ids))
            for batch_ids in progress.batches(ids, batch_size):
                # those still matching: a user may have changed one meanwhile
                getattr(self.search(domain + [("id", "in", batch_ids)]), method)()
        progress.close()
        return True

    def _sla_refresh(self):
        fnames = ["sla_status", "sla_at_risk_date", "sla_breach_date", "sla_compliance"]
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(fnames)

    def _get_travel_managers(self):
        """Active internal travel managers, by company id."""
        managers = (
            self.env.ref("travel_crm.group_travel_manager")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share)
        )
        return {
            company: managers.filtered(lambda u, c=company: c in u.company_ids)
            for company in self.company_id
        }

    def _sla_warn(self):
        managers = self._get_travel_managers()
        by_user = defaultdict(lambda: self.browse())
        for complaint in self:
            user = (
                complaint.user_id
                or complaint.team_id.user_id
                or managers[complaint.company_id][:1]
            )
            by_user[user] |= complaint
        today = fields.Date.context_today(self)
        for user, complaints in by_user.items():
            if user:
                complaints.activity_schedule(
                    "travel_crm.mail_activity_type_complaint_sla_risk",
                    date_deadline=today,
                    user_id=user.id,
                )
        self.write({"sla_warned": True})

    def _sla_escalate(self):
        managers = self._get_travel_managers()
        today = fields.Date.context_today(self)
        for company in self.company_id:
            complaints = self.filtered(lambda c, co=company: c.company_id == co)
            for manager in managers[company]:
                complaints.activity_schedule(
                    "travel_crm.mail_activity_type_complaint_escalation",
                    date_deadline=today,
                    user_id=manager.id,
                )
        self._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "SLA breached (due %(deadline)s): escalated to the travel "
                    "managers.",
                    deadline=fields.Datetime.to_string(complaint.sla_breach_date) or "",
                )
                for complaint in self
            }
        )
        self.write({"sla_escalated": True, "date_escalated": fields.Datetime.now()})
