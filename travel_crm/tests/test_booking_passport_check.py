"""Passport and visa check on confirmation, against ``travel.document``."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestBookingPassportCheck(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="pass_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.brazil = cls.env.ref("base.br")
        cls.env["travel.destination.rule"].create(
            {"country_id": cls.brazil.id, "visa_required": True}
        )
        cls.ana = cls.env["res.partner"].create({"name": "Ana Andante"})
        cls.rui = cls.env["res.partner"].create({"name": "Rui Rápido"})
        cls.Document = cls.env["travel.document"]
        cls.Document.create(
            [
                {
                    "partner_id": cls.ana.id,
                    "document_type": "passport",
                    "number": "PA1234567",
                    "expiry_date": "2027-03-01",
                },
                {
                    "partner_id": cls.ana.id,
                    "document_type": "visa",
                    "number": "VB7654321",
                    "issuing_country_id": cls.brazil.id,
                    "expiry_date": "2026-12-31",
                },
                {
                    "partner_id": cls.rui.id,
                    "document_type": "passport",
                    "number": "PR1112223",
                    "expiry_date": "2026-10-01",
                },
            ]
        )
        cls.booking = create_booking(
            cls.env,
            cls.ana,
            [booking_line("Rio hotel", "other", 90)],
            travellers=cls.ana + cls.rui,
            destination_country_ids=[Command.set(cls.brazil.ids)],
            departure_date="2026-07-01",
            return_date="2026-07-15",
        )

    def _notes(self):
        return self.booking.message_ids.filtered(
            lambda m: "travel documents" in (m.body or "")
        )

    def test_warning_mode_confirms_and_reports_each_problem(self):
        result = self.booking.with_user(self.agent).action_confirm()
        self.assertEqual(self.booking.state, "confirmed")
        self.assertEqual(result["tag"], "display_notification")
        body = self._notes().body
        self.assertIn("passport of Rui Rápido must be valid until", body)
        self.assertIn("Rui Rápido needs a visa for Brazil", body)
        self.assertNotIn("Ana Andante", body)

    def test_block_mode_refuses_confirmation_and_writes_nothing(self):
        self.env.company.travel_passport_check = "block"
        messages = len(self.booking.message_ids)
        with self.assertRaises(UserError) as catcher:
            self.booking.with_user(self.agent).action_confirm()
        self.assertIn("Rui Rápido", str(catcher.exception))
        self.assertEqual(self.booking.state, "draft")
        self.assertEqual(len(self.booking.message_ids), messages)

    def test_valid_documents_confirm_without_warning(self):
        self.env.company.travel_passport_check = "block"
        self.Document.search(
            [("partner_id", "=", self.rui.id)]
        ).expiry_date = "2030-01-01"
        self.Document.create(
            {
                "partner_id": self.rui.id,
                "document_type": "visa",
                "number": "VR9998887",
                "issuing_country_id": self.brazil.id,
            }
        )
        self.assertIs(self.booking.action_confirm(), True)
        self.assertEqual(self.booking.state, "confirmed")
        self.assertFalse(self._notes())

    def test_home_country_without_rule_needs_no_passport(self):
        home = self.env.company.country_id or self.env.ref("base.us")
        self.env.company.country_id = home
        self.env.company.travel_passport_check = "block"
        self.booking.destination_country_ids = home
        self.booking.traveller_ids = self.env["res.partner"].create({"name": "Lu"})
        self.assertIs(self.booking.action_confirm(), True)
