from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import travel_user
from .value_common import TravelValueCase

TODAY = "2025-06-15"


@tagged("post_install", "-at_install")
class TestCustomerValueMultiCompany(TravelValueCase):
    """Two companies score their own customers against their own population.

    Company 1: P1 (trip 2025-01-01, margin 100) and the shared partner S (no
    company; trip 2024-06-01, margin 500).
    Company 2: P2 (belongs to company 2; trip 2025-02-01, margin 1000) and S
    (trip 2025-03-01, margin 20).
    Each population has two customers; one trip each, so F ties -> 3 for all.
    With two customers the better value scores 1 + 10 // 2 = 5 (capped), the
    worse 1:
    - company 1: R S1 P1 5, M P1 1 S5 -> P1 = 5/3/1
    - company 2: R P2 1 S 5, M S1 P2 5 -> P2 = 1/3/5, S = 5/3/1
    S's latest trip is with company 2, so company 2 writes S's scores; S still
    counts in company 1's population (P1's M is 1, not the 3 of a population
    of one).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls._create_company("Other Travel")
        Partner = cls.env["res.partner"]
        cls.p1 = Partner.create({"name": "P1", "company_id": cls.company.id})
        cls.p2 = Partner.create({"name": "P2", "company_id": cls.company2.id})
        cls.shared = Partner.create({"name": "S"})
        cls._trip(cls.p1, "2025-01-01", 100, ("flight", "hotel"))
        cls._trip(cls.shared, "2024-06-01", 500, ("flight", "hotel"))
        cls._trip(cls.p2, "2025-02-01", 1000, ("tour", "hotel"), company=cls.company2)
        cls._trip(cls.shared, "2025-03-01", 20, ("tour", "hotel"), company=cls.company2)

    def _rfm(self, partner):
        return partner.rfm_recency, partner.rfm_frequency, partner.rfm_monetary

    @freeze_time(TODAY)
    def test_each_company_ranks_its_own_population(self):
        self._run()
        self.assertEqual(self._rfm(self.p1), (5, 3, 1))
        self.assertEqual(self._rfm(self.p2), (1, 3, 5))
        self.assertEqual(self._rfm(self.shared), (5, 3, 1))
        self.assertEqual(self.p1.value_company_id, self.company)
        self.assertEqual(self.p2.value_company_id, self.company2)
        self.assertEqual(self.shared.value_company_id, self.company2)
        # S's history and trip counts only hold company 2's trips
        self.assertEqual(self.shared.value_trip_count, 1)
        self.assertEqual(self.shared.value_last_trip_date, date(2025, 3, 1))
        self.assertEqual(
            self.shared.travel_segment_history_ids.company_id, self.company2
        )

    @freeze_time(TODAY)
    def test_shared_partner_moves_to_the_company_of_the_latest_trip(self):
        self._run()
        self._trip(self.shared, "2025-04-01", 500, ("flight",))
        self._run()
        self.assertEqual(self.shared.value_company_id, self.company)
        self.assertEqual(self.shared.value_trip_count, 2)
        history = self.shared.travel_segment_history_ids
        self.assertEqual(
            history.filtered(lambda h: not h.date_to).company_id, self.company
        )
        self.assertEqual(history.filtered("date_to").company_id, self.company2)
        # a second run leaves everything as it is
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner._travel_value_process(
                Partner._travel_value_prepare(self.company2, date(2025, 6, 15)),
                (self.p2 | self.shared).ids,
            ),
            [],
        )

    @freeze_time(TODAY)
    def test_agents_only_see_their_company_value_records(self):
        self._run()
        agent = travel_user(
            self.env,
            "value_agent_one",
            "travel_crm.group_travel_agent",
            name="Agent One",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        env = self.env(user=agent, context={"allowed_company_ids": self.company.ids})
        partners = (self.p1 | self.shared).ids
        self.assertEqual(
            env["travel.segment.history"]
            .search([("partner_id", "in", partners)])
            .partner_id,
            self.p1,
        )
        reports = env["travel.customer.report"].search([("partner_id", "in", partners)])
        self.assertEqual(reports.company_id, self.company)
        self.assertEqual(len(reports), 2)
        cohorts = env["travel.cohort.report"].search([("partner_id", "in", partners)])
        self.assertEqual(cohorts.company_id, self.company)


@tagged("post_install", "-at_install")
class TestCustomerValueQueries(TravelValueCase):
    """A batch costs the same number of queries whatever its size: scores,
    writes, history and recommendations are all set-based."""

    def _company_with_customers(self, name, count):
        company = self._create_company(name)
        partners = self.env["res.partner"].create(
            [{"name": f"{name} {index}"} for index in range(count)]
        )
        for index, partner in enumerate(partners):
            services = ("flight", "hotel") if index % 2 else ("flight", "tour")
            self._trip(
                partner,
                date(2025, 1, 1 + index),
                10 * (index + 1),
                services,
                company=company,
            )
            self._trip(partner, date(2024, 1, 1 + index), 5, services, company=company)
        return company, partners

    @freeze_time(TODAY)
    def test_batch_query_count_does_not_grow_with_the_batch(self):
        Partner = self.env["res.partner"]
        counts = []
        for name, size in (("Small", 4), ("Large", 12)):
            company, partners = self._company_with_customers(name, size)
            run = Partner._travel_value_prepare(company, date(2025, 6, 15))
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            written = Partner._travel_value_process(run, partners.ids)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(written), size)
            self.assertEqual(len(partners.travel_segment_history_ids), size)
            self.assertTrue(partners.travel_recommendation_ids)
        self.assertEqual(counts[0], counts[1])
