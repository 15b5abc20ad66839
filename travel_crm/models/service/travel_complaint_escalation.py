"""The escalation cron: refresh the SLA status of open complaints as time
passes, warn assignees of complaints at risk and escalate breaches to the travel
managers. Waiting complaints are left alone (their clock stands still).

Activities and notifications go by batch: one ``mail.activity`` create for the
batch, and one notification per person listing their complaints of the batch,
so that a run costs queries per batch and per person, not per complaint."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from ...tools import sla as sla_calc
from ...tools.cron_batch import CronBatch
from .travel_complaint import CLOCK_STATES
from .travel_complaint_sla import SLA_STATUS_FIELDS


class TravelComplaint(models.Model):
    _inherit = "travel.complaint"

    @api.model
    def _sla_refresh_domain(self, now):
        return [
            ("state", "in", CLOCK_STATES),
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
            ("state", "in", CLOCK_STATES),
            ("sla_status", "=", sla_calc.AT_RISK),
            ("sla_warned", "=", False),
        ]

    @api.model
    def _sla_escalate_domain(self):
        return [
            ("state", "in", CLOCK_STATES),
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
        for fname in SLA_STATUS_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self._sla_status_now()

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
        by_user = defaultdict(self.browse)
        for complaint in self:
            user = (
                complaint.user_id
                or complaint.team_id.user_id
                or managers[complaint.company_id][:1]
            )
            if user:
                by_user[user] |= complaint
        self._sla_schedule(
            "travel_crm.mail_activity_type_complaint_sla_risk", by_user, "risk"
        )
        self.write({"sla_warned": True})

    def _sla_escalate(self):
        managers = self._get_travel_managers()
        by_user = defaultdict(self.browse)
        for company in self.company_id:
            complaints = self.filtered(lambda c, co=company: c.company_id == co)
            for manager in managers[company]:
                by_user[manager] |= complaints
        self._sla_schedule(
            "travel_crm.mail_activity_type_complaint_escalation", by_user, "breach"
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

    def _sla_schedule(self, xmlid, by_user, kind):
        """One activity of type ``xmlid`` per complaint and user, created at
        once without Odoo's notification per activity; then one notification
        per user listing their complaints."""
        activity_type = self.env.ref(xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "activity_type_id": activity_type.id,
                "summary": activity_type.summary,
                "note": activity_type.default_note,
                "automated": True,
                "date_deadline": today,
                "res_model_id": model_id,
                "res_id": complaint.id,
                "user_id": user.id,
            }
            for user, complaints in by_user.items()
            for complaint in complaints
        ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals_list
        )
        for user, complaints in by_user.items():
            if user != self.env.user:
                complaints._sla_notify(user, kind)

    def _sla_notify(self, user, kind):
        """A notification to ``user`` (inbox or mail, as they chose) listing
        the complaints at risk or breached, in their language."""
        env = self.with_context(lang=user.lang).env
        subject = (
            env._("%(count)s complaints at risk of missing their SLA", count=len(self))
            if kind == "risk"
            else env._("%(count)s complaints breached their SLA", count=len(self))
        )
        items = Markup("").join(
            Markup('<li><a href="/odoo/travel.complaint/%s">%s</a> %s</li>')
            % (complaint.id, complaint.name, complaint.subject)
            for complaint in self
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=subject,
            body=Markup("<p>%s</p><ul>%s</ul>") % (subject, items),
            email_layout_xmlid="mail.mail_notification_light",
        )
