"""The SLA arithmetic (travel_crm.tools.sla), hand-worked: round the clock, on
working calendars (weekend, public holiday, another timezone than the server's,
a daylight-saving change) and with waits (across a holiday, nested, still going
on). All times are naive UTC, as Odoo stores them; 2026-03-06 is a Friday."""

from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools import sla as sla_calc

T0 = datetime(2026, 3, 2, 9, 0)  # a Monday
FRIDAY = datetime(2026, 3, 6, 15, 0)


def weekdays(hour_from, hour_to):
    return [sla_calc.Attendance(day, hour_from, hour_to) for day in range(5)]


def office(tz="UTC", leaves=()):
    """Monday to Friday, 09:00-17:00 in ``tz``."""
    return sla_calc.WorkCalendar(tz, weekdays(9, 17), leaves)


# Monday 2026-03-09, a public holiday (a whole day off, as a calendar leave)
HOLIDAY = (datetime(2026, 3, 9, 0, 0), datetime(2026, 3, 9, 23, 59, 59))


@tagged("post_install", "-at_install")
class TestSlaRoundTheClock(BaseCase):
    """Without a calendar, targets count calendar hours (as before working
    calendars; the in-trip emergencies' policy)."""

    def test_deadline_counts_calendar_hours_across_night_and_weekend(self):
        self.assertEqual(
            sla_calc.deadline(None, datetime(2026, 3, 6, 18, 0), 72),
            datetime(2026, 3, 9, 18, 0),
        )
        self.assertEqual(sla_calc.deadline(None, T0, 1.5), datetime(2026, 3, 2, 10, 30))
        self.assertIsNone(sla_calc.deadline(None, None, 8))
        self.assertIsNone(sla_calc.deadline(None, T0, None))

    def test_at_risk_starts_at_eighty_percent_of_allowed_time(self):
        def status(now):
            return sla_calc.target_status(None, T0, 10, now)

        self.assertEqual(status(datetime(2026, 3, 2, 16, 59))[0], sla_calc.ON_TRACK)
        self.assertEqual(
            status(datetime(2026, 3, 2, 17, 0)),
            (sla_calc.AT_RISK, datetime(2026, 3, 2, 17, 0), datetime(2026, 3, 2, 19)),
        )
        self.assertEqual(status(datetime(2026, 3, 2, 19, 0))[0], sla_calc.AT_RISK)
        self.assertEqual(status(datetime(2026, 3, 2, 19, 1))[0], sla_calc.BREACHED)

    def test_met_target_is_on_track_unless_met_late(self):
        late_now = datetime(2026, 3, 5, 0, 0)
        in_time = datetime(2026, 3, 2, 18, 30)
        too_late = datetime(2026, 3, 2, 19, 30)
        self.assertEqual(
            sla_calc.target_status(None, T0, 10, late_now, done_at=in_time)[0],
            sla_calc.ON_TRACK,
        )
        self.assertEqual(
            sla_calc.target_status(None, T0, 10, late_now, done_at=too_late)[0],
            sla_calc.BREACHED,
        )

    def test_worst_status_wins(self):
        self.assertEqual(sla_calc.worst_status(), sla_calc.ON_TRACK)
        self.assertEqual(
            sla_calc.worst_status(sla_calc.ON_TRACK, sla_calc.AT_RISK), sla_calc.AT_RISK
        )
        self.assertEqual(
            sla_calc.worst_status(sla_calc.BREACHED, sla_calc.AT_RISK),
            sla_calc.BREACHED,
        )

    def test_elapsed_hours(self):
        self.assertEqual(sla_calc.elapsed(None, T0, datetime(2026, 3, 3, 10, 30)), 25.5)
        self.assertEqual(sla_calc.elapsed(None, T0, None), 0.0)
        self.assertEqual(sla_calc.elapsed(None, T0, T0 - timedelta(hours=1)), 0.0)

    def test_a_wait_moves_the_deadline_by_its_length(self):
        waits = [(datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 2, 13, 30))]
        self.assertEqual(
            sla_calc.deadline(None, T0, 8, waits), datetime(2026, 3, 2, 20, 30)
        )
        self.assertEqual(sla_calc.paused_hours(None, T0, waits), 3.5)


