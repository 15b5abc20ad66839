from ast import literal_eval
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import tagged

from .common import travel_user
from .value_common import TravelValueCase


@tagged("post_install", "-at_install")
class TestCohortRetentionTotals(TravelValueCase):
    """Retention by cohort, today 2025-06-15 (the report runs to June 2025).

    customer  completed trips              cohort
    P1        2025-01-10, 2025-02-10       January (3 customers)
    P2        2025-01-20, 2025-01-28       January
    P3        2025-01-05, 2025-03-05       January
    P4        2025-05-10, 2025-06-05       May (1)
    P5        2025-06-01                   June (1)

    Month since first trip: observed customers (the cohorts that reached the
    month), retained, rate:
    - 0: 3 + 1 + 1 = 5, all 5 -> 100% (adding the cells gave 300%);
    - 1: January 3 (P1 in February) + May 1 (P4 in June) = 4, 2 -> 50%
      (not 33.3 + 100 added, nor their plain average 66.7); June has not
      reached month 1;
    - 2: January only, 3, P3 in March -> 33.3%; 3 to 5: January, 0 -> 0%.
    All: January 3 x 6 months + May 1 x 2 + June 1 x 1 = 21 customer-months,
    5 + 2 + 1 = 8 retained -> 38.1%; January alone 5 / 18 -> 27.8%.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Cohort P{index}"} for index in range(1, 6)]
        )
        p1, p2, p3, p4, p5 = cls.customers
        for partner, day in (
            (p1, "2025-01-10"),
            (p1, "2025-02-10"),
            (p2, "2025-01-20"),
            (p2, "2025-01-28"),
            (p3, "2025-01-05"),
            (p3, "2025-03-05"),
            (p4, "2025-05-10"),
            (p4, "2025-06-05"),
            (p5, "2025-06-01"),
        ):
            cls._trip(partner, day, 100)
        cls.domain = [("partner_id", "in", cls.customers.ids)]

    def _groups(self, groupby):
        """What the pivot reads: every measure with its field's aggregator."""
        return self.env["travel.cohort.report"].read_group(
            self.domain,
            ["customer_count", "retained_count", "retention"],
            groupby,
            lazy=False,
        )

    @freeze_time("2025-06-15")
    def test_month_totals_weigh_cohorts_by_size_and_never_add_rates(self):
        by_month = {
            group["months_since_first"]: (
                group["customer_count"],
                group["retained_count"],
                round(group["retention"], 1),
            )
            for group in self._groups(["months_since_first"])
        }
        self.assertEqual(
            by_month,
            {
                0: (5, 5, 100.0),
                1: (4, 2, 50.0),
                2: (3, 1, 33.3),
                3: (3, 0, 0.0),
                4: (3, 0, 0.0),
                5: (3, 0, 0.0),
            },
        )
        [total] = self._groups([])
        self.assertEqual((total["customer_count"], total["retained_count"]), (21, 8))
        self.assertAlmostEqual(total["retention"], 100 * 8 / 21)

    @freeze_time("2025-06-15")
    def test_cells_are_the_share_of_their_cohort(self):
        cells = {
            (group["cohort_month:month"], group["months_since_first"]): round(
                group["retention"], 1
            )
            for group in self._groups(["cohort_month:month", "months_since_first"])
        }
        self.assertEqual(cells[("January 2025", 1)], 33.3)
        self.assertEqual(cells[("May 2025", 1)], 100.0)
        self.assertNotIn(("June 2025", 1), cells)
        by_cohort = {
            group["cohort_month:month"]: round(group["retention"], 1)
            for group in self._groups(["cohort_month:month"])
        }
        self.assertEqual(
            by_cohort, {"January 2025": 27.8, "May 2025": 100.0, "June 2025": 100.0}
        )
        january = self.env["travel.cohort.report"].search(
            self.domain + [("cohort_month", "=", date(2025, 1, 1))]
        )
        self.assertEqual(len(january), 18)


