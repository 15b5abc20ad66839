"""The complaint escalation cron resumes after a crash (see cron_common)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .cron_common import CronCrashMixin
from .service_common import ServiceRecoveryCase

T0 = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestComplaintEscalationResumes(CronCrashMixin, ServiceRecoveryCase):
    def _escalations(self, complaints):
        activity = self.env.ref("travel_crm.mail_activity_type_complaint_escalation")
        return {
            complaint: self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "travel.complaint"),
                    ("res_id", "=", complaint.id),
                    ("activity_type_id", "=", activity.id),
                ]
            )
            for complaint in complaints
        }

    def test_escalation_crashed_mid_batch_resumes_without_duplicates(self):
        with freeze_time(T0):
            complaints = self.env["travel.complaint"].concat(
                *(self._complaint(priority="3") for _i in range(4))
            )
        with freeze_time(T0 + timedelta(hours=2)):
            # the cron walks breached complaints in the model's order
            Complaint = self.env["travel.complaint"]
            complaints._sla_refresh()
            ordered = Complaint.search(
                Complaint._sla_escalate_domain() + [("id", "in", complaints.ids)]
            )
            self.assertEqual(len(ordered), 4)
            last = ordered[-1]
            self._crash_on(
                "travel_complaint",
                SQL("sla_escalated AND id = %s", last.id),
            )
            self._crashed_run("travel.complaint", "_cron_escalate_sla", batch_size=1)
            self.assertEqual(ordered.mapped("sla_escalated"), [True, True, True, False])
            self._heal()
            self._run_cron("travel.complaint", "_cron_escalate_sla", batch_size=1)
            first = self._escalations(complaints)
            self.assertTrue(all(complaints.mapped("sla_escalated")))
            # every complaint escalated once: same count for all, none zero
            self.assertEqual(len(set(first.values())), 1, first)
            self.assertGreater(min(first.values()), 0)
            self._run_cron("travel.complaint", "_cron_escalate_sla", batch_size=1)
            self.assertEqual(self._escalations(complaints), first)
