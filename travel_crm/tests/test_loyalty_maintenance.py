"""The daily maintenance cron (expiry, warnings, tier review, batches), the
tier rule and the liability report."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyExpiryAndTiers(LoyaltyCase):
    def _snapshot(self, partners):
        """Row versions of the partners and counts of their programme records
        (ledger, consumptions, tier changes, mails to them): any write of the
        programme on them changes one of these. Only theirs: the cron also
        reviews the demo agency's members, which is not what is compared."""
        self.env.flush_all()
        ctids = self.env.execute_query(
            SQL(
                "SELECT id, ctid::text FROM res_partner WHERE id = ANY(%s) ORDER BY id",
                partners.ids,
            )
        )
        ids = partners.ids
        return (
            ctids,
            self.env["travel.loyalty.transaction"].search_count(
                [("partner_id", "in", ids)]
            ),
            self.env["travel.loyalty.consumption"].search_count(
                [
                    "|",
                    ("consumer_id.partner_id", "in", ids),
                    ("award_id.partner_id", "in", ids),
                ]
            ),
            self.env["travel.loyalty.tier.history"].search_count(
                [("partner_id", "in", ids)]
            ),
            self.env["mail.mail"].search_count([("recipient_ids", "in", ids)]),
        )

    def test_expiry_removes_only_unconsumed_points_fifo(self):
        cron = self.env.ref("travel_crm.ir_cron_loyalty_maintenance")
        with freeze_time("2025-01-10"):
            self._done_booking(price=1000)
        with freeze_time("2025-06-01"):
            self._done_booking(price=500)
        with freeze_time("2025-07-01"):
            self._booking(price=1000)._loyalty_redeem(300)
        first, second = (
            self._entries()
            .filtered(lambda e: e.transaction_type == "earn")
            .sorted("id")
        )
        self.assertEqual(first.open_points, 700)
        self.assertEqual(second.open_points, 500)
        self.assertLedgerBalanced()
        with freeze_time("2025-12-20"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_expiring_points, 700)
            warning = self.env["mail.mail"].search(
                [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
            )
            self.assertEqual(len(warning), 1)
            self.assertIn("700", warning.subject)
            cron.method_direct_trigger()
            self.assertEqual(
                self.env["mail.mail"].search_count(
                    [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
                ),
                1,
            )
        with freeze_time("2026-01-10"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_points, 1200)
        with freeze_time("2026-01-11"):
            cron.method_direct_trigger()
            expired = self._entries().filtered(lambda e: e.transaction_type == "expire")
            self.assertEqual(expired.points, -700)
            self.assertEqual(expired.consumption_ids.award_id, first)
            self.assertEqual(first.open_points, 0)
            self.assertEqual(second.open_points, 500)
            self.assertEqual(self.customer.loyalty_points, 500)
            self.assertLedgerBalanced()
            before = self._snapshot(self.customer)
            cron.method_direct_trigger()
            self.assertEqual(self._snapshot(self.customer), before)
        with freeze_time("2026-06-02"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_points, 0)
            self.assertLedgerBalanced()

    def test_downgrade_only_at_review_after_grace_period(self):
        cron = self.env.ref("travel_crm.ir_cron_loyalty_maintenance")
        self.company.loyalty_expiry_months = 0
        with freeze_time("2025-01-10"):
            self._done_booking(price=6000)
            self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        with freeze_time("2025-12-01"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_tier_id, self.gold)
            self.assertFalse(self.customer.loyalty_downgrade_date)
        with freeze_time("2026-01-15"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_qualifying_points, 0)
            self.assertEqual(self.customer.loyalty_tier_id, self.gold)
            self.assertEqual(self.customer.loyalty_downgrade_date, date(2026, 4, 15))
            before = self._snapshot(self.customer)
            cron.method_direct_trigger()
            self.assertEqual(self._snapshot(self.customer), before)
        with freeze_time("2026-04-14"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        with freeze_time("2026-04-15"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_tier_id, self.silver)
            last = self.customer.loyalty_tier_history_ids.sorted("id")[-1]
            self.assertEqual(last.change, "downgrade")
            self.assertEqual(last.old_tier_id, self.gold)
            mail = self.env["mail.mail"].search(
                [
                    ("model", "=", "travel.loyalty.tier.history"),
                    ("res_id", "=", last.id),
                ]
            )
            self.assertIn("Silver", mail.subject)
        self.assertEqual(self.customer.loyalty_points, 6000)
        self.assertLedgerBalanced()

    def test_requalifying_during_grace_keeps_the_tier(self):
        cron = self.env.ref("travel_crm.ir_cron_loyalty_maintenance")
        with freeze_time("2025-01-10"):
            self._done_booking(price=6000)
        with freeze_time("2026-01-15"):
            cron.method_direct_trigger()
            self.assertTrue(self.customer.loyalty_downgrade_date)
        with freeze_time("2026-02-01"):
            self._done_booking(price=5000)
            self.assertFalse(self.customer.loyalty_downgrade_date)
        with freeze_time("2026-05-01"):
            cron.method_direct_trigger()
            self.assertEqual(self.customer.loyalty_tier_id, self.gold)

    def test_cron_works_in_bounded_batches_and_reports_progress(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Batch customer {i}"} for i in range(3)]
        )
        with freeze_time("2025-01-10"):
            for customer in customers:
                self._done_booking(partner=customer, price=100)
        cron = self.env.ref("travel_crm.ir_cron_loyalty_maintenance")
        _cron, progress = cron._add_progress()
        with freeze_time("2026-01-11"):
            self.env["travel.loyalty.transaction"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_loyalty_maintenance(batch_size=2)
        for customer in customers:
            self.assertEqual(customer.loyalty_points, 0)
            self.assertLedgerBalanced(customer)
        self.assertEqual(progress.remaining, 0)
        self.assertGreaterEqual(progress.done, 3)

    def test_cron_progress_counts_each_step_from_when_it_starts(self):
        """``remaining`` is what the call selected so far, over all steps, and
        has not handled yet; each step selects its customers when it starts
        (after the earlier steps' work). Steps see only this test's customers."""
        customers = self.env["res.partner"].create(
            [{"name": f"Progress customer {i}"} for i in range(3)]
        )
        with freeze_time("2025-01-10"):
            for customer in customers:
                self._done_booking(partner=customer, price=100)
        Transaction = type(self.env["travel.loyalty.transaction"])
        events = []

        def only_ours(name):
            finder = getattr(Transaction, name)

            def find(model, today):
                ids = [i for i in finder(model, today) if i in customers.ids]
                events.append((name, len(ids)))
                return ids

            return patch.object(Transaction, name, find)

        def notify(model, *, done, remaining, deactivate=False):
            events.append((done, remaining))

        with (
            only_ours("_loyalty_partners_to_expire"),
            only_ours("_loyalty_partners_to_warn"),
            only_ours("_loyalty_partners_with_birthday"),
            only_ours("_loyalty_members"),
            patch.object(type(self.env["ir.cron"]), "_notify_progress", notify),
            freeze_time("2026-01-11"),
        ):
            self.Transaction._cron_loyalty_maintenance(batch_size=2)
        self.assertEqual(
            events,
            [
                ("_loyalty_partners_to_expire", 3),
                (2, 1),
                (3, 0),
                # the expired points are gone: nothing left to announce
                ("_loyalty_partners_to_warn", 0),
                ("_loyalty_partners_with_birthday", 0),
                ("_loyalty_members", 3),
                (5, 1),
                (6, 0),
                (6, 0),  # the closing report
            ],
        )
        self.assertEqual(customers.mapped("loyalty_points"), [0, 0, 0])

    def test_liability_report_values_outstanding_points(self):
        self._done_booking(price=2500)
        self._booking(price=1000)._loyalty_redeem(500)
        self.env.flush_all()
        report = self.env["travel.loyalty.liability.report"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(report.points, 2000)
        self.assertAlmostEqual(report.liability, 20.0)
        self.assertEqual(report.company_id, self.company)
        self.assertEqual(report.tier_id, self.silver)


@tagged("post_install", "-at_install")
class TestLoyaltyTierRule(LoyaltyCase):
    """``travel.loyalty.tier._tier_for_points``: the one rule that picks a tier
    from qualifying points (the review, joining and upgrades all use it); data
    tiers: Silver from 0, Gold from 5,000, Platinum from 15,000 points."""

    def test_tier_is_the_highest_active_threshold_the_points_reach(self):
        Tier = self.env["travel.loyalty.tier"]
        for points, tier in (
            (0, self.silver),
            (4999, self.silver),
            (5000, self.gold),
            (14999, self.gold),
            (15000, self.platinum),
            (10**9, self.platinum),
        ):
            with self.subTest(points=points):
                self.assertEqual(Tier._tier_for_points(points), tier)
        # below every threshold (a window of reversals only): no tier
        self.assertFalse(Tier._tier_for_points(-1))
        # called on tiers, it chooses among them
        self.assertEqual((self.silver | self.gold)._tier_for_points(20000), self.gold)
        self.assertFalse(self.platinum._tier_for_points(14999))
        # an archived tier is reached by nobody
        self.platinum.active = False
        self.assertEqual(Tier._tier_for_points(20000), self.gold)

    def test_review_moves_customers_to_the_tier_the_rule_picks(self):
        self.company.loyalty_expiry_months = 0
        self._done_booking(price=15000)
        self.assertEqual(self.customer.loyalty_tier_id, self.platinum)
        self.platinum.active = False
        self.customer._loyalty_review_tiers(allow_downgrade=False)
        # no downgrade without allow_downgrade, even to the rule's tier
        self.assertEqual(self.customer.loyalty_tier_id, self.platinum)
        self.company.loyalty_downgrade_grace_months = 0
        self.customer._loyalty_review_tiers(allow_downgrade=True)
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        last = self.customer.loyalty_tier_history_ids.sorted("id")[-1]
        self.assertEqual((last.old_tier_id, last.change), (self.platinum, "downgrade"))
