from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TravelCrmCase

SENSITIVE_FIELDS = (
    "birthdate",
    "age",
    "travel_notes",
    "dietary_needs",
    "accessibility_needs",
)


@tagged("post_install", "-at_install")
class TestPrivacyGuards(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.traveller = cls._create_traveller(
            "Alan Turing",
            birthdate="1990-06-23",
            travel_notes="Runs every morning",
            dietary_needs="Apples only",
        )
        cls.customer = cls._create_traveller("Joan Clarke")
        cls.booking = cls.env["travel.booking"].create(
            {
                "partner_id": cls.customer.id,
                "traveller_ids": [Command.set(cls.traveller.ids)],
                "line_ids": [Command.create({"name": "Flight", "price_unit": 200})],
            }
        )

    def test_partners_with_bookings_cannot_be_deleted(self):
        for partner in (self.customer, self.traveller):
            with self.subTest(partner=partner.name):
                with self.assertRaises(UserError) as error:
                    partner.unlink()
                self.assertIn("Archive", str(error.exception))
                self.assertTrue(partner.exists())
        partner = self._create_traveller("No trips yet")
        partner.unlink()
        self.assertFalse(partner.exists())

    def test_sensitive_fields_are_for_travel_staff_only(self):
        for user in (self.user_agent, self.user_manager):
            with self.subTest(user=user.login):
                values = self.traveller.with_user(user).read(list(SENSITIVE_FIELDS))[0]
                self.assertEqual(values["travel_notes"], "Runs every morning")
        for user in (self.user_internal, self.user_portal):
            for fname in SENSITIVE_FIELDS:
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaises(AccessError),
                ):
                    self.traveller.with_user(user).read([fname])
        fields = self.env["res.partner"].with_user(self.user_internal).fields_get()
        for fname in SENSITIVE_FIELDS:
            self.assertNotIn(fname, fields)
        # the contact form still opens for other employees
        self.env["res.partner"].with_user(self.user_internal).get_views(
            [(False, "form"), (False, "list"), (False, "kanban")]
        )

    def test_privacy_buttons_for_managers_consent_log_for_staff(self):
        form = self.env.ref("base.view_partner_form").id
        for user, manager in (
            (self.user_manager, True),
            (self.user_agent, False),
            (self.user_internal, False),
        ):
            with self.subTest(user=user.login):
                arch = (
                    self.env["res.partner"]
                    .with_user(user)
                    .get_views([(form, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual("action_anonymize_traveller" in arch, manager)
                self.assertEqual("action_travel_privacy_export_pdf" in arch, manager)
                self.assertEqual(
                    "action_view_travel_consent_log" in arch,
                    user != self.user_internal,
                )

    def test_privacy_and_consent_logs_of_another_company_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        stranger = self._create_traveller("Stranger", company_id=other.id)
        privacy = self.env["travel.privacy.log"]._log(stranger, "export_json")
        consent = self.env["travel.consent.log"]._record(
            [(stranger, "marketing", True, False)]
        )
        self.assertEqual(privacy.company_id, other)
        self.assertEqual(consent.company_id, other)
        self.assertFalse(
            privacy.with_user(self.user_manager).search([("id", "=", privacy.id)])
        )
        self.assertFalse(
            consent.with_user(self.user_agent).search([("id", "=", consent.id)])
        )
        with self.assertRaises(AccessError):
            privacy.with_user(self.user_manager).read(["kind"])

    def test_sensitive_fields_are_never_tracked(self):
        for fname in ("birthdate", "travel_notes", "dietary_needs"):
            field = self.env["res.partner"]._fields[fname]
            self.assertFalse(getattr(field, "tracking", False))
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.traveller.write(
            {
                "birthdate": "1991-01-01",
                "travel_notes": "Secret habit",
                "is_traveller": True,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", self.traveller.message_ids.ids)]
        )
        for value in values:
            self.assertNotIn("Secret habit", value.new_value_char or "")
            self.assertNotIn("1991", str(value.new_value_datetime or ""))

    def test_document_errors_never_echo_the_number(self):
        Document = self.env["travel.document"]
        vals = {
            "partner_id": self.traveller.id,
            "document_type": "passport",
            "number": "ZX987654",
            "issuing_country_id": self.env.ref("base.be").id,
        }
        Document.create(vals)
        with self.assertRaises(ValidationError) as error:
            Document.create(dict(vals, partner_id=self.customer.id))
        self.assertIn("already recorded", str(error.exception))
        self.assertNotIn("ZX987654", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            Document.create(dict(vals, number="ZX#SECRET99"))
        self.assertNotIn("SECRET99", str(error.exception))
