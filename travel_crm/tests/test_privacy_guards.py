from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TravelCrmCase, booking_line


@tagged("post_install", "-at_install")
class TestPrivacyGuards(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.traveller = cls._create_traveller("Alan Turing")
        cls.customer = cls._create_traveller("Joan Clarke")
        cls.booking = cls._create_booking(
            cls.customer,
            lines=[booking_line("Flight", "other", 200)],
            travellers=cls.traveller,
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
