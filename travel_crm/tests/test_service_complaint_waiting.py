"""Complaints waiting on the customer or a supplier: the SLA clock stops, the
deadlines move by the working time spent waiting, the chatter says so and the
escalation cron leaves them alone until they resume. (Replies by mail and on
the portal: test_service_complaint_mail.py, test_portal_complaint.py.)"""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.tests.test_ir_cron import CronMixinCase

from .service_common import ServiceRecoveryCase

T0 = datetime(2026, 3, 2, 9, 0)  # a Monday


@tagged("post_install", "-at_install")
class TestComplaintWaiting(CronMixinCase, ServiceRecoveryCase):
    def _notes(self, complaint):
        return [m.body for m in complaint.message_ids if m.body]

    def test_waiting_stops_the_clock_and_resuming_moves_the_deadlines(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="1")  # 24 h / 72 h
        with freeze_time(T0 + timedelta(hours=2)):
            complaint.with_context(travel_waiting_on="customer").action_wait()
        self.assertEqual(complaint.state, "waiting")
        self.assertEqual(complaint.waiting_on, "customer")
        self.assertEqual(complaint.waiting_since, T0 + timedelta(hours=2))
        self.assertIn("the SLA clock is stopped", self._notes(complaint)[0])
        # unchanged until the wait ends
        self.assertEqual(complaint.deadline, T0 + timedelta(hours=72))
        with (
            freeze_time(T0 + timedelta(hours=12)),
            self.capture_triggers("travel_crm.ir_cron_complaint_escalation") as cap,
        ):
            complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(complaint.wait_ids.date_end, T0 + timedelta(hours=12))
        self.assertEqual(complaint.sla_paused_hours, 10.0)
        self.assertEqual(complaint.response_deadline, T0 + timedelta(hours=34))
        self.assertEqual(complaint.deadline, T0 + timedelta(hours=82))
        self.assertEqual(complaint.sla_breach_date, T0 + timedelta(hours=34))
        self.assertTrue(cap.records, "the escalation run re-checks it soon")
        note = self._notes(complaint)[0]
        self.assertIn("10:00", note)
        self.assertIn("Resolution due", note)

    def test_time_waiting_over_a_holiday_counts_working_hours_only(self):
        office = self._office_calendar(holidays=["2026-03-09"])
        self._policy("2", 4, 16, office)
        with freeze_time("2026-03-05 09:00"):  # Thursday
            complaint = self._complaint(priority="2")
        with freeze_time("2026-03-06 13:00"):
            complaint.with_context(travel_waiting_on="supplier").action_wait()
            self.assertIn("Waiting on a supplier", self._notes(complaint)[0])
        with freeze_time("2026-03-10 10:00"):  # Tuesday, after the holiday
            complaint.action_start()
        # Friday 13-17 and Tuesday 9-10 spent waiting; 12 h used before it
        self.assertEqual(complaint.sla_paused_hours, 5.0)
        self.assertEqual(complaint.deadline, datetime(2026, 3, 10, 14, 0))

    def test_escalation_leaves_waiting_complaints_alone_until_they_resume(self):
        risk = self.env.ref("travel_crm.mail_activity_type_complaint_sla_risk")
        Activity = self.env["mail.activity"]
        with freeze_time(T0):
            complaint = self._complaint(priority="3")  # 1 h / 8 h
            self._reply(complaint)
        with freeze_time(T0 + timedelta(minutes=30)):
            complaint.action_wait()
        with freeze_time(T0 + timedelta(hours=20)):  # long past 8 h
            self.env["travel.complaint"]._cron_escalate_sla()
            self.assertEqual(complaint.sla_status, "on_track")
            self.assertFalse(complaint.sla_warned or complaint.sla_escalated)
            self.assertFalse(complaint.activity_ids)
            complaint.action_start()  # 19 h 30 on hold
        self.assertEqual(complaint.deadline, T0 + timedelta(hours=27, minutes=30))
        self.assertEqual(
            complaint.sla_at_risk_date, T0 + timedelta(hours=25, minutes=54)
        )
        with freeze_time(T0 + timedelta(hours=26)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(complaint.sla_status, "at_risk")
        self.assertTrue(complaint.sla_warned)
        self.assertEqual(
            Activity.search_count(
                [
                    ("res_model", "=", "travel.complaint"),
                    ("res_id", "=", complaint.id),
                    ("activity_type_id", "=", risk.id),
                ]
            ),
            1,
        )
        with freeze_time(T0 + timedelta(hours=28)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertTrue(complaint.sla_escalated)

    def test_a_breach_before_the_wait_stays_breached(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="3")  # 1 h to answer
        with freeze_time(T0 + timedelta(hours=2)):
            complaint.action_wait()
            self.assertEqual(complaint.sla_status, "breached")
        with freeze_time(T0 + timedelta(hours=5)):
            complaint.action_start()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertEqual(complaint.response_deadline, T0 + timedelta(hours=1))

    def test_staff_replies_keep_it_waiting_and_count_as_first_response(self):
        with freeze_time(T0):
            complaint = self._complaint()
            complaint.action_wait()
        with freeze_time(T0 + timedelta(hours=1)):
            self._reply(complaint, body="Could you send us a photo of the room?")
        self.assertEqual(complaint.state, "waiting")
        self.assertEqual(complaint.first_response_date, T0 + timedelta(hours=1))
        # the clock stood still from the start: answered in no time
        self.assertEqual(complaint.first_response_hours, 0.0)
        self.assertEqual(complaint.sla_status, "on_track")

    def test_resolving_a_waiting_complaint_ends_its_wait(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="1", resolution="<p>Refunded.</p>")
            complaint.with_context(travel_waiting_on="supplier").action_wait()
        with freeze_time(T0 + timedelta(hours=6)):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(complaint.wait_ids.date_end, T0 + timedelta(hours=6))
        self.assertEqual(complaint.resolution_hours, 0.0)
        self.assertEqual(complaint.sla_paused_hours, 6.0)
        self.assertNotIn("Back in progress", " ".join(self._notes(complaint)))

    def test_waiting_is_refused_where_it_makes_no_sense_and_writes_nothing(self):
        resolved = self._complaint(resolution="<p>Done.</p>")
        resolved.action_resolve()
        with self.assertRaises(UserError):
            resolved.action_wait()
        self.assertFalse(resolved.wait_ids)
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.action_wait(waiting_on="weather")
        self.assertEqual(complaint.state, "new")
        self.assertFalse(complaint.wait_ids)
        complaint.action_wait()
        with self.assertRaises(UserError):
            complaint.action_wait()  # already waiting
        self.assertEqual(len(complaint.wait_ids), 1)
        # the agent who may work on it may not rewrite the times
        with self.assertRaises(AccessError):
            complaint.wait_ids.with_user(self.user_agent).date_start = T0

    def test_manager_corrects_a_wait_and_the_deadlines_follow(self):
        with freeze_time(T0):
            complaint = self._complaint(priority="2")  # 8 h / 24 h
        with freeze_time(T0 + timedelta(hours=4)):
            complaint.action_wait()
            complaint.action_start()
        wait = complaint.wait_ids.with_user(self.user_manager)
        # the agent forgot to resume: it waited from 1 h to 4 h
        wait.date_start = T0 + timedelta(hours=1)
        self.assertEqual(complaint.sla_paused_hours, 3.0)
        self.assertEqual(complaint.deadline, T0 + timedelta(hours=27))
        for vals in (
            {"date_end": T0},  # before it started
            {"date_start": T0 - timedelta(hours=1)},  # before the report
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                wait.write(vals)
                wait.flush_recordset()
        wait.invalidate_recordset()
        self.assertEqual(wait.date_start, T0 + timedelta(hours=1))
        with self.assertRaises(ValidationError):
            self.env["travel.complaint.wait"].create(
                [
                    {
                        "complaint_id": complaint.id,
                        "date_start": T0 + timedelta(hours=5),
                    },
                    {
                        "complaint_id": complaint.id,
                        "date_start": T0 + timedelta(hours=6),
                    },
                ]
            )

    def test_writing_the_state_keeps_the_waits_in_step(self):
        with freeze_time(T0):
            complaint = self._complaint()
            complaint.state = "waiting"
        self.assertEqual(complaint.waiting_since, T0)
        with freeze_time(T0 + timedelta(hours=3)):
            complaint.state = "in_progress"
        self.assertEqual(complaint.wait_ids.date_end, T0 + timedelta(hours=3))
        self.assertEqual(complaint.sla_paused_hours, 3.0)
        self.assertFalse(complaint.waiting_since)
