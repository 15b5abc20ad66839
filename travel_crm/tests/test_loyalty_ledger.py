from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyEarning(LoyaltyCase):
    def test_completed_booking_earns_points_on_its_total(self):
        # today as the programme sees it (the user's time zone, not the
        # server's: they differ late in the evening)
        today = fields.Date.context_today(self.customer)
        booking = self._done_booking(price=1234.56)
        earn = self._entries()
        self.assertEqual(earn.transaction_type, "earn")
        self.assertEqual(earn.points, 1234)
        self.assertEqual(earn.qualifying_points, 1234)
        self.assertEqual(earn.booking_id, booking)
        self.assertEqual(earn.date, today)
        # 12 months later; from 29 February: 28 February (TestLoyaltyCalendar)
        self.assertEqual(earn.expiry_date, today + relativedelta(months=12))
        self.assertEqual(self.customer.loyalty_points, 1234)
        self.assertEqual(booking.loyalty_points_earned, 1234)
        self.assertEqual(self.customer.loyalty_tier_id, self.silver)
        self.assertLedgerBalanced()

    def test_margin_basis_and_rate_from_settings(self):
        self.company.write(
            {"loyalty_earn_basis": "margin", "loyalty_points_per_unit": 2.5}
        )
        self._done_booking(price=1000, cost=800.5)
        self.assertEqual(self.customer.loyalty_points, 498)  # 199.5 x 2.5 = 498.75
        self.assertLedgerBalanced()

    def test_tier_multiplier_applies_and_upgrade_is_immediate(self):
        self._done_booking(price=4000)
        self.assertEqual(self.customer.loyalty_tier_id, self.silver)
        self._done_booking(price=1000)
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        history = self.customer.loyalty_tier_history_ids.sorted("id")
        self.assertEqual(history.mapped("change"), ["join", "upgrade"])
        self.assertEqual(history[-1].old_tier_id, self.silver)
        self.assertEqual(history[-1].new_tier_id, self.gold)
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "travel.loyalty.tier.history"),
                ("res_id", "=", history[-1].id),
            ]
        )
        self.assertIn("Gold", mail.subject)
        self.assertEqual(mail.recipient_ids, self.customer)
        self._done_booking(price=999.99)
        last = self._entries().sorted("id")[-1]
        self.assertEqual(last.points, 1249)  # floor(999.99 x 1.25)
        self.assertEqual(last.qualifying_points, 999)
        self.assertEqual(self.customer.loyalty_points, 6249)
        self.assertLedgerBalanced()

    def test_first_booking_over_a_threshold_joins_at_that_tier(self):
        self._done_booking(price=15000)
        self.assertEqual(self.customer.loyalty_tier_id, self.platinum)
        self.assertEqual(self.customer.loyalty_tier_history_ids.change, "join")
        self.assertEqual(self.customer.loyalty_points, 15000)
        self.assertLedgerBalanced()

    def test_completing_twice_never_earns_twice(self):
        booking = self._done_booking()
        with self.assertRaises(UserError):
            booking.action_done()
        booking._loyalty_earn()
        booking.write({"state": "done"})
        self.assertEqual(len(self._entries()), 1)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Transaction.sudo().create(
                {
                    "partner_id": self.customer.id,
                    "booking_id": booking.id,
                    "transaction_type": "earn",
                    "points": 10,
                }
            )
        self.assertEqual(self.customer.loyalty_points, 1000)
        self.assertLedgerBalanced()

    def test_disabled_programme_earns_nothing(self):
        self.company.loyalty_enabled = False
        self._done_booking()
        self.assertFalse(self._entries())
        self.assertEqual(self.customer.loyalty_points, 0)


