from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking

# role: operations allowed on a booking of the user's company ("" = none)
BOOKING_MATRIX = {
    "agent": "rwc",
    "manager": "rwcu",
    "accountant": "r",
    "internal": "",
    "portal_customer": "r",
    "portal_traveller": "r",
    "portal_other": "",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestTravelBookingAccess(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Portal Customer", "email": "pc@example.com"}
        )
        cls.companion = cls.env["res.partner"].create(
            {"name": "Portal Companion", "email": "pt@example.com"}
        )
        groups = {
            "agent": "base.group_user,travel_crm.group_travel_agent",
            "manager": "base.group_user,travel_crm.group_travel_manager",
            "accountant": "base.group_user,account.group_account_invoice",
            "internal": "base.group_user",
            "portal_other": "base.group_portal",
        }
        cls.users = {
            role: new_test_user(cls.env, login=f"bk_{role}", groups=group)
            for role, group in groups.items()
        }
        cls.users["portal_customer"] = new_test_user(
            cls.env,
            login="bk_portal_customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.users["portal_traveller"] = new_test_user(
            cls.env,
            login="bk_portal_traveller",
            groups="base.group_portal",
            partner_id=cls.companion.id,
        )
        cls.booking = create_booking(
            cls.env,
            cls.customer,
            [booking_line("Hotel", "other", 100, 70)],
            travellers=cls.customer + cls.companion,
        )

    def _allowed(self, user, record, operation):
        try:
            record.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def test_booking_access_matrix(self):
        for role, allowed in BOOKING_MATRIX.items():
            for letter, operation in OPERATIONS.items():
                with self.subTest(role=role, operation=operation):
                    self.assertEqual(
                        self._allowed(self.users[role], self.booking, operation),
                        letter in allowed,
                    )

    def test_booking_line_follows_the_booking_for_readers(self):
        line = self.booking.line_ids
        for role, allowed in BOOKING_MATRIX.items():
            with self.subTest(role=role):
                self.assertEqual(
                    self._allowed(self.users[role], line, "read"), "r" in allowed
                )
        for role in ("accountant", "portal_customer", "internal"):
            with self.subTest(role=role):
                self.assertFalse(self._allowed(self.users[role], line, "write"))

    def test_portal_user_lists_only_own_and_travelled_bookings(self):
        other = create_booking(
            self.env, self.env["res.partner"].create({"name": "Stranger"}), []
        )
        for role in ("portal_customer", "portal_traveller"):
            found = (
                self.env["travel.booking"]
                .with_user(self.users[role])
                .search([("id", "in", (self.booking + other).ids)])
            )
            self.assertEqual(found, self.booking)
        self.assertFalse(
            self.env["travel.booking"]
            .with_user(self.users["portal_other"])
            .search([("id", "in", (self.booking + other).ids)])
        )

    def test_portal_user_does_not_see_costs_or_margin(self):
        booking = self.booking.with_user(self.users["portal_customer"])
        self.assertEqual(booking.read(["amount_total"])[0]["amount_total"], 100)
        for fname in ("amount_cost", "margin", "margin_percent"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                booking.read([fname])
        with self.assertRaises(AccessError):
            booking.line_ids.read(["cost_unit"])

    def test_agent_of_another_company_does_not_see_the_booking(self):
        company = self.env["res.company"].create({"name": "Other Agency"})
        stranger = new_test_user(
            self.env,
            login="bk_other_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        self.assertFalse(self._allowed(stranger, self.booking, "read"))

    def test_booking_views_load_for_every_staff_role(self):
        for role in ("agent", "manager", "accountant"):
            with self.subTest(role=role):
                views = (
                    self.env["travel.booking"]
                    .with_user(self.users[role])
                    .get_views([(False, "form"), (False, "list"), (False, "search")])
                )
                self.assertIn("form", views["views"])

    def test_booking_form_opens_for_agent_and_accountant(self):
        self.booking.action_confirm()
        for role in ("agent", "manager", "accountant"):
            with self.subTest(role=role):
                form = Form(self.booking.with_user(self.users[role]))
                self.assertEqual(form.amount_total, 100)
                self.assertEqual(form.invoice_status, "to_invoice")
