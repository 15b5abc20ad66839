from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext


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

    def test_manager_works_and_resolves_a_complaint(self):
        manager = new_test_user(
            self.env,
            login="tour_complaint_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        traveller = self.env["res.partner"].create(
            {"name": "Complaining Traveller", "email": "noisy@example.com"}
        )
        complaint = self.env["travel.complaint"].create(
            {
                "subject": "Lift rattling all night by room 412",
                "partner_id": traveller.id,
                "description": "We could not sleep: the lift ran all night.",
            }
        )
        self.assertEqual(complaint.state, "new")
        self.start_tour(
            "/odoo/action-travel_crm.travel_complaint_action",
            "travel_crm_complaint_tour",
            login="tour_complaint_manager",
        )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(complaint.root_cause, "supplier")
        self.assertIn("quiet sea-view room", html2plaintext(complaint.resolution))
        self.assertTrue(complaint.date_resolved)
        # no reply was sent to the customer: starting is no first response
        self.assertFalse(complaint.first_response_date)
        # starting the work assigned the complaint to the manager who took it
        self.assertEqual(complaint.user_id, manager)