@tagged("post_install", "-at_install")
class TestLoyaltyReversal(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("travel_crm.group_travel_manager")

    def test_cancelling_completed_booking_reverses_its_points(self):
        booking = self._done_booking(price=6000)
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        with self.assertRaises(UserError):
            booking.action_cancel()
        booking.cancel_reason = "Trip refunded after complaint"
        booking.action_cancel()
        self.assertEqual(booking.state, "cancel")
        reversal = self._entries().filtered("reversed_entry_id")
        self.assertEqual(reversal.points, -6000)
        self.assertEqual(reversal.qualifying_points, -6000)
        self.assertEqual(reversal.transaction_type, "adjust")
        self.assertEqual(self.customer.loyalty_points, 0)
        self.assertEqual(self.customer.loyalty_qualifying_points, 0)
        self.assertEqual(booking.loyalty_points_earned, 0)
        self.assertLedgerBalanced()

    def test_reversal_after_spending_leaves_a_debt_settled_by_later_earnings(self):
        first = self._done_booking(price=1000)
        other = self._booking(price=2000)
        other._loyalty_redeem(600)
        self.assertEqual(self.customer.loyalty_points, 400)
        first.cancel_reason = "Cancelled"
        first.action_cancel()
        self.assertEqual(self.customer.loyalty_points, -600)
        self.assertLedgerBalanced()
        self._done_booking(price=1000)
        self.assertEqual(self.customer.loyalty_points, 400)
        last = self._entries().sorted("id")[-1]
        self.assertEqual(last.open_points, 400)
        self.assertLedgerBalanced()

    def test_cancelling_booking_gives_back_points_used_on_it(self):
        self._done_booking(price=1000)
        booking = self._booking(price=500)
        booking._loyalty_redeem(300)
        self.assertEqual(booking.loyalty_discount, 3.0)
        self.assertEqual(booking.amount_total_after_points, 497.0)
        booking.cancel_reason = "Customer changed plans"
        booking.action_cancel()
        self.assertEqual(self.customer.loyalty_points, 1000)
        self.assertEqual(booking.loyalty_discount, 0.0)
        self.assertLedgerBalanced()

    def test_refund_reverses_points_in_proportion(self):
        booking = self._done_booking(price=1000)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Tour",
                            "quantity": 1,
                            "price_unit": 1000,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        booking.invoice_ids = [Command.link(invoice.id)]

        def refund(amount):
            credit = self.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Refund",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
            credit.action_post()

        refund(400)
        self.assertEqual(self.customer.loyalty_points, 600)
        refund(600)
        self.assertEqual(self.customer.loyalty_points, 0)
        self.assertLedgerBalanced()


@tagged("post_install", "-at_install")
class TestLoyaltyRedemption(LoyaltyCase):
    def test_use_points_wizard_discounts_the_booking(self):
        self._done_booking(price=2000)
        booking = self._booking(price=800)
        wizard_form = Form(
            self.env["travel.loyalty.redeem.wizard"].with_context(
                default_booking_id=booking.id
            )
        )
        self.assertEqual(wizard_form.points, 2000)
        wizard_form.points = 1500
        self.assertEqual(wizard_form.value, 15.0)
        wizard_form.save().action_apply()
        self.assertEqual(self.customer.loyalty_points, 500)
        self.assertEqual(booking.loyalty_discount, 15.0)
        self.assertEqual(booking.amount_total_after_points, 785.0)
        self.assertEqual(booking.loyalty_points_redeemed, 1500)
        line = booking._loyalty_invoice_line_vals()
        self.assertEqual(line["price_unit"], -15.0)
        redeem = self._entries().filtered(lambda e: e.transaction_type == "redeem")
        self.assertEqual(redeem.points, -1500)
        self.assertEqual(redeem.consumption_ids.points, 1500)
        self.assertLedgerBalanced()

    def test_points_discount_appears_once_on_the_customer_invoices(self):
        self._done_booking(price=2000)
        booking = self._booking(price=800)
        wizard = self.env["travel.loyalty.redeem.wizard"].create(
            {"booking_id": booking.id, "points": 1500}
        )
        wizard.action_apply()
        booking.action_create_invoice()
        invoice = booking.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        points_line = invoice.invoice_line_ids.filtered("travel_points_booking_id")
        self.assertEqual(points_line.price_unit, -15.0)
        self.assertFalse(points_line.tax_ids)
        self.assertEqual(invoice.amount_untaxed, booking.amount_untaxed - 15.0)
        self.assertEqual(booking._invoice_extra_line_vals(), [])

    def test_redemption_limits_write_nothing(self):
        self._done_booking(price=1000)
        big = self._booking(price=5000, confirm=False)
        small = self._booking(price=5, confirm=False)
        count = len(self._entries())
        cases = [
            ("more than the balance", big, 1001, "has 1000 points"),
            ("zero", big, 0, "positive"),
            ("negative", big, -50, "positive"),
            ("below the minimum", big, 99, "At least 100"),
            ("worth more than the booking", small, 1000, "left to pay"),
        ]
        for label, booking, points, message in cases:
            with self.subTest(label), self.assertRaisesRegex(UserError, message):
                booking._loyalty_redeem(points)
        self.assertEqual(len(self._entries()), count)
        self.assertEqual(self.customer.loyalty_points, 1000)
        done = self._done_booking(price=10)
        with self.assertRaisesRegex(UserError, "not completed"):
            done._loyalty_redeem(100)
        self.assertLedgerBalanced()

    def test_reward_from_catalogue_costs_its_points(self):
        self._done_booking(price=3000)
        lounge = self.env.ref("travel_crm.travel_loyalty_reward_lounge")
        booking = self._booking(price=100)
        entry = booking._loyalty_redeem(0, reward=lounge)
        self.assertEqual(entry.points, -2500)
        self.assertEqual(entry.reward_id, lounge)
        self.assertEqual(booking.loyalty_discount, 0.0)
        self.assertEqual(self.customer.loyalty_points, 500)
        self.assertLedgerBalanced()

    def test_redeeming_never_lowers_the_tier(self):
        self._done_booking(price=5000)
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        self._booking(price=5000)._loyalty_redeem(5000)
        self.assertEqual(self.customer.loyalty_points, 0)
        self.assertEqual(self.customer.loyalty_qualifying_points, 5000)
        self.env.ref("travel_crm.ir_cron_loyalty_maintenance").method_direct_trigger()
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        self.assertLedgerBalanced()


@tagged("post_install", "-at_install")
class TestLoyaltyLedgerGuards(LoyaltyCase):
    def test_posted_entries_cannot_be_changed_or_deleted(self):
        self._done_booking()
        entry = self._entries()
        for env_entry in (entry, entry.sudo()):
            with self.assertRaises(UserError):
                env_entry.write({"points": 5000})
            with self.assertRaises(UserError):
                env_entry.unlink()
            with self.assertRaises(UserError):
                env_entry.copy()
        with self.assertRaises(UserError):
            self.customer.write({"loyalty_points": 99999})
        self.assertEqual(entry.points, 1000)
        self.assertLedgerBalanced()

    def test_partner_merge_moves_the_ledger_and_recomputes_one_balance(self):
        twin = self.env["res.partner"].create(
            {"name": "Ana Loyal (old)", "email": "ana@example.com"}
        )
        self._done_booking(price=1000)
        self._booking(price=1000)._loyalty_redeem(200)
        self._done_booking(partner=twin, price=4500)
        entries = self._entries() | self._entries(twin)
        self.assertEqual(twin.loyalty_points, 4500)
        self.env["base.partner.merge.automatic.wizard"]._merge(
            [self.customer.id, twin.id], self.customer
        )
        self.assertFalse(twin.exists())
        self.assertEqual(self._entries(), entries)
        self.assertEqual(self.customer.loyalty_points, 5300)
        # qualifying points of both ledgers together reach Gold
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        self.assertLedgerBalanced()


@tagged("post_install", "-at_install")
class TestLoyaltyBonuses(LoyaltyCase):
    def test_referrer_earns_once_on_first_completed_booking(self):
        referrer = self.env["res.partner"].create({"name": "Rui Referrer"})
        self.customer.referred_by_id = referrer
        first = self._done_booking(price=100)
        self._done_booking(price=100)
        referral = self._entries(referrer)
        self.assertEqual(referral.transaction_type, "referral")
        self.assertEqual(referral.points, 500)
        self.assertEqual(referral.referred_partner_id, self.customer)
        self.assertEqual(referrer.loyalty_points, 500)
        self.assertEqual(self.customer.loyalty_points, 200)
        self.assertLedgerBalanced(self.customer, referrer)
        self.env.user.groups_id |= self.env.ref("travel_crm.group_travel_manager")
        first.cancel_reason = "Cancelled"
        first.action_cancel()
        self.assertEqual(referrer.loyalty_points, 0)
        self.assertLedgerBalanced(self.customer, referrer)

    def test_feedback_bonus_once_per_booking(self):
        booking = self._done_booking(price=100)
        booking._loyalty_grant_feedback_bonus()
        booking._loyalty_grant_feedback_bonus()
        bonus = self._entries().filtered(lambda e: e.bonus_reason == "feedback")
        self.assertEqual(bonus.points, 50)
        self.assertEqual(self.customer.loyalty_points, 150)
        self.assertLedgerBalanced()

    def test_birthday_bonus_once_a_year_and_on_28_february(self):
        leap = self.env["res.partner"].create(
            {"name": "Leap Day", "birthdate": "1992-02-29"}
        )
        self.customer.birthdate = "1990-02-28"
        self.company.loyalty_expiry_months = 0
        cron = self.env.ref("travel_crm.ir_cron_loyalty_maintenance")
        with freeze_time("2025-01-05"):
            self._done_booking(price=100)
            self._done_booking(partner=leap, price=100)
        with freeze_time("2025-02-28"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        for partner in (self.customer, leap):
            bonus = self._entries(partner).filtered(
                lambda e: e.bonus_reason == "birthday"
            )
            self.assertEqual(bonus.points, 100)
            self.assertEqual(partner.loyalty_points, 200)
        with freeze_time("2026-02-28"):
            cron.method_direct_trigger()
        self.assertEqual(self.customer.loyalty_points, 300)
        self.assertLedgerBalanced(self.customer, leap)


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
class TestLoyaltyCalendar(LoyaltyCase):
    """Expiry dates, expiry warnings, tier windows and grace periods on 29
    February and at month ends, worked out by hand (company settings of
    LoyaltyCase: points expire after 12 months, a 12-month tier window, a
    30-day warning and a 3-month grace period)."""

    def _bonus(self, day, partner=None, points=100):
        return self.Transaction.create(
            {
                "partner_id": (partner or self.customer).id,
                "transaction_type": "bonus",
                "points": points,
                "date": day,
            }
        )

    def test_points_earned_on_29_february_expire_at_the_end_of_february(self):
        with freeze_time("2028-02-29 12:00:00"):
            booking = self._done_booking(price=500)
            earn = booking.loyalty_transaction_ids
            self.assertEqual(earn.date, date(2028, 2, 29))
            # 12 months after 29 February 2028: 2029 has no 29 February
            self.assertEqual(earn.expiry_date, date(2029, 2, 28))
            # other expiry periods, on another customer's ledger
            saver = self.env["res.partner"].create({"name": "Leap Saver"})
            for months, expiry in (
                (1, date(2028, 3, 29)),
                (24, date(2030, 2, 28)),
                (48, date(2032, 2, 29)),
                (0, False),
            ):
                with self.subTest(months=months):
                    self.company.loyalty_expiry_months = months
                    bonus = self._bonus(date(2028, 2, 29), saver)
                    self.assertEqual(bonus.expiry_date, expiry)
        self.company.loyalty_expiry_months = 12
        customer = self.customer
        # announced 30 days before: from 29 January 2029 (+ 30 days = 28 Feb)
        for day, announced in ((date(2029, 1, 28), False), (date(2029, 1, 29), True)):
            with self.subTest(warning=day):
                rows = customer._loyalty_expiry_warning_rows(day, customer.ids)
                self.assertEqual(
                    rows, [(customer.id, date(2029, 2, 28))] if announced else []
                )
        # still there on 28 February 2029, gone on 1 March
        with freeze_time("2029-02-28 12:00:00"):
            self.assertFalse(customer._loyalty_expire_points())
        with freeze_time("2029-03-01 12:00:00"):
            expired = customer._loyalty_expire_points()
        self.assertEqual(expired.date, date(2029, 3, 1))
        self.assertEqual(expired.consumption_ids.award_id, earn)
        self.assertEqual(expired.points, -500)
        self.assertEqual(earn.open_points, 0)
        self.assertLedgerBalanced(self.customer, saver)

    def test_month_end_expiry_dates(self):
        self.company.loyalty_expiry_months = 1
        for earned, expiry in (
            (date(2028, 1, 31), date(2028, 2, 29)),
            (date(2027, 1, 31), date(2027, 2, 28)),
            (date(2028, 1, 29), date(2028, 2, 29)),
            (date(2028, 3, 31), date(2028, 4, 30)),
            (date(2027, 12, 31), date(2028, 1, 31)),
            (date(2028, 2, 28), date(2028, 3, 28)),
        ):
            with self.subTest(earned=earned):
                self.assertEqual(self._bonus(earned).expiry_date, expiry)
        self.company.loyalty_expiry_months = 12
        self.assertEqual(
            self._bonus(date(2027, 12, 31)).expiry_date, date(2028, 12, 31)
        )
        self.assertEqual(self._bonus(date(2027, 2, 28)).expiry_date, date(2028, 2, 28))
        self.assertLedgerBalanced()

    def test_tier_window_around_29_february(self):
        self.company.loyalty_expiry_months = 0
        with freeze_time("2027-02-28 12:00:00"):
            self._done_booking(price=1000)
        with freeze_time("2027-03-01 12:00:00"):
            self._done_booking(price=2000)
        with freeze_time("2028-02-29 12:00:00"):
            self._done_booking(price=4000)
        customer = self.customer
        for today, points in (
            # 12 months back from 29 February 2028 is 28 February 2027, the
            # window's open end: (28 Feb 2027, 29 Feb 2028]
            (date(2028, 2, 28), 2000),
            (date(2028, 2, 29), 6000),
            # from 28 February 2029 back to 28 February 2028, open end:
            # 29 February 2028 still counts
            (date(2029, 2, 28), 4000),
            (date(2029, 3, 1), 0),
        ):
            with self.subTest(today=today):
                self.assertEqual(
                    customer._loyalty_qualifying_points(today)[customer.id], points
                )
        with freeze_time("2029-02-28 12:00:00"):
            customer.invalidate_recordset(["loyalty_qualifying_points"])
            self.assertEqual(customer.loyalty_qualifying_points, 4000)

    def test_grace_period_from_29_february(self):
        self.company.loyalty_expiry_months = 0
        with freeze_time("2027-02-28 12:00:00"):
            self._done_booking(price=6000)
        customer = self.customer
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 2, 27))
        self.assertFalse(customer.loyalty_downgrade_date)
        # 12 months back from 29 February 2028: 28 February 2027, the
        # window's open end, so the award no longer qualifies
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 2, 29))
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        # 3 months after 29 February: 29 May
        self.assertEqual(customer.loyalty_downgrade_date, date(2028, 5, 29))
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 5, 28))
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 5, 29))
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        self.assertEqual(customer.loyalty_tier_date, date(2028, 5, 29))

    def test_grace_period_from_the_end_of_november_ends_on_28_february(self):
        self.company.loyalty_expiry_months = 0
        with freeze_time("2027-11-29 12:00:00"):
            self._done_booking(price=6000)
        customer = self.customer
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 11, 30))
        # 30 November + 3 months: 28 February 2029 (no 30 February)
        self.assertEqual(customer.loyalty_downgrade_date, date(2029, 2, 28))

    def test_birthday_on_29_february_in_a_leap_year(self):
        leap = self.env["res.partner"].create(
            {"name": "Leap Day", "birthdate": "1992-02-29"}
        )
        self.customer.birthdate = "1990-02-28"
        self._done_booking(price=100)
        self._done_booking(partner=leap, price=100)
        find = self.Transaction._loyalty_partners_with_birthday
        mine = (self.customer | leap).ids
        # 2028 has a 29 February: each is celebrated on their own day
        self.assertEqual(
            [p for p in find(date(2028, 2, 28)) if p in mine], [self.customer.id]
        )
        self.assertEqual([p for p in find(date(2028, 2, 29)) if p in mine], [leap.id])
        # 2027 has none: both on 28 February
        self.assertEqual(
            sorted(p for p in find(date(2027, 2, 28)) if p in mine), sorted(mine)
        )
        self.assertEqual([p for p in find(date(2027, 3, 1)) if p in mine], [])
