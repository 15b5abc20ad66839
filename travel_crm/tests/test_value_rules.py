from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools import customer_value as rules

# The thresholds of a new company (the defaults of its travel_value_* fields).
DEFAULTS = rules.ValueRules(
    window_months=36,
    high_score=12,
    potential_score=8,
    new_days=365,
    loyal_trips=3,
    lost_days=730,
    risk_threshold=0.7,
    default_interval=365,
    default_retention=0.5,
)
TODAY = date(2025, 6, 15)


def _stats(trips, window_trips=None, margin=0.0):
    return rules.CustomerStats(
        total_trips=len(trips),
        window_trips=len(trips) if window_trips is None else window_trips,
        first_trip=trips[0],
        last_trip=trips[-1],
        historical_margin=margin,
    )


@tagged("post_install", "-at_install")
class TestCustomerValueRules(BaseCase):
    """The plain-Python rules applied to a customer with at least one
    completed trip, on numbers worked out by hand. The RFM quintiles are SQL
    (test_value_rfm); a customer without a trip keeps the defaults
    (test_value_segmentation, customers G and H)."""

    def test_churn_risk_follows_the_customers_own_interval(self):
        self.assertEqual(rules.churn_risk(0, 180), 0.0)
        # one interval: 1 - e^-1 = 0.63212; two: 1 - e^-2 = 0.86466
        self.assertEqual(rules.churn_risk(180, 180), 0.6321)
        self.assertEqual(rules.churn_risk(360, 180), 0.8647)
        # a trip in the future counts as today
        self.assertEqual(rules.churn_risk(-10, 180), 0.0)
        # risk 0.7 is reached after 365 * -ln(0.3) = 439.45 -> day 440
        self.assertEqual(rules.days_until_risk(365, 0.7), 440)
        self.assertLess(rules.churn_risk(439, 365), 0.7)
        self.assertGreaterEqual(rules.churn_risk(440, 365), 0.7)

    def test_usual_interval_is_average_gap_at_least_thirty_days(self):
        trips = [date(2024, 1, 1), date(2024, 3, 1), date(2024, 7, 1)]
        # 182 days over 2 gaps = 91
        self.assertEqual(rules.usual_interval(_stats(trips), DEFAULTS), 91)
        same_week = [date(2024, 1, 1), date(2024, 1, 5)]
        self.assertEqual(rules.usual_interval(_stats(same_week), DEFAULTS), 30)
        self.assertEqual(rules.usual_interval(_stats(trips[:1]), DEFAULTS), 365)

    def test_stage_rules_apply_in_order(self):
        at_risk_date = date(2025, 10, 1)

        def stage(trips, window=None, risk_date=at_risk_date):
            return rules.lifecycle_stage(
                _stats(trips, window), TODAY, risk_date, DEFAULTS
            )[0]

        # last trip 731 days ago > 730: churned even if the risk date is ahead
        self.assertEqual(stage([date(2023, 6, 14)]), "churned")
        # 730 days ago is not yet lost, but past the at-risk date
        self.assertEqual(stage([date(2023, 6, 16)], risk_date=TODAY), "at_risk")
        three = [date(2024, 1, 1), date(2024, 6, 1), date(2025, 1, 1)]
        self.assertEqual(stage(three), "loyal")
        self.assertEqual(stage(three, window=2), "repeat")
        self.assertEqual(stage(three[:1]), "first_time")

    def test_segment_rules_apply_in_order(self):
        at_risk_date = date(2025, 10, 1)

        def segment(trips, total, risk_date=at_risk_date):
            return rules.value_segment(
                _stats(trips), total, TODAY, risk_date, DEFAULTS
            )[0]

        recent = date(2025, 5, 1)
        self.assertEqual(segment([date(2023, 6, 1)], 15), "lost")
        self.assertEqual(segment([recent], 15, risk_date=TODAY), "at_risk")
        # a single recent trip with top scores is already high value
        self.assertEqual(segment([recent], 12), "high")
        self.assertEqual(segment([recent], 11), "new")
        # a single trip 366 days ago is no longer new
        self.assertEqual(segment([date(2024, 6, 14)], 8), "potential")
        self.assertEqual(segment([date(2024, 6, 14)], 7), "low")
        self.assertEqual(segment([date(2024, 1, 1), recent], 8), "potential")

    def test_retention_and_remaining_years(self):
        # 1 of 3 customers came back: 0.33 -> 1 / 0.67 = 1.4925 years
        self.assertEqual(rules.retention_rate(3, 1, DEFAULTS), 0.33)
        self.assertAlmostEqual(rules.expected_remaining_years(0.33), 1.492537, 6)
        # nobody to measure: the default retention 0.5 -> 2 years
        self.assertEqual(rules.retention_rate(0, 0, DEFAULTS), 0.5)
        self.assertEqual(rules.expected_remaining_years(0.5), 2.0)
        # everybody came back: clamped to 0.9 -> 10 years
        self.assertEqual(rules.retention_rate(4, 4, DEFAULTS), 0.9)
        self.assertAlmostEqual(rules.expected_remaining_years(1.0), 10.0)

    def test_lifetime_value_adds_predicted_margin_unless_churned(self):
        trips = [date(2024, 3, 10), date(2024, 9, 10), date(2025, 3, 10)]
        # 900 + 300 per trip x (3 trips x 12 / 36 months = 1 a year) x 2 years
        clv, average, per_year, years = rules.lifetime_value(
            _stats(trips, margin=900.0), "loyal", 0.5, DEFAULTS
        )
        self.assertEqual((clv, average, per_year, years), (1500.0, 300.0, 1.0, 2.0))
        self.assertEqual(
            rules.lifetime_value(_stats(trips, margin=900.0), "churned", 0.5, DEFAULTS)[
                0
            ],
            900.0,
        )

    def test_segment_duration_counts_days_of_a_closed_period_only(self):
        """The one rule for ``travel.segment.history.duration_days`` (the
        field's compute and the segmentation's SQL writes both use it)."""
        self.assertEqual(
            rules.segment_duration(date(2027, 12, 31), date(2028, 3, 1)), 61
        )
        self.assertEqual(rules.segment_duration(date(2028, 2, 29), None), 0)
        self.assertEqual(rules.segment_duration(date(2028, 2, 29), False), 0)
