"""Complaints waiting on the customer or a supplier: the SLA clock stops.

The state is the source: entering ``waiting`` opens a wait
(``travel.complaint.wait``), leaving it (``action_start``, a reply of the
customer, the resolution, or any write of the state) ends it; the deadlines,
the at-risk moment and the status then move by the working time it lasted.
"""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime, format_duration

from .travel_complaint import CLOCK_STATES

WAITING_ON = {"customer", "supplier"}


class TravelComplaint(models.Model):
    _inherit = "travel.complaint"

    wait_ids = fields.One2many(
        "travel.complaint.wait", "complaint_id", string="Waits", copy=False
    )
    waiting_since = fields.Datetime(
        compute="_compute_waiting", help="When the wait going on began."
    )
    waiting_on = fields.Selection(
        [("customer", "Customer"), ("supplier", "Supplier")],
        compute="_compute_waiting",
    )

    @api.depends("wait_ids.date_start", "wait_ids.date_end", "wait_ids.waiting_on")
    def _compute_waiting(self):
        for complaint in self:
            wait = complaint.wait_ids.filtered(lambda w: not w.date_end)[:1]
            complaint.waiting_since = wait.date_start
            complaint.waiting_on = wait.waiting_on

    def write(self, vals):
        state = vals.get("state")
        if not state:
            return super().write(vals)
        entering = self.filtered(
            lambda c: (
                c.state != "waiting" and state == "waiting" and not c.waiting_since
            )
        )
        leaving = self.filtered(lambda c: c.state == "waiting" and state != "waiting")
        paused_before = {c.id: c.sla_paused_hours for c in leaving}
        result = super().write(vals)
        if entering:
            entering._sla_start_waits()
            entering._sla_status_now()
        if leaving:
            leaving._sla_end_waits(fields.Datetime.now())
            leaving._sla_status_now()
            if state in CLOCK_STATES:
                leaving._sla_log_resumed(paused_before)
        return result

    def action_wait(self, waiting_on=None):
        """Put complaints on hold, waiting on the customer (default) or a
        supplier (``waiting_on``, or the context key ``travel_waiting_on`` from
        a button): their SLA clock stops until they are taken back
        (``action_start``) or the customer replies."""
        self.check_access("write")
        waiting_on = waiting_on or self.env.context.get("travel_waiting_on")
        if (waiting_on or "customer") not in WAITING_ON:
            raise UserError(
                _(
                    "A complaint waits on the customer or on a supplier, not on "
                    "%(waiting_on)s.",
                    waiting_on=waiting_on,
                )
            )
        self._check_state(CLOCK_STATES, _("Waiting"))
        self.with_context(travel_waiting_on=waiting_on or "customer").write(
            {"state": "waiting"}
        )
        return True

    def _sla_start_waits(self):
        waiting_on = self.env.context.get("travel_waiting_on") or "customer"
        now = fields.Datetime.now()
        self.env["travel.complaint.wait"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "waiting_on": waiting_on,
                    "date_start": max(now, complaint.date_open),
                    "user_id": self.env.user.id,
                }
                for complaint in self
            ]
        )
        body = (
            self.env._("Waiting on the customer: the SLA clock is stopped.")
            if waiting_on == "customer"
            else self.env._("Waiting on a supplier: the SLA clock is stopped.")
        )
        self._message_log_batch(
            bodies=dict.fromkeys(self.ids, Markup("<p>%s</p>") % body)
        )

    def _sla_end_waits(self, when):
        """End the waits going on at ``when``; the SLA moves with them."""
        waits = self.wait_ids.filtered(lambda w: not w.date_end)
        for wait in waits:
            wait.sudo().date_end = max(when, wait.date_start)
        return waits

    def _sla_log_resumed(self, paused_before):
        """Say in the chatter how long the clock stood still and the new
        deadline; the escalation run re-checks them soon (their thresholds
        moved: a wait leaves the time used as it was, so a complaint is as at
        risk as when it began waiting, and warned or escalated once)."""
        bodies = {}
        for complaint in self:
            hours = complaint.sla_paused_hours - paused_before.get(complaint.id, 0.0)
            bodies[complaint.id] = Markup("<p>%s</p>") % self.env._(
                "Back in progress after %(duration)s (h:mm) of working time on hold, "
                "not counted in the SLA. Resolution due %(deadline)s.",
                duration=format_duration(hours),
                deadline=complaint._sla_format_datetime(complaint.deadline),
            )
        self._message_log_batch(bodies=bodies)
        self.env.ref("travel_crm.ir_cron_complaint_escalation").sudo()._trigger()

    def _sla_format_datetime(self, moment):
        """``moment`` in the SLA calendar's timezone (else the user's)."""
        self.ensure_one()
        if not moment:
            return "-"
        tz = self.sla_policy_id.resource_calendar_id.tz or self.env.user.tz or "UTC"
        return f"{format_datetime(self.env, moment, tz=tz, dt_format='short')} ({tz})"

    def _sla_customer_replied(self):
        """A reply of the customer takes a waiting complaint back in progress."""
        waiting = self.filtered(lambda c: c.state == "waiting")
        if waiting:
            waiting.write({"state": "in_progress"})
        return waiting