@tagged("post_install", "-at_install")
class TestSlaWorkingCalendar(BaseCase):
    def test_weekend_is_skipped(self):
        # Friday 15:00-17:00 (2 h), then Monday 09:00-11:00
        self.assertEqual(
            sla_calc.deadline(office(), FRIDAY, 4), datetime(2026, 3, 9, 11, 0)
        )
        self.assertEqual(
            sla_calc.elapsed(office(), FRIDAY, datetime(2026, 3, 9, 10, 0)), 3.0
        )

    def test_a_deadline_at_the_end_of_the_day_stays_on_that_day(self):
        self.assertEqual(
            sla_calc.deadline(office(), T0, 8), datetime(2026, 3, 2, 17, 0)
        )

    def test_public_holiday_is_skipped(self):
        # Monday 9 March is a holiday: Friday 2 h, Tuesday 09:00-11:00
        self.assertEqual(
            sla_calc.deadline(office(leaves=[HOLIDAY]), FRIDAY, 4),
            datetime(2026, 3, 10, 11, 0),
        )

    def test_calendar_counts_its_own_timezone_not_the_servers(self):
        # Shanghai 09:00-18:00 is 01:00-10:00 UTC. Reported Monday 09:00 UTC
        # (17:00 in Shanghai): 1 h on Monday, then Tuesday 09:00-11:00 local,
        # that is Tuesday 03:00 UTC; the same hours in UTC end Monday 12:00.
        shanghai = sla_calc.WorkCalendar("Asia/Shanghai", weekdays(9, 18))
        self.assertEqual(sla_calc.deadline(shanghai, T0, 3), datetime(2026, 3, 3, 3, 0))
        utc = sla_calc.WorkCalendar("UTC", weekdays(9, 18))
        self.assertEqual(sla_calc.deadline(utc, T0, 3), datetime(2026, 3, 2, 12, 0))

    def test_daylight_saving_change_keeps_local_office_hours(self):
        # Paris switches to summer time on Sunday 29 March 2026: the office
        # opens at 08:00 UTC on Friday 27 and at 07:00 UTC on Monday 30.
        # Reported Friday 15:00 UTC (16:00 in Paris): 1 h on Friday, Monday
        # 09:00-11:00 local = 07:00-09:00 UTC.
        paris = office("Europe/Paris")
        friday = datetime(2026, 3, 27, 15, 0)
        self.assertEqual(
            sla_calc.deadline(paris, friday, 3), datetime(2026, 3, 30, 9, 0)
        )
        # Friday 14:00-16:00 UTC (2 h) and Monday 07:00-08:00 UTC (1 h)
        self.assertEqual(
            sla_calc.elapsed(
                paris, datetime(2026, 3, 27, 14, 0), datetime(2026, 3, 30, 8, 0)
            ),
            3.0,
        )
        # and back in autumn (25 October): Monday 26 opens at 08:00 UTC
        self.assertEqual(
            sla_calc.deadline(paris, datetime(2026, 10, 23, 14, 0), 2),
            datetime(2026, 10, 26, 9, 0),
        )

    def test_complaint_reported_outside_working_hours_waits_for_the_office(self):
        saturday = datetime(2026, 3, 7, 20, 0)
        self.assertEqual(
            sla_calc.deadline(office(), saturday, 2), datetime(2026, 3, 9, 11, 0)
        )
        # 37 calendar hours later nothing is used: on track until 80 % of 2 h
        self.assertEqual(
            sla_calc.target_status(office(), saturday, 2, datetime(2026, 3, 9, 9))[0],
            sla_calc.ON_TRACK,
        )
        self.assertEqual(
            sla_calc.target_status(office(), saturday, 2, datetime(2026, 3, 9, 10, 36)),
            (
                sla_calc.AT_RISK,
                datetime(2026, 3, 9, 10, 36),
                datetime(2026, 3, 9, 11, 0),
            ),
        )

    def test_two_week_calendar_and_dated_hours(self):
        # week type of Monday 2 March 2026 and of the next Monday differ
        this_week = sla_calc.week_type(date(2026, 3, 2))
        self.assertNotEqual(this_week, sla_calc.week_type(date(2026, 3, 9)))
        calendar = sla_calc.WorkCalendar(
            "UTC",
            [sla_calc.Attendance(0, 9, 17, str(1 - this_week))],
            two_weeks=True,
        )
        # Monday 2 March is off: the 8 h are on Monday 9 March
        self.assertEqual(
            sla_calc.deadline(calendar, T0, 8), datetime(2026, 3, 9, 17, 0)
        )
        ended = sla_calc.WorkCalendar(
            "UTC", [sla_calc.Attendance(0, 9, 17, None, None, date(2026, 3, 1))]
        )
        self.assertIsNone(sla_calc.deadline(ended, T0, 1))

    def test_calendar_without_hours_gives_no_deadline(self):
        self.assertIsNone(sla_calc.deadline(sla_calc.WorkCalendar("UTC", []), T0, 1))


