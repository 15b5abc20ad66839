"""The SLA of complaints: deadlines per priority, status as time passes, the
escalation cron (its arithmetic: test_service_sla.py; its crash resilience:
test_service_cron.py)."""

from datetime import datetime, timedelta
from itertools import pairwise
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .service_common import ServiceRecoveryCase

T0 = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestComplaintSla(ServiceRecoveryCase):
    def test_reference_comes_from_sequence(self):
        first, second = self._complaint(), self._complaint()
        self.assertTrue(first.name.startswith("CMP/"))
        self.assertNotEqual(first.name, second.name)

    @freeze_time(T0)
    def test_deadlines_follow_the_sla_of_each_priority(self):
        expected = {"0": (48, 168), "1": (24, 72), "2": (8, 24), "3": (1, 8)}
        for priority, (response, resolution) in expected.items():
            with self.subTest(priority=priority):
                complaint = self._complaint(priority=priority)
                self.assertEqual(complaint.date_open, T0)
                self.assertEqual(
                    complaint.response_deadline, T0 + timedelta(hours=response)
                )
                self.assertEqual(complaint.deadline, T0 + timedelta(hours=resolution))
                self.assertEqual(complaint.sla_status, "on_track")

    @freeze_time(T0)
    def test_company_policy_overrides_the_default_and_priority_change_moves_deadline(
        self,
    ):
        self.env["travel.sla.policy"].create(
            {
                "company_id": self.company.id,
                "priority": "1",
                "response_hours": 2,
                "resolution_hours": 10,
            }
        )
        complaint = self._complaint(priority="1")
        self.assertEqual(complaint.deadline, T0 + timedelta(hours=10))
        complaint.priority = "3"
        self.assertEqual(complaint.deadline, T0 + timedelta(hours=8))
        self.assertEqual(complaint.response_deadline, T0 + timedelta(hours=1))

    def test_policy_hours_are_validated(self):
        with self.assertRaises(ValidationError):
            self.env["travel.sla.policy"].create(
                {
                    "priority": "2",
                    "response_hours": 30,
                    "resolution_hours": 10,
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(ValidationError):
            # a second shared default for the same priority
            self.env["travel.sla.policy"].create(
                {"priority": "2", "response_hours": 3, "resolution_hours": 10}
            )

    def test_status_at_risk_then_breached_as_time_passes(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="2")  # 8h response, 24h resolution
            complaint.action_start()
            self._reply(complaint)  # first response at once
        # 19h12 = 80% of 24h
        with freeze_time(T0 + timedelta(hours=19)):
            self.env["travel.complaint"]._cron_escalate_sla()
            self.assertEqual(complaint.sla_status, "on_track")
        with freeze_time(T0 + timedelta(hours=19, minutes=12)):
            self.env["travel.complaint"]._cron_escalate_sla()
            self.assertEqual(complaint.sla_status, "at_risk")
            self.assertIn(
                complaint,
                self.env["travel.complaint"].search([("sla_status", "=", "at_risk")]),
            )
        with freeze_time(T0 + timedelta(hours=24, minutes=1)):
            self.env["travel.complaint"]._cron_escalate_sla()
            self.assertEqual(complaint.sla_status, "breached")
            self.assertEqual(complaint.sla_compliance, 0.0)

    def test_missed_first_response_breaches_before_resolution_deadline(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="3")  # 1h response
        with freeze_time(T0 + timedelta(hours=2)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(complaint.sla_status, "breached")

    def test_agent_reply_is_the_first_response_but_an_internal_note_is_not(self):
        with freeze_time(T0):
            complaint = self._complaint()
        with freeze_time(T0 + timedelta(minutes=30)):
            complaint.with_user(self.user_agent).action_start()
            self.assertFalse(complaint.first_response_date)  # not a reply
        with freeze_time(T0 + timedelta(hours=1)):
            complaint.with_user(self.user_agent).message_post(
                body="Internal remark", subtype_xmlid="mail.mt_note"
            )
            # a message to colleagues only, not to the customer
            complaint.with_user(self.user_agent).message_post(
                body="Can you call the hotel?",
                partner_ids=self.agent_2.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
            self.assertFalse(complaint.first_response_date)
        with freeze_time(T0 + timedelta(hours=2)):
            self._reply(complaint)
        with freeze_time(T0 + timedelta(hours=3)):
            self._reply(complaint, body="Any news from you?")
        self.assertEqual(complaint.first_response_date, T0 + timedelta(hours=2))
        self.assertEqual(complaint.first_response_hours, 2.0)

    def test_resolved_in_time_stays_compliant(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="1")
        with freeze_time(T0 + timedelta(hours=1)):
            complaint.action_start()
            self._reply(complaint)
        with freeze_time(T0 + timedelta(hours=30)):
            complaint.resolution = "<p>Room changed, apologies sent.</p>"
            complaint.action_resolve()
        with freeze_time(T0 + timedelta(days=30)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(complaint.sla_status, "on_track")
        self.assertEqual(complaint.resolution_hours, 30.0)
        self.assertEqual(complaint.sla_compliance, 100.0)


@tagged("post_install", "-at_install")
class TestComplaintEscalation(ServiceRecoveryCase):
    def _activities(self, complaint, xmlid, user=None):
        domain = [
            ("res_model", "=", "travel.complaint"),
            ("res_id", "=", complaint.id),
            ("activity_type_id", "=", self.env.ref(xmlid).id),
        ]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)

    def test_at_risk_warns_assignee_once_and_breach_escalates_once(self):
        risk = "travel_crm.mail_activity_type_complaint_sla_risk"
        escalation = "travel_crm.mail_activity_type_complaint_escalation"
        with freeze_time(T0):
            complaint = self._complaint(priority="1")  # 24h / 72h
            complaint.with_user(self.user_agent).action_start()
            self._reply(complaint)
        self.assertEqual(complaint.user_id, self.user_agent)

        with freeze_time(T0 + timedelta(hours=58)):  # 80.5% of 72h
            self.env["travel.complaint"]._cron_escalate_sla()
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(complaint.sla_status, "at_risk")
        self.assertEqual(len(self._activities(complaint, risk, self.user_agent)), 1)
        self.assertFalse(self._activities(complaint, escalation))
        self.assertFalse(complaint.sla_escalated)

        with freeze_time(T0 + timedelta(hours=73)):
            messages_before = len(complaint.message_ids)
            self.env["travel.complaint"]._cron_escalate_sla()
            messages_after_first = len(complaint.message_ids)
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertTrue(complaint.sla_escalated)
        self.assertEqual(complaint.date_escalated, T0 + timedelta(hours=73))
        manager_activities = self._activities(complaint, escalation, self.user_manager)
        self.assertEqual(len(manager_activities), 1)
        self.assertFalse(self._activities(complaint, escalation, self.user_agent))
        self.assertEqual(len(self._activities(complaint, risk, self.user_agent)), 1)
        self.assertGreater(messages_after_first, messages_before)
        self.assertEqual(len(complaint.message_ids), messages_after_first)
        self.assertIn("escalated", complaint.message_ids[0].body)

    def test_priority_change_is_a_new_sla_that_may_escalate_again(self):
        escalation = "travel_crm.mail_activity_type_complaint_escalation"
        with freeze_time(T0):
            complaint = self._complaint(priority="1")  # 72h
            complaint.action_start()
            self._reply(complaint)
        with freeze_time(T0 + timedelta(hours=73)):
            self.env["travel.complaint"]._cron_escalate_sla()
            self.assertTrue(complaint.sla_escalated)
            complaint.priority = "0"  # 168h: the deadline moves
            self.assertEqual(complaint.deadline, T0 + timedelta(hours=168))
            self.assertEqual(complaint.sla_status, "on_track")
            self.assertFalse(complaint.sla_escalated)
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(
            len(self._activities(complaint, escalation, self.user_manager)), 1
        )
        with freeze_time(T0 + timedelta(hours=169)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertTrue(complaint.sla_escalated)
        self.assertEqual(
            len(self._activities(complaint, escalation, self.user_manager)), 2
        )

    def test_escalation_processes_many_complaints_in_batches(self):
        with freeze_time(T0):
            complaints = self.env["travel.complaint"].create(
                [
                    {
                        "subject": f"Delay {i}",
                        "booking_id": self.booking.id,
                        "priority": "3",
                    }
                    for i in range(5)
                ]
            )
        with freeze_time(T0 + timedelta(hours=9)):
            self.env["travel.complaint"]._cron_escalate_sla(batch_size=2)
        self.assertEqual(set(complaints.mapped("sla_status")), {"breached"})
        self.assertTrue(all(complaints.mapped("sla_escalated")))
        escalation = self.env.ref("travel_crm.mail_activity_type_complaint_escalation")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "travel.complaint"),
                ("res_id", "in", complaints.ids),
                ("activity_type_id", "=", escalation.id),
                ("user_id", "=", self.user_manager.id),
            ]
        )
        self.assertEqual(len(activities), 5)

    def test_escalation_reports_progress_until_nothing_remains(self):
        with freeze_time(T0):
            for i in range(5):
                self._complaint(subject=f"Delay {i}", priority="3")
            self.env.flush_all()  # on track when reported
        reports = []
        with (
            freeze_time(T0 + timedelta(hours=9)),
            patch.object(
                type(self.env["ir.cron"]),
                "_notify_progress",
                side_effect=lambda **kw: reports.append(kw),
            ),
        ):
            self.env["travel.complaint"]._cron_escalate_sla(batch_size=2)
        # ours are refreshed, then escalated: each once, two at a time
        done = [report["done"] for report in reports]
        self.assertGreaterEqual(done[-1], 10)
        self.assertLessEqual(max(b - a for a, b in pairwise(done)), 2)
        self.assertEqual(reports[-1]["remaining"], 0)

    def test_closed_complaints_are_never_escalated(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="3", resolution="<p>Done</p>")
            complaint.action_resolve()
            complaint.action_close()
        with freeze_time(T0 + timedelta(days=3)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertFalse(complaint.sla_escalated)

    def test_cron_record_runs_the_escalation(self):
        cron = self.env.ref("travel_crm.ir_cron_complaint_escalation")
        self.assertEqual(cron.model_id.model, "travel.complaint")
        with freeze_time(T0):
            complaint = self._complaint(priority="3")
        with freeze_time(T0 + timedelta(hours=9)):
            cron.method_direct_trigger()
        self.assertTrue(complaint.sla_escalated)
