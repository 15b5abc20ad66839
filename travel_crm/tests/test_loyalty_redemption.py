"""Using points on a booking: the wizard, the invoice line, the limits, rewards."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .loyalty_common import LoyaltyCase


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
