from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestConsentLog(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.traveller = cls._create_traveller(
            "Mary Shelley", email="mary@example.com", phone="+32 470 99 88 77"
        )

    def _entries(self, partner=None):
        return (
            self.env["travel.consent.log"]
            .search([("partner_id", "=", (partner or self.traveller).id)])
            .sorted("id")
        )

    def _summary(self, partner=None):
        return [(e.consent_type, e.action, e.channel) for e in self._entries(partner)]

    def test_marketing_consent_changes_are_logged_with_who_and_channel(self):
        partner = self.traveller.with_user(self.user_agent)
        partner.write(
            {"marketing_consent": True, "marketing_consent_source": "web_form"}
        )
        partner.write({"marketing_consent": True})  # no change, no line
        partner.write({"marketing_consent": False})
        self.assertEqual(
            self._summary(),
            [("marketing", "given", "backend"), ("marketing", "withdrawn", "backend")],
        )
        given = self._entries()[0]
        self.assertEqual(given.user_id, self.user_agent)
        self.assertEqual(given.source, "Website Form")
        self.assertTrue(given.date)

    def test_consent_at_creation_and_by_import_is_logged(self):
        partner = (
            self.env["res.partner"]
            .with_context(import_file=True)
            .create(
                {
                    "name": "Imported",
                    "marketing_consent": True,
                    "marketing_consent_source": "import",
                }
            )
        )
        self.assertEqual(self._summary(partner), [("marketing", "given", "import")])
        silent = self.env["res.partner"].create({"name": "No consent"})
        self.assertFalse(self._entries(silent))

    def test_email_blacklist_add_and_remove_are_logged(self):
        self.traveller.with_user(self.user_agent).action_email_opt_out()
        blacklist = self.env["mail.blacklist"].with_user(self.user_admin).sudo()
        blacklist._remove("MARY@example.com")
        blacklist._add("mary@example.com")
        self.assertEqual(
            self._summary(),
            [
                ("email", "withdrawn", "backend"),
                ("email", "given", "backend"),
                ("email", "withdrawn", "backend"),
            ],
        )
        self.assertEqual(self._entries()[0].user_id, self.user_agent)

    def test_unsubscribe_link_counts_as_email_channel(self):
        public = self.env.ref("base.public_user")
        self.env["mail.blacklist"].with_user(public).sudo()._add("mary@example.com")
        self.assertEqual(self._summary(), [("email", "withdrawn", "email")])

    def test_phone_blacklist_add_and_remove_are_logged(self):
        self.traveller.with_user(self.user_agent).action_phone_opt_out()
        number = self.traveller.phone_sanitized
        self.env["phone.blacklist"].with_user(self.user_admin).sudo()._remove([number])
        self.assertEqual(
            self._summary(),
            [("sms", "withdrawn", "backend"), ("sms", "given", "backend")],
        )

    def test_blacklist_changes_by_the_system_are_marked_so(self):
        self.env["mail.blacklist"]._add("mary@example.com")
        self.assertEqual(self._summary(), [("email", "withdrawn", "system")])

    def test_log_is_append_only_for_everybody(self):
        self.traveller.write({"marketing_consent": True})
        entry = self._entries()
        for env in (self.env, entry.with_user(self.user_manager).env):
            with self.assertRaises(UserError):
                entry.with_env(env).sudo().write({"action": "withdrawn"})
            with self.assertRaises(UserError):
                entry.with_env(env).sudo().unlink()
        with self.assertRaises(UserError):
            entry.with_user(self.user_manager).write({"action": "withdrawn"})
        with self.assertRaises(AccessError):
            self.env["travel.consent.log"].with_user(self.user_agent).create(
                {
                    "partner_id": self.traveller.id,
                    "consent_type": "marketing",
                    "action": "given",
                    "channel": "backend",
                }
            )

    def test_agents_read_the_log_from_the_contact(self):
        self.traveller.write({"marketing_consent": True})
        partner = self.traveller.with_user(self.user_agent)
        self.assertEqual(partner.travel_consent_log_count, 1)
        action = partner.action_view_travel_consent_log()
        entries = (
            self.env["travel.consent.log"]
            .with_user(self.user_agent)
            .search(action["domain"])
        )
        self.assertEqual(entries.consent_type, "marketing")
        for user in (self.user_internal, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                entries.with_user(user).read(["action"])

    def test_deleting_a_contact_without_bookings_takes_its_log(self):
        partner = self._create_traveller("Short-lived", marketing_consent=True)
        self.assertTrue(self._entries(partner))
        partner.unlink()
        self.assertFalse(
            self.env["travel.consent.log"].search([("partner_id", "=", partner.id)])
        )