@tagged("post_install", "-at_install")
class TestCustomersByValue(TravelValueCase):
    """Reporting > Customers by Value lists the scored customers by lifetime
    value, with their segment, score and trips, and creates nobody."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = travel_user(
            cls.env,
            "value_list_agent",
            "travel_crm.group_travel_agent",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.action = cls.env.ref("travel_crm.res_partner_action_customer_value")
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Valued {name}"} for name in ("Low", "Top", "Middle")]
        )
        for partner, (ltv, score, trips, segment) in zip(
            cls.customers,
            [
                (120.0, 6, 1, "low"),
                (2400.0, 15, 4, "high"),
                (800.0, 10, 2, "potential"),
            ],
            strict=True,
        ):
            partner.sudo().write(
                {
                    "customer_lifetime_value": ltv,
                    "rfm_score": score,
                    "value_trip_count": trips,
                    "value_segment": segment,
                    "value_currency_id": cls.company.currency_id.id,
                    "value_company_id": cls.company.id,
                }
            )

    def _views(self):
        env = self.env(
            user=self.agent, context={"allowed_company_ids": self.company.ids}
        )
        views = {view.view_mode: view.view_id.id for view in self.action.view_ids}
        return env, env["res.partner"].get_views(
            [(views["list"], "list"), (views["kanban"], "kanban")]
        )

    def test_list_shows_value_sorted_by_value_and_offers_no_new(self):
        env, result = self._views()
        list_arch = etree.fromstring(result["views"]["list"]["arch"])
        kanban_arch = etree.fromstring(result["views"]["kanban"]["arch"])
        columns = [node.get("name") for node in list_arch.iter("field")]
        for name in (
            "value_segment",
            "customer_lifetime_value",
            "rfm_score",
            "value_trip_count",
        ):
            self.assertIn(name, columns)
        for name in ("phone", "email", "city"):
            self.assertNotIn(name, columns)
        order = list_arch.get("default_order")
        self.assertEqual(order, "customer_lifetime_value desc, id")
        self.assertEqual(kanban_arch.get("default_order"), order)
        self.assertEqual(list_arch.get("create"), "0")
        self.assertEqual(kanban_arch.get("create"), "0")
        self.assertNotIn("search_default_group_value_segment", self.action.context)
        # every column but the churn risk (computed, never sorted on) sorts
        fields = env["res.partner"].fields_get(columns, ["sortable"])
        self.assertEqual(
            [name for name in columns if not fields[name]["sortable"]],
            ["churn_risk"],
        )
        rows = env["res.partner"].web_search_read(
            literal_eval(self.action.domain) + [("id", "in", self.customers.ids)],
            {"name": {}, "customer_lifetime_value": {}},
            order=order,
        )["records"]
        self.assertEqual(
            [(row["name"], row["customer_lifetime_value"]) for row in rows],
            [("Valued Top", 2400.0), ("Valued Middle", 800.0), ("Valued Low", 120.0)],
        )


@tagged("post_install", "-at_install")
class TestValueReportsReadPendingWrites(TravelValueCase):
    """The reports read bookings and scores in SQL: what the ORM has not
    written yet is flushed first."""

    def test_reports_see_a_trip_completed_in_the_same_transaction(self):
        customer = self.env["res.partner"].create({"name": "Fresh Customer"})
        self._trip(customer, "2025-01-10", 100)
        domain = [("partner_id", "=", customer.id)]
        customer.sudo().write(
            {"value_segment": "high", "value_company_id": self.company.id}
        )
        with freeze_time("2025-01-20"):
            self.assertEqual(
                self.env["travel.cohort.report"].search(domain).retention, 100.0
            )
        row = self.env["travel.customer.report"].search(domain)
        self.assertEqual(
            (row.trip_count, row.margin, row.value_segment), (1, 100.0, "high")
        )
