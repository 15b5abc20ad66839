from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestTravelBookingCore(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Ana Traveller"})
        cls.supplier = cls.env["res.partner"].create({"name": "Hotel Lisboa"})

    def _booking(self, lines=(), **vals):
        """A December trip of the customer, without services unless given."""
        vals = {"departure_date": "2026-12-01", "return_date": "2026-12-08", **vals}
        return create_booking(self.env, self.customer, list(lines), **vals)

    def test_reference_comes_from_sequence(self):
        first, second = self._booking(), self._booking()
        self.assertTrue(first.name.startswith("TB/"))
        self.assertNotEqual(first.name, second.name)

    def test_totals_cost_and_margin_follow_lines(self):
        booking = self._booking(
            [
                booking_line(
                    "Hotel", "hotel", 100, 80, supplier_id=self.supplier.id, quantity=7
                ),
                booking_line("Transfer", "transfer", 30, 20, quantity=2),
            ]
        )
        self.assertEqual(booking.amount_untaxed, 760)
        self.assertEqual(booking.amount_cost, 600)
        self.assertEqual(booking.margin, 160)
        self.assertEqual(booking.amount_total, 760)

    def test_return_before_departure_is_refused(self):
        with self.assertRaises(ValidationError):
            self._booking(return_date="2026-11-20")
        self.assertFalse(
            self.env["travel.booking"].search([("partner_id", "=", self.customer.id)])
        )

    def test_confirm_without_services_is_refused(self):
        booking = self._booking()
        with self.assertRaises(UserError):
            booking.action_confirm()
        self.assertEqual(booking.state, "draft")

    def test_lifecycle_and_cancel_requires_reason(self):
        booking = self._booking([booking_line("Tour", "tour", 50, 30)])
        with self.assertRaises(UserError):
            booking.action_done()
        booking.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        with self.assertRaises(UserError):
            booking.action_cancel()
        self.assertEqual(booking.state, "confirmed")
        booking.cancel_reason = "Customer changed plans"
        booking.action_cancel()
        self.assertEqual(booking.state, "cancel")

    def test_form_creates_booking_with_service(self):
        form = Form(self.env["travel.booking"])
        form.partner_id = self.customer
        with form.line_ids.new() as line:
            line.name = "Flight LIS-PEK"
            line.service_type = "flight"
            line.price_unit = 900
            line.cost_unit = 850
        booking = form.save()
        self.assertEqual(booking.amount_untaxed, 900)
        self.assertEqual(booking.margin, 50)

    def test_form_prefills_travellers_with_customer_and_companions(self):
        spouse = self.env["res.partner"].create({"name": "Rui Traveller"})
        child = self.env["res.partner"].create({"name": "Lia Traveller"})
        self.env["travel.companion"].create(
            [
                {"partner_id": self.customer.id, "companion_id": spouse.id},
                {
                    "partner_id": self.customer.id,
                    "companion_id": child.id,
                    "relation_type": "child",
                },
            ]
        )
        form = Form(self.env["travel.booking"])
        form.partner_id = self.customer
        self.assertEqual(
            set(form.traveller_ids.ids), {self.customer.id, spouse.id, child.id}
        )
