from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTravelDestinationRule(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="rule_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rule_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.Rule = cls.env["travel.destination.rule"]
        cls.brazil = cls.env.ref("base.br")

    def test_manager_maintains_rules_with_six_months_by_default(self):
        rule = self.Rule.with_user(self.manager).create(
            {"country_id": self.brazil.id, "visa_required": True}
        )
        self.assertEqual(rule.passport_validity_months, 6)
        rule.passport_validity_months = 3
        self.assertEqual(rule.passport_validity_months, 3)
        rule.unlink()
        self.assertFalse(self.Rule.search([("country_id", "=", self.brazil.id)]))

    def test_agents_read_rules_but_do_not_change_them(self):
        rule = self.Rule.create({"country_id": self.brazil.id})
        self.assertEqual(rule.with_user(self.agent).passport_validity_months, 6)
        with self.assertRaises(AccessError):
            rule.with_user(self.agent).write({"passport_validity_months": 1})
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.agent).create({"country_id": self.brazil.id})
        with self.assertRaises(AccessError):
            rule.with_user(self.agent).unlink()
        self.assertEqual(rule.passport_validity_months, 6)

    def test_one_rule_per_country_and_sane_months(self):
        self.Rule.create({"country_id": self.brazil.id})
        with self.assertRaises(ValidationError):
            self.Rule.create({"country_id": self.brazil.id})
        with self.assertRaises(ValidationError):
            self.Rule.create(
                {
                    "country_id": self.env.ref("base.ar").id,
                    "passport_validity_months": -1,
                }
            )
        self.assertEqual(
            self.Rule.search_count(
                [("country_id", "in", (self.brazil + self.env.ref("base.ar")).ids)]
            ),
            1,
        )
        # a company may still override the shared rule
        company_rule = self.Rule.create(
            {"country_id": self.brazil.id, "company_id": self.env.company.id}
        )
        self.assertTrue(company_rule)

    def test_passport_check_mode_is_a_company_setting(self):
        self.assertEqual(self.env.company.travel_passport_check, "warning")
        self.env["res.config.settings"].create(
            {"travel_passport_check": "block"}
        ).execute()
        self.assertEqual(self.env.company.travel_passport_check, "block")

    def test_settings_page_shows_the_booking_settings(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="travel_passport_check"', arch)
        self.assertIn('name="travel_deposit_percent"', arch)
