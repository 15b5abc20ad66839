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
