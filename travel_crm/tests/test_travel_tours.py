from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTravelTours(HttpCase):
    """Tours run in a real headless Chromium through Odoo's own runner."""

    def test_agent_creates_confirms_and_invoices_a_booking(self):
        new_test_user(
            self.env,
            login="tour_agent",
            groups="base.group_user,travel_crm.group_travel_agent,"
            "account.group_account_invoice",
        )
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        self.start_tour(
            "/odoo/action-travel_crm.travel_booking_action",
            "travel_crm_booking_tour",
            login="tour_agent",
        )
        booking = self.env["travel.booking"].search([("partner_id", "=", customer.id)])
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.amount_untaxed, 450)
        self.assertEqual(booking.margin, 70)
        self.assertEqual(booking.user_id.login, "tour_agent")
        invoice = booking.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.amount_untaxed, 450)
        self.assertEqual(invoice.invoice_origin, booking.name)
