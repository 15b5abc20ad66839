from datetime import datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools import sla as sla_calc

T0 = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestSlaCalc(BaseCase):
    def test_deadline_counts_calendar_hours_across_night_and_weekend(self):
        friday = datetime(2026, 3, 6, 18, 0)
        self.assertEqual(
            sla_calc.compute_deadline(friday, 72), datetime(2026, 3, 9, 18, 0)
        )
        self.assertEqual(
            sla_calc.compute_deadline(T0, 1.5), datetime(2026, 3, 2, 10, 30)
        )
        self.assertIsNone(sla_calc.compute_deadline(None, 8))
        self.assertIsNone(sla_calc.compute_deadline(T0, None))

    def test_at_risk_starts_at_eighty_percent_of_allowed_time(self):
        deadline = sla_calc.compute_deadline(T0, 10)
        self.assertEqual(
            sla_calc.at_risk_time(T0, deadline), datetime(2026, 3, 2, 17, 0)
        )
        just_before = datetime(2026, 3, 2, 16, 59)
        self.assertEqual(
            sla_calc.target_status(T0, deadline, just_before), sla_calc.ON_TRACK
        )
        self.assertEqual(
            sla_calc.target_status(T0, deadline, datetime(2026, 3, 2, 17, 0)),
            sla_calc.AT_RISK,
        )
        self.assertEqual(
            sla_calc.target_status(T0, deadline, datetime(2026, 3, 2, 19, 0)),
            sla_calc.AT_RISK,
        )
        self.assertEqual(
            sla_calc.target_status(T0, deadline, datetime(2026, 3, 2, 19, 1)),
            sla_calc.BREACHED,
        )

    def test_met_target_is_on_track_unless_met_late(self):
        deadline = sla_calc.compute_deadline(T0, 10)
        late_now = datetime(2026, 3, 5, 0, 0)
        in_time = datetime(2026, 3, 2, 18, 30)
        too_late = datetime(2026, 3, 2, 19, 30)
        self.assertEqual(
            sla_calc.target_status(T0, deadline, late_now, done_at=in_time),
            sla_calc.ON_TRACK,
        )
        self.assertEqual(
            sla_calc.target_status(T0, deadline, late_now, done_at=too_late),
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

    def test_hours_between(self):
        self.assertEqual(sla_calc.hours_between(T0, datetime(2026, 3, 3, 10, 30)), 25.5)
        self.assertEqual(sla_calc.hours_between(T0, None), 0.0)


@tagged("post_install", "-at_install")
class TestComplaintSlaCalc(BaseCase):
    """A complaint reported at 09:00 with 8 h to answer (due 17:00, at risk from
    15:24) and 24 h to solve (due 09:00 the next day, at risk from 04:12)."""

    RESPONSE_DUE = datetime(2026, 3, 2, 17, 0)
    RESOLUTION_DUE = datetime(2026, 3, 3, 9, 0)

    def _sla(self, now, answered=None, resolved=None):
        return sla_calc.complaint_sla(
            T0,
            [(self.RESPONSE_DUE, answered), (self.RESOLUTION_DUE, resolved)],
            now,
        )

    def test_pending_targets_give_the_next_thresholds(self):
        self.assertEqual(
            self._sla(datetime(2026, 3, 2, 15, 0)),
            (sla_calc.ON_TRACK, datetime(2026, 3, 2, 15, 24), self.RESPONSE_DUE),
        )
        self.assertEqual(
            self._sla(datetime(2026, 3, 2, 16, 0)),
            (sla_calc.AT_RISK, datetime(2026, 3, 2, 15, 24), self.RESPONSE_DUE),
        )

    def test_a_met_target_no_longer_sets_the_thresholds(self):
        sla = self._sla(
            datetime(2026, 3, 3, 5, 0), answered=datetime(2026, 3, 2, 16, 30)
        )
        self.assertEqual(sla.status, sla_calc.AT_RISK)
        self.assertEqual(sla.at_risk_date, datetime(2026, 3, 3, 4, 12))
        self.assertEqual(sla.breach_date, self.RESOLUTION_DUE)

    def test_a_late_answer_breaches_for_good(self):
        sla = self._sla(
            datetime(2026, 3, 10, 0, 0),
            answered=datetime(2026, 3, 2, 18, 0),
            resolved=datetime(2026, 3, 2, 20, 0),
        )
        self.assertEqual(sla, (sla_calc.BREACHED, None, None))
        self.assertEqual(sla_calc.compliance(sla.status), 0.0)

    def test_without_deadlines_a_complaint_is_on_track(self):
        sla = sla_calc.complaint_sla(T0, [(None, None), (None, None)], T0)
        self.assertEqual(sla, (sla_calc.ON_TRACK, None, None))

    def test_compliance_holds_until_the_breach(self):
        self.assertEqual(sla_calc.compliance(sla_calc.ON_TRACK), 100.0)
        self.assertEqual(sla_calc.compliance(sla_calc.AT_RISK), 100.0)
        self.assertEqual(sla_calc.compliance(sla_calc.BREACHED), 0.0)