@tagged("post_install", "-at_install")
class TestSlaWaits(BaseCase):
    """Reported Thursday 5 March 09:00 with 16 working hours to solve."""

    START = datetime(2026, 3, 5, 9, 0)

    def test_wait_spanning_a_holiday_counts_only_working_time(self):
        # waiting Friday 13:00 to Tuesday 10:00 over the holiday Monday: Friday
        # 13-17 (4 h) and Tuesday 09-10 (1 h) are not counted. Used before:
        # Thursday 8 h + Friday 4 h; the last 4 h run Tuesday 10:00-14:00.
        calendar = office(leaves=[HOLIDAY])
        waits = [(datetime(2026, 3, 6, 13, 0), datetime(2026, 3, 10, 10, 0))]
        self.assertEqual(sla_calc.paused_hours(calendar, self.START, waits), 5.0)
        self.assertEqual(
            sla_calc.deadline(calendar, self.START, 16, waits),
            datetime(2026, 3, 10, 14, 0),
        )
        self.assertEqual(
            sla_calc.deadline(calendar, self.START, 16), datetime(2026, 3, 6, 17, 0)
        )

    def test_nested_and_overlapping_waits_count_once(self):
        # on the customer 10:00-14:00 and, inside it, on a hotel 11:00-12:00:
        # 4 h on hold, not 5. Thursday 09-10 and 14-17 (4 h), Friday 8 h,
        # Monday 09:00-13:00.
        nested = [
            (datetime(2026, 3, 5, 10, 0), datetime(2026, 3, 5, 14, 0)),
            (datetime(2026, 3, 5, 11, 0), datetime(2026, 3, 5, 12, 0)),
        ]
        overlapping = [
            (datetime(2026, 3, 5, 10, 0), datetime(2026, 3, 5, 12, 0)),
            (datetime(2026, 3, 5, 11, 0), datetime(2026, 3, 5, 14, 0)),
        ]
        for waits in (nested, overlapping):
            with self.subTest(waits=waits):
                self.assertEqual(
                    sla_calc.paused_hours(office(), self.START, waits), 4.0
                )
                self.assertEqual(
                    sla_calc.deadline(office(), self.START, 16, waits),
                    datetime(2026, 3, 9, 13, 0),
                )
                self.assertEqual(
                    sla_calc.elapsed(
                        office(), self.START, datetime(2026, 3, 5, 17), waits
                    ),
                    4.0,
                )

    def test_a_wait_going_on_stops_the_clock(self):
        waits = [(datetime(2026, 3, 5, 15, 0), None)]
        a_week_later = datetime(2026, 3, 12, 12, 0)
        # 6 h used before the wait: on track and no next threshold
        self.assertEqual(
            sla_calc.complaint_sla(
                office(), self.START, [(8, None), (16, None)], a_week_later, waits
            ),
            (sla_calc.ON_TRACK, None, None),
        )
        # the deadline does not move until the wait ends
        self.assertEqual(
            sla_calc.deadline(office(), self.START, 16, waits),
            datetime(2026, 3, 6, 17, 0),
        )
        self.assertEqual(sla_calc.paused_hours(office(), self.START, waits), 0.0)
        # at risk before the wait: it stays at risk, never breaches meanwhile
        self.assertEqual(
            sla_calc.target_status(office(), self.START, 7, a_week_later, None, waits)[
                0
            ],
            sla_calc.AT_RISK,
        )

    def test_a_wait_after_the_breach_does_not_undo_it(self):
        waits = [(datetime(2026, 3, 6, 9, 0), None)]
        self.assertEqual(
            sla_calc.target_status(
                office(), self.START, 4, datetime(2026, 3, 9, 9), None, waits
            ),
            (sla_calc.BREACHED, datetime(2026, 3, 5, 12, 12), datetime(2026, 3, 5, 13)),
        )

    def test_an_answer_sent_while_waiting_is_in_time(self):
        # 2 h target, waiting from 10:00 (1 h used): answered the next day
        waits = [(datetime(2026, 3, 5, 10, 0), None)]
        self.assertEqual(
            sla_calc.target_status(
                office(),
                self.START,
                2,
                datetime(2026, 3, 6, 16),
                done_at=datetime(2026, 3, 6, 15),
                waits=waits,
            )[0],
            sla_calc.ON_TRACK,
        )


