"""The points ledger: earning on completed bookings, reversals on cancellation
and refund, bonuses, and the append-only guards."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

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
