"""SLA policies on working calendars (resource.calendar): deadlines in the
calendar's timezone without its public holidays, the default calendar of the
settings, and the service reports in working hours. The arithmetic itself:
test_service_sla.py. 2026-03-02 is a Monday."""

from datetime import datetime

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .service_common import ServiceRecoveryCase

MONDAY = datetime(2026, 3, 2, 9, 0)
FRIDAY = datetime(2026, 3, 6, 15, 0)


@tagged("post_install", "-at_install")
class TestSlaCalendar(ServiceRecoveryCase):
    @freeze_time(MONDAY)
    def test_deadlines_count_office_hours_in_the_calendars_timezone(self):
        # Shanghai 09:00-18:00 = 01:00-10:00 UTC; reported Monday 09:00 UTC,
        # 17:00 in Shanghai: 1 h on Monday, then Tuesday from 01:00 UTC
        shanghai = self._office_calendar("Asia/Shanghai", 9, 18)
        self._policy("2", 3, 12, shanghai)
        complaint = self._complaint(priority="2", date_open=MONDAY)
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 3, 3, 0))
        # 1 h Monday, 9 h Tuesday, 2 h Wednesday
        self.assertEqual(complaint.deadline, datetime(2026, 3, 4, 3, 0))
        with freeze_time("2026-03-03 02:00"):
            self._reply(complaint)
        with freeze_time("2026-03-03 05:00"):
            complaint.resolution = "<p>Room changed.</p>"
            complaint.action_resolve()
        # 1 h on Monday, then Tuesday from 01:00 UTC
        self.assertEqual(complaint.first_response_hours, 2.0)
        self.assertEqual(complaint.resolution_hours, 5.0)
        self.assertEqual(complaint.sla_status, "on_track")

    @freeze_time(FRIDAY)
    def test_public_holidays_of_the_calendar_are_skipped(self):
        office = self._office_calendar(holidays=["2026-03-09"])
        # leaves of another calendar or of one resource do not close the office
        other = self._office_calendar(holidays=["2026-03-10"])
        resource = self.env["resource.resource"].create(
            {"name": "Tina", "calendar_id": office.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Tina's day off",
                "calendar_id": office.id,
                "resource_id": resource.id,
                "date_from": "2026-03-10 00:00:00",
                "date_to": "2026-03-10 23:59:59",
            }
        )
        self.assertTrue(other.leave_ids)
        self._policy("1", 4, 16, office)
        complaint = self._complaint(priority="1")
        # Friday 15:00-17:00, Monday off, Tuesday 09:00-11:00
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 10, 11, 0))
        # Friday 2 h, Tuesday 8 h, Wednesday 6 h
        self.assertEqual(complaint.deadline, datetime(2026, 3, 11, 15, 0))

    @freeze_time("2026-03-06 20:00")
    def test_urgent_policy_without_calendar_runs_round_the_clock(self):
        self._policy("2", 4, 16, self._office_calendar())
        self._policy("3", 1, 8, False)
        urgent = self._complaint(priority="3")
        high = self._complaint(priority="2")
        self.assertEqual(urgent.response_deadline, datetime(2026, 3, 6, 21, 0))
        self.assertEqual(urgent.deadline, datetime(2026, 3, 7, 4, 0))
        # reported on Friday evening: the office answers on Monday
        self.assertEqual(high.response_deadline, datetime(2026, 3, 9, 13, 0))

    def test_working_time_agrees_with_resources_own_intervals(self):
        """Our reading of a calendar gives the intervals Odoo's resource
        module gives, across the Paris daylight-saving change and a holiday."""
        paris = self._office_calendar("Europe/Paris", 8.5, 17.75)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Good Friday",
                "calendar_id": paris.id,
                "date_from": "2026-04-02 22:00:00",
                "date_to": "2026-04-03 21:59:59",
            }
        )
        start, end = datetime(2026, 3, 23), datetime(2026, 4, 7)
        ours = self.env["travel.sla.policy"]._sla_work_calendars(paris)[paris.id]
        theirs = paris._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end)
        )[False]
        expected = [
            (
                begin.astimezone(pytz.utc).replace(tzinfo=None),
                stop.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for begin, stop, _records in theirs
        ]
        got = [(b, e) for b, e in ours.intervals(start, end) if e <= end]
        self.assertEqual(got, expected)
        self.assertEqual(len(got), 10)  # eleven weekdays, Good Friday off

    def test_calendar_without_fixed_hours_is_refused(self):
        flexible = self.env["resource.calendar"].create(
            {"name": "Flexible", "flexible_hours": True, "company_id": False}
        )
        empty = self.env["resource.calendar"].create(
            {
                "name": "No hours",
                "company_id": False,
                "attendance_ids": [Command.clear()],
            }
        )
        policy = self.env.ref("travel_crm.travel_sla_policy_normal")
        for calendar in (flexible, empty):
            with self.subTest(calendar=calendar.name):
                with self.assertRaises(ValidationError):
                    policy.resource_calendar_id = calendar
                    policy.flush_recordset()
                policy.invalidate_recordset()
                self.assertFalse(policy.resource_calendar_id)

    def test_settings_calendar_is_the_default_of_new_policies(self):
        office = self._office_calendar()
        company_office = office.copy({"company_id": self.company.id})
        settings = Form(self.env["res.config.settings"])
        settings.travel_sla_calendar_id = company_office
        settings.save().execute()
        self.assertEqual(self.company.travel_sla_calendar_id, company_office)
        self.assertEqual(self._policy("2", 4, 8).resource_calendar_id, company_office)
        # the form proposes it too
        with Form(self.env["travel.sla.policy"]) as form:
            form.company_id = self.company
            form.priority = "0"
            form.response_hours = 8
            form.resolution_hours = 40
            self.assertEqual(form.resource_calendar_id, company_office)
            form.resource_calendar_id = self.env["resource.calendar"]
        self.assertFalse(form.record.resource_calendar_id)  # chosen: round the clock
        # a shared policy cannot count one company's calendar: none by default
        self.env["travel.sla.policy"].search(
            [("company_id", "=", False)]
        ).active = False
        shared = self.env["travel.sla.policy"].create(
            {"priority": "3", "response_hours": 1, "resolution_hours": 4}
        )
        self.assertFalse(shared.resource_calendar_id)

    def test_service_report_groups_working_hours_and_compliance(self):
        office = self._office_calendar()
        self._policy("1", 4, 16, office)
        with freeze_time(FRIDAY):
            kept = self._complaint(category_id=self.category_accommodation.id)
            late = self._complaint(
                subject="Flight changed",
                category_id=self.env.ref(
                    "travel_crm.travel_complaint_category_transport"
                ).id,
            )
        with freeze_time("2026-03-09 10:00"):  # Monday: 3 h used
            self._reply(kept)
            kept.action_wait()
        with freeze_time("2026-03-10 10:00"):  # 8 h of waiting
            kept.action_start()
        with freeze_time("2026-03-11 10:00"):
            (kept | late).write({"resolution": "<p>Done.</p>"})
            (kept | late).action_resolve()
        self.assertEqual(kept.sla_paused_hours, 8.0)
        self.assertEqual(kept.resolution_hours, 11.0)  # 3 + Tuesday 1 + 7
        self.assertEqual(late.resolution_hours, 19.0)
        groups = self.env["travel.complaint"]._read_group(
            [("id", "in", (kept | late).ids)],
            ["category_id", "date_open:month"],
            ["sla_compliance:avg", "resolution_hours:avg", "sla_paused_hours:sum"],
        )
        self.assertEqual(
            {(g[0], g[2], g[3], g[4]) for g in groups},
            {
                (self.category_accommodation, 100.0, 11.0, 8.0),
                (late.category_id, 0.0, 19.0, 0.0),
            },
        )
        self.assertEqual({g[1].month for g in groups}, {3})
        for fname in ("first_response_hours", "resolution_hours", "sla_paused_hours"):
            self.assertTrue(self.env["travel.complaint"]._fields[fname].store)
