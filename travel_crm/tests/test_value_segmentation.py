from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import travel_user
from .value_common import TravelValueCase

TODAY = "2025-06-15"


@tagged("post_install", "-at_install")
class TestCustomerValue(TravelValueCase):
    """Six customers worked out by hand (company defaults: window 36 months,
    margin basis, high 12, potential 8, new 365 days, loyal 3 trips, lost 730
    days, at risk 0.7, default interval 365 days). Today is 2025-06-15, so the
    window starts on 2022-06-15 and holds every trip below.

    customer  trips (return dates)               margin  services
    A         2024-03-10, 2024-09-10, 2025-03-10  3x300   flight+hotel, +tour last
    B         2023-05-01, 2025-01-15              2x70    flight+hotel
    C         2025-05-01                          500     flight+hotel+insurance
    D         2023-07-01, 2024-01-01              2x300   hotel+tour
    E         2022-09-01                          150     flight+insurance
    F         2024-05-01                          50      hotel
    G         no booking;  H  a draft booking only

    RFM over the 6 customers (tied values share a score, see test_value_rfm):
    - R by last trip: E 2022-09-01, D 2024-01-01, F 2024-05-01, B 2025-01-15,
      A 2025-03-10, C 2025-05-01 -> E1 D2 F3 B4 A5 C5
    - F by trips: C,E,F 1 -> 2; B,D 2 -> 4; A 3 -> 5
    - M by margin: F 50, B 140, E 150, C 500, D 600, A 900 -> F1 B2 E3 C4 D5 A5
    R+F+M: A 15, B 10, C 11, D 11, E 6, F 6.

    Usual interval (days between first and last trip / gaps, >= 30) and the
    at-risk date (last trip + ceil(interval x -ln 0.3 = 1.20397)):
    - A 365 // 2 = 182 -> +220 -> 2025-10-16 (not yet)
    - B 625 -> +753 -> 2027-02-07
    - C single trip 365 -> +440 -> 2026-07-15
    - D 184 -> +222 -> 2024-08-10 (passed: at risk)
    - E single 365 -> 2023-11-15, but 1018 days > 730: lost / churned
    - F single 365 -> 2025-07-15 (not yet); 410 days since its only trip > 365
    Segments: A high (15 >= 12), B potential (10 >= 8), C new (single trip 45
    days ago, 11 < 12), D at_risk, E lost, F low (6 < 8).
    Stages: A loyal (3 trips), B repeat, C first_time, D at_risk, E churned,
    F first_time.

    Retention (2025-06): customers with a trip in [2023-06-01, 2024-06-01): A, D,
    F; of them with a trip in [2024-06-01, 2025-06-01): A -> 1/3 = 0.33;
    remaining years 1 / 0.67 = 1.492537.
    CLV = margin + margin/trip x (window trips x 12 / 36) x 1.492537:
    A 900 + 300 x 1 x 1.492537 = 1347.76; B 140 + 70 x 2/3 x 1.492537 = 209.65;
    C 500 + 500 x 1/3 x 1.492537 = 748.76; D 600 + 300 x 2/3 x 1.492537 = 898.51;
    E churned: 150; F 50 + 50 x 1/3 x 1.492537 = 74.88.
    Churn risk 1 - exp(-days / interval): A 97/182 -> 0.4131; B 151/625 ->
    0.2146; C 45/365 -> 0.1160; D 531/184 -> 0.9442; E 1018/365 -> 0.9385;
    F 410/365 -> 0.6748.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.a, cls.b, cls.c, cls.d, cls.e, cls.f, cls.g, cls.h = Partner.create(
            [{"name": f"Customer {letter}"} for letter in "ABCDEFGH"]
        )
        cls._trip(cls.a, "2024-03-10", 300, ("flight", "hotel"))
        cls._trip(cls.a, "2024-09-10", 300, ("flight", "hotel"))
        cls._trip(cls.a, "2025-03-10", 300, ("flight", "hotel", "tour"))
        cls._trip(cls.b, "2023-05-01", 70, ("flight", "hotel"))
        cls._trip(cls.b, "2025-01-15", 70, ("flight", "hotel"))
        cls._trip(cls.c, "2025-05-01", 500, ("flight", "hotel", "insurance"))
        cls._trip(cls.d, "2023-07-01", 300, ("hotel", "tour"))
        cls._trip(cls.d, "2024-01-01", 300, ("hotel", "tour"))
        cls._trip(cls.e, "2022-09-01", 150, ("flight", "insurance"))
        cls.f_booking = cls._trip(cls.f, "2024-05-01", 50, ("hotel",))
        cls._trip(cls.h, "2025-07-01", 999, ("flight",), state="draft")
        # a cancelled-like booking that never completed must not count either
        cls._trip(cls.c, "2025-06-01", 999, ("visa",), state="confirmed")
        cls.customers = cls.a | cls.b | cls.c | cls.d | cls.e | cls.f

    def _values(self, partner):
        return (
            partner.rfm_recency,
            partner.rfm_frequency,
            partner.rfm_monetary,
            partner.rfm_score,
            partner.value_segment,
            partner.lifecycle_stage,
            partner.customer_lifetime_value,
        )

    @freeze_time(TODAY)
    def test_scores_segments_stages_and_lifetime_value_match_hand_computation(self):
        self._run()
        self.assertEqual(self.company.travel_value_retention_rate, 0.33)
        self.assertEqual(self.company.travel_value_retention_date, date(2025, 6, 1))
        expected = {
            self.a: (5, 5, 5, 15, "high", "loyal", 1347.76),
            self.b: (4, 4, 2, 10, "potential", "repeat", 209.65),
            self.c: (5, 2, 4, 11, "new", "first_time", 748.76),
            self.d: (2, 4, 5, 11, "at_risk", "at_risk", 898.51),
            self.e: (1, 2, 3, 6, "lost", "churned", 150.0),
            self.f: (3, 2, 1, 6, "low", "first_time", 74.88),
        }
        for partner, values in expected.items():
            self.assertEqual(self._values(partner), values, partner.name)
            self.assertEqual(partner.value_company_id, self.company)
            self.assertEqual(partner.value_currency_id, self.company.currency_id)
        intervals = {self.a: 182, self.b: 625, self.c: 365, self.d: 184}
        for partner, interval in intervals.items():
            self.assertEqual(partner.value_usual_interval, interval, partner.name)
        self.assertEqual(self.a.value_at_risk_date, date(2025, 10, 16))
        self.assertEqual(self.b.value_at_risk_date, date(2027, 2, 7))
        self.assertEqual(self.c.value_at_risk_date, date(2026, 7, 15))
        self.assertEqual(self.d.value_at_risk_date, date(2024, 8, 10))
        self.assertEqual(self.f.value_at_risk_date, date(2025, 7, 15))
        self.assertEqual(
            (self.a.value_trip_count, self.a.value_first_trip_date),
            (3, date(2024, 3, 10)),
        )
        risks = {
            self.a: 0.4131,
            self.b: 0.2146,
            self.c: 0.1160,
            self.d: 0.9442,
            self.e: 0.9385,
            self.f: 0.6748,
        }
        for partner, risk in risks.items():
            self.assertAlmostEqual(partner.churn_risk, risk, 4, partner.name)
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", self.customers.ids), ("churn_risk", ">=", 0.7)]
            ),
            self.d | self.e,
        )
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", (self.customers | self.g).ids), ("churn_risk", "<", 0.2)]
            ),
            self.c | self.g,
        )

    @freeze_time(TODAY)
    def test_customers_without_completed_trip_keep_zero_scores(self):
        self._run()
        for partner in self.g | self.h:
            self.assertEqual(
                self._values(partner), (0, 0, 0, 0, "new", "prospect", 0.0)
            )
            self.assertFalse(partner.value_explanation)
            self.assertFalse(partner.value_company_id)
            self.assertFalse(partner.travel_recommendation_ids)
            self.assertFalse(partner.travel_segment_history_ids)
            self.assertEqual(partner.churn_risk, 0.0)

    @freeze_time(TODAY)
    def test_explanation_states_the_facts_and_rules_behind_the_scores(self):
        self._run()
        text = self.a.value_explanation
        self.assertIn("3 completed trip(s) with Value Travel", text)
        self.assertIn("RFM 5-5-5 (R+F+M = 15)", text)
        self.assertIn("Usual interval between trips: 182 days", text)
        self.assertIn("Segment High value: R+F+M at or above 12", text)
        self.assertIn("Stage Loyal: at least 3 trips in the window", text)
        self.assertIn("company retention 0.33", text)
        self.assertIn("first on 03/10/2024, last on 03/10/2025; 3 in the last 36", text)
        self.assertIn(
            "Lifetime value 1,347.76\N{NO-BREAK SPACE}€ = margin so far "
            "900.00\N{NO-BREAK SPACE}€ + 300.00\N{NO-BREAK SPACE}€ per trip x 1.00 "
            "trips a year x 1.49 years",
            text,
        )
        self.assertIn("churn risk reaches 0.7 on 10/16/2025", text)
        self.assertIn(
            "Segment Lost: last trip more than 730 days ago", self.e.value_explanation
        )
        self.assertIn(
            "nothing predicted for a churned customer", self.e.value_explanation
        )
        self.assertIn(
            "Segment At risk: churn risk at or above 0.7", self.d.value_explanation
        )

    @freeze_time(TODAY)
    def test_recommendations_come_from_services_bought_together(self):
        """Customers per service: flight A B C E (4), hotel A B C D F (5), tour
        A D (2), insurance C E (2). Pairs seen by >= 2 customers: flight+hotel 3
        (A B C), flight+insurance 2 (C E), hotel+tour 2 (A D).
        Confidence seed -> target = together / customers with the seed:
        flight->hotel 3/4, hotel->flight 3/5, flight->insurance 2/4,
        insurance->flight 2/2, hotel->tour 2/5, tour->hotel 2/2.
        A (flight hotel tour): insurance 0.5 via flight
        B (flight hotel): insurance 0.5 via flight, tour 0.4 via hotel
        C (flight hotel insurance): tour 0.4 via hotel
        D (hotel tour): flight 0.6 via hotel (insurance only 1 customer)
        E (flight insurance): hotel 0.75 via flight
        F (hotel): flight 0.6, tour 0.4 via hotel
        """
        self._run()

        def recos(partner):
            return [
                (r.kind, r.service_type, r.score, r.support)
                for r in partner.travel_recommendation_ids.sorted(
                    lambda r: (-r.score, r.service_type)
                )
            ]

        self.assertEqual(recos(self.a), [("service", "insurance", 0.5, 2)])
        self.assertEqual(
            recos(self.b),
            [("service", "insurance", 0.5, 2), ("service", "tour", 0.4, 2)],
        )
        self.assertEqual(recos(self.c), [("service", "tour", 0.4, 2)])
        self.assertEqual(recos(self.d), [("service", "flight", 0.6, 3)])
        self.assertEqual(recos(self.e), [("service", "hotel", 0.75, 3)])
        self.assertEqual(
            recos(self.f),
            [("service", "flight", 0.6, 3), ("service", "tour", 0.4, 2)],
        )
        self.assertEqual(
            self.e.travel_recommendation_ids.reason,
            "75% of the customers who bought Flight also bought Hotel (3 of 4).",
        )
        self.assertEqual(self.e.travel_recommendation_ids.value, "Hotel")
        self.assertEqual(self.e.travel_recommendation_ids.company_id, self.company)

    def _age_write_dates(self, history, recommendations):
        """Age every write date so that any new write would show."""
        for table, ids in (
            ("res_partner", (self.customers | self.g | self.h).ids),
            ("travel_recommendation", recommendations.ids),
            ("travel_segment_history", history.ids),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = '2000-01-01' WHERE id = ANY(%s)",
                    SQL.identifier(table),
                    ids,
                )
            )

    @freeze_time(TODAY)
    def test_second_run_writes_nothing(self):
        self._run()
        Partner = self.env["res.partner"]
        history = self.env["travel.segment.history"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        recommendations = self.env["travel.recommendation"].search(
            [("partner_id", "in", self.customers.ids)]
        )
        self.assertEqual(len(history), 6)
        self.assertEqual(len(recommendations), 8)
        self._age_write_dates(history, recommendations)
        messages = self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "in", self.customers.ids)]
        )
        self.env.invalidate_all()
        self.assertEqual(
            Partner._travel_value_process(
                Partner._travel_value_prepare(self.company, date(2025, 6, 15)),
                self.customers.ids,
            ),
            [],
        )
        self._run()
        for partner in self.customers | self.g | self.h:
            self.assertEqual(partner.write_date.year, 2000, partner.name)
        self.assertEqual(
            self.env["travel.recommendation"].search(
                [("partner_id", "in", self.customers.ids)]
            ),
            recommendations,
        )
        self.assertEqual({rec.write_date.year for rec in recommendations}, {2000})
        self.assertEqual(
            self.env["travel.segment.history"].search(
                [("partner_id", "in", self.customers.ids)]
            ),
            history,
        )
        self.assertEqual({row.write_date.year for row in history}, {2000})
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "res.partner"), ("res_id", "in", self.customers.ids)]
            ),
            messages,
        )

    def test_segment_change_closes_history_and_records_the_move(self):
        with freeze_time(TODAY):
            self._run()
        opened = self.a.travel_segment_history_ids
        self.assertEqual(
            (opened.value_segment, opened.previous_segment, opened.date_from),
            ("high", False, date(2025, 6, 15)),
        )
        # on 2025-10-16 A's churn risk reaches 0.7: high -> at risk
        with freeze_time("2025-10-16"):
            self._run()
        self.assertEqual(self.a.value_segment, "at_risk")
        self.assertEqual(self.a.lifecycle_stage, "at_risk")
        self.assertEqual(opened.date_to, date(2025, 10, 16))
        current = self.a.travel_segment_history_ids - opened
        self.assertEqual(
            (current.value_segment, current.previous_segment, current.date_to),
            ("at_risk", "high", False),
        )
        self.assertEqual(opened.duration_days, 123)
        # a new trip brings A back; the at-risk period closes
        with freeze_time("2025-11-01"):
            self._trip(self.a, "2025-10-30", 300, ("flight", "hotel"))
            self._run()
        self.assertEqual(self.a.value_segment, "high")
        self.assertEqual(current.date_to, date(2025, 11, 1))
        self.assertEqual(
            self.a.travel_segment_history_ids.filtered(lambda h: not h.date_to)[
                :1
            ].previous_segment,
            "at_risk",
        )

    @freeze_time(TODAY)
    def test_customer_whose_only_trip_is_cancelled_goes_back_to_prospect(self):
        self._run()
        self.assertEqual(self.f.value_segment, "low")
        history = self.f.travel_segment_history_ids
        # a completed booking corrected afterwards (e.g. refunded no-show)
        self.f_booking.write({"state": "cancel", "cancel_reason": "No-show"})
        self._run()
        self.assertEqual(self._values(self.f), (0, 0, 0, 0, "new", "prospect", 0.0))
        self.assertFalse(self.f.value_company_id)
        self.assertFalse(self.f.value_explanation)
        self.assertFalse(self.f.travel_recommendation_ids)
        self.assertEqual(history.date_to, date(2025, 6, 15))
        # F left the population of 5: margins B 140, E 150, C 500, D 600, A 900
        # score 1 + 10 x (rank - 1) // 8 -> B1 E2 C3 D4 A5
        self.assertEqual(self.e.rfm_monetary, 2)

    @freeze_time(TODAY)
    def test_reports_show_margin_by_segment_repeat_rate_and_cohorts(self):
        self._run()
        Report = self.env["travel.customer.report"]
        domain = [("partner_id", "in", self.customers.ids)]
        by_segment = {
            segment: margin
            for segment, margin in Report._read_group(
                domain, ["value_segment"], ["margin:sum"]
            )
        }
        self.assertEqual(
            by_segment,
            {
                "high": 900.0,
                "potential": 140.0,
                "new": 500.0,
                "at_risk": 600.0,
                "lost": 150.0,
                "low": 50.0,
            },
        )
        # repeat customers: A, B, D of 6
        [(rate, count)] = Report._read_group(
            domain, [], ["repeat_rate:avg", "customer_count:sum"]
        )
        self.assertEqual((rate, count), (50.0, 6))
        top = Report.search(domain, order="margin desc", limit=2)
        self.assertEqual(top.partner_id, self.a | self.d)
        cohort = self.env["travel.cohort.report"].search(
            [("partner_id", "=", self.a.id)]
        )
        # one row a month from March 2024 to June 2025, retained in 0, 6, 12
        self.assertEqual(sorted(cohort.mapped("months_since_first")), list(range(16)))
        self.assertEqual(set(cohort.mapped("cohort_month")), {date(2024, 3, 1)})
        retained = cohort.filtered("retained_count")
        self.assertEqual(sorted(retained.mapped("months_since_first")), [0, 6, 12])
        # A is alone in the March 2024 cohort: 100% active in those months
        self.assertEqual(set(retained.mapped("retention")), {100.0})
        self.assertEqual(set((cohort - retained).mapped("retention")), {0.0})

    def test_manager_runs_the_update_from_the_partner_list(self):
        manager = travel_user(
            self.env,
            "value_manager",
            "travel_crm.group_travel_manager",
            name="Value Manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with freeze_time(TODAY):
            result = (
                self.a.with_user(manager)
                .with_context(allowed_company_ids=self.company.ids)
                .action_travel_value_compute()
            )
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(self.a.value_segment, "high")
        self.assertEqual(self.a.rfm_score, 15)
        # only the selected partner was scored
        self.assertEqual(self.b.value_segment, "new")
