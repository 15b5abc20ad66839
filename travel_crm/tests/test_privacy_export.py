import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import travel_user
from .privacy_common import TravelPrivacyCase

SECTIONS = {
    "generated_at",
    "partner_id",
    "profile",
    "preferences",
    "consent",
    "documents",
    "companions",
    "bookings",
    "invoices",
    "complaints",
    "feedback",
    "loyalty",
    "messages",
    "other_records",
}


@tagged("post_install", "-at_install")
class TestPrivacyExport(TravelPrivacyCase):
    def _logs(self, kind):
        return self.env["travel.privacy.log"].search(
            [("partner_id", "=", self.traveller.id), ("kind", "=", kind)]
        )

    def _full_export(self):
        """The manager's export of Ada, with an email opt-out and a bonus."""
        self.traveller.action_email_opt_out()
        self.env["travel.loyalty.transaction"].create(
            {
                "name": "Birthday bonus",
                "partner_id": self.traveller.id,
                "transaction_type": "bonus",
                "points": 75,
            }
        )
        return self.traveller.with_user(self.user_manager)._travel_privacy_export_data()

    def test_export_contains_every_section(self):
        data = self._full_export()
        self.assertEqual(set(data), SECTIONS)
        json.dumps(data)  # serialisable as is
        profile = data["profile"]
        self.assertEqual(profile["name"], "Ada Lovelace")
        self.assertEqual(profile["email"], "ada.lovelace@example.com")
        self.assertEqual(profile["birthdate"], "1985-12-10")
        self.assertEqual(profile["nationality_id"], "Belgium")
        self.assertEqual(profile["travel_notes"], "Prefers late check-out")
        self.assertEqual(profile["comment"], "VIP: met at the fair")
        prefs = data["preferences"]
        self.assertEqual(prefs["interest_tag_ids"], ["Opera"])
        self.assertEqual(prefs["preferred_destination_ids"], ["Italy"])
        self.assertEqual(prefs["meal_preference"], "Vegetarian")
        self.assertEqual(prefs["dietary_needs"], "No peanuts")

    def test_export_shows_consent_with_its_history(self):
        consent = self._full_export()["consent"]
        self.assertTrue(consent["marketing_consent"])
        self.assertTrue(consent["is_blacklisted"])
        self.assertEqual(
            [(h["consent_type"], h["action"]) for h in consent["history"]],
            [("Marketing Messages", "Given"), ("Mass Emails", "Withdrawn")],
        )

    def test_export_shows_documents_companions_and_bookings_by_role(self):
        data = self._full_export()
        self.assertEqual(data["documents"][0]["number"], "EM123456")
        self.assertEqual(data["documents"][0]["document_type"], "Passport")
        self.assertEqual(data["companions"][0]["companion_id"], "Byron Lovelace")
        self.assertEqual(data["companions"][0]["relation_type"], "Child")
        bookings = {b["name"]: b for b in data["bookings"]}
        own = bookings[self.booking.name]
        self.assertEqual(own["role"], "customer")
        self.assertEqual(own["amount_total"], self.booking.amount_total)
        self.assertEqual(own["lines"][0]["name"], "Hotel in Rome")
        self.assertEqual(own["lines"][0]["price_unit"], 800)
        self.assertNotIn("cost_unit", own["lines"][0])  # agency data, not theirs
        shared = bookings[self.shared_booking.name]
        self.assertEqual(shared["role"], "traveller")
        self.assertEqual(shared["lines"][0]["name"], "Vatican")
        # what the other customer paid is not the co-traveller's data
        self.assertNotIn("amount_total", shared)
        self.assertNotIn("price_unit", shared["lines"][0])
        self.assertEqual(data["invoices"], [])

    def test_export_shows_service_loyalty_messages_and_other_records(self):
        data = self._full_export()
        self.assertEqual(data["complaints"][0]["subject"], self.complaint.subject)
        self.assertIn("ada.lovelace@example.com", data["complaints"][0]["description"])
        self.assertEqual(data["feedback"][0]["score"], 9)
        self.assertIn("Byron", data["feedback"][0]["comment"])
        bonus = [row for row in data["loyalty"] if row["points"] == 75]
        self.assertEqual(len(bonus), 1)
        self.assertEqual(bonus[0]["transaction_type"], "Bonus")
        bodies = [m["body"] for m in data["messages"]]
        self.assertIn("Ada called about her passport renewal", bodies)
        self.assertIn("Passport EM123456 checked", bodies)
        # the blacklist entry, found by Odoo's privacy lookup
        self.assertIn(
            "ada.lovelace@example.com",
            [row["record"] for row in data["other_records"]],
        )

    def test_co_traveller_sees_only_own_messages_of_a_shared_booking(self):
        self.shared_booking.message_post(body="Babbage asked for a discount")
        self.shared_booking.message_post(
            body="Ada, your tour starts at 9", partner_ids=self.traveller.ids
        )
        data = self.traveller.with_user(self.user_manager)._travel_privacy_export_data()
        bodies = [m["body"] for m in data["messages"]]
        self.assertIn("Ada, your tour starts at 9", bodies)
        self.assertNotIn("Babbage asked for a discount", bodies)

    def test_each_export_is_logged(self):
        manager_partner = self.traveller.with_user(self.user_manager)
        manager_partner._travel_privacy_export_json()
        log = self._logs("export_json")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_manager)
        self.assertEqual(log.channel, "backend")
        self.assertEqual(log.partner_ref, self.traveller.id)
        self.assertTrue(log.date)
        manager_partner._travel_privacy_export_data()
        self.assertEqual(len(self._logs("export_json")), 2)

    def test_pdf_report_renders_every_section_and_is_logged(self):
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            ._render_qweb_html(
                "travel_crm.action_report_travel_privacy_export", self.traveller.ids
            )
        )
        html = html.decode()
        for text in (
            "Personal data held on",
            "Ada Lovelace",
            "EM123456",
            "Byron Lovelace",
            self.booking.name,
            "Hotel in Rome",
            self.complaint.subject,
            "Lovely trip",
            "Ada called about her passport renewal",
            "Birth Date",
            "Opera",
        ):
            self.assertIn(text, html)
        self.assertEqual(len(self._logs("export_pdf")), 1)
        self.assertFalse(self._logs("export_json"))
        action = self.traveller.with_user(
            self.user_manager
        ).action_travel_privacy_export_pdf()
        self.assertEqual(
            action["report_name"], "travel_crm.report_travel_privacy_export"
        )

    def test_only_managers_export_and_portal_users_only_themselves(self):
        for user in (self.user_agent, self.user_internal, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.traveller.with_user(user)._travel_privacy_export_data()
        with self.assertRaises(AccessError):
            self.traveller.with_user(
                self.user_agent
            ).action_travel_privacy_export_json()
        own = self.user_portal.partner_id.with_user(self.user_portal)
        data = own._travel_privacy_export_data()
        self.assertEqual(data["profile"]["name"], "Paula Portal")
        log = self.env["travel.privacy.log"].search(
            [("partner_id", "=", self.user_portal.partner_id.id)]
        )
        self.assertEqual(log.channel, "portal")
        self.assertEqual(log.user_id, self.user_portal)
        self.assertEqual(log.kind, "export_json")
        with self.assertRaises(AccessError):
            self.env["travel.privacy.log"].with_user(self.user_agent).search([])


@tagged("post_install", "-at_install")
class TestPrivacyExportRoute(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = travel_user(
            cls.env,
            "privacy_route_manager",
            "base.group_user,travel_crm.group_travel_manager",
        )
        cls.agent = travel_user(
            cls.env,
            "privacy_route_agent",
            "base.group_user,travel_crm.group_travel_agent",
        )
        cls.traveller = cls.env["res.partner"].create(
            {"name": "Grace Hopper", "is_traveller": True, "email": "grace@example.com"}
        )

    def test_managers_download_the_json_and_it_is_logged(self):
        url = f"/travel/privacy/export/{self.traveller.id}.json"
        action = self.traveller.with_user(
            self.manager
        ).action_travel_privacy_export_json()
        self.assertEqual(action["url"], url)
        self.authenticate("privacy_route_manager", "privacy_route_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.json()["profile"]["email"], "grace@example.com")
        log = self.env["travel.privacy.log"].search(
            [("partner_id", "=", self.traveller.id)]
        )
        self.assertEqual((log.kind, log.user_id), ("export_json", self.manager))

    def test_agents_and_anonymous_visitors_get_nothing(self):
        url = f"/travel/privacy/export/{self.traveller.id}.json"
        response = self.url_open(url, allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("grace@example.com", response.text)
        self.authenticate("privacy_route_agent", "privacy_route_agent")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("grace@example.com", response.text)
        self.assertFalse(
            self.env["travel.privacy.log"].search(
                [("partner_id", "=", self.traveller.id)]
            )
        )