@tagged("post_install", "-at_install")
class TestComplaintSlaCalc(BaseCase):
    """Reported Friday 15:00 on the office calendar with 4 h to answer (due
    Monday 11:00, at risk from Monday 10:12) and 8 h to solve (due Monday 15:00,
    at risk from Monday 13:24)."""

    RESPONSE_DUE = datetime(2026, 3, 9, 11, 0)
    RESOLUTION_DUE = datetime(2026, 3, 9, 15, 0)

    def _sla(self, now, answered=None, resolved=None, waits=()):
        return sla_calc.complaint_sla(
            office(), FRIDAY, [(4, answered or resolved), (8, resolved)], now, waits
        )

    def test_pending_targets_give_the_next_thresholds(self):
        self.assertEqual(
            self._sla(datetime(2026, 3, 9, 10, 0)),
            (sla_calc.ON_TRACK, datetime(2026, 3, 9, 10, 12), self.RESPONSE_DUE),
        )
        self.assertEqual(
            self._sla(datetime(2026, 3, 9, 10, 12)),
            (sla_calc.AT_RISK, datetime(2026, 3, 9, 10, 12), self.RESPONSE_DUE),
        )

    def test_a_met_target_no_longer_sets_the_thresholds(self):
        sla = self._sla(datetime(2026, 3, 9, 14, 0), answered=datetime(2026, 3, 9, 9))
        self.assertEqual(sla.status, sla_calc.AT_RISK)
        self.assertEqual(sla.at_risk_date, datetime(2026, 3, 9, 13, 24))
        self.assertEqual(sla.breach_date, self.RESOLUTION_DUE)

    def test_a_late_answer_breaches_for_good(self):
        sla = self._sla(
            datetime(2026, 3, 20, 0, 0),
            answered=datetime(2026, 3, 9, 11, 30),
            resolved=datetime(2026, 3, 9, 14, 0),
        )
        self.assertEqual(sla, (sla_calc.BREACHED, None, None))
        self.assertEqual(sla_calc.compliance(sla.status), 0.0)

    def test_an_ended_wait_moves_the_thresholds(self):
        # waiting Monday 09:00-10:00: one hour later for everything
        waits = [(datetime(2026, 3, 9, 9, 0), datetime(2026, 3, 9, 10, 0))]
        self.assertEqual(
            self._sla(datetime(2026, 3, 9, 10, 30), waits=waits),
            (sla_calc.ON_TRACK, datetime(2026, 3, 9, 11, 12), datetime(2026, 3, 9, 12)),
        )

    def test_without_targets_a_complaint_is_on_track(self):
        sla = sla_calc.complaint_sla(None, T0, [(None, None), (None, None)], T0)
        self.assertEqual(sla, (sla_calc.ON_TRACK, None, None))

    def test_compliance_holds_until_the_breach(self):
        self.assertEqual(sla_calc.compliance(sla_calc.ON_TRACK), 100.0)
        self.assertEqual(sla_calc.compliance(sla_calc.AT_RISK), 100.0)
        self.assertEqual(sla_calc.compliance(sla_calc.BREACHED), 0.0)
