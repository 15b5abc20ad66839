from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import travel_user
from .engagement_common import TODAY, TravelEngagementCase


@tagged("post_install", "-at_install")
class TestTravelEngagementSettingsSecurity(TravelEngagementCase):
    def test_settings_switch_turns_shipped_rules_on_and_off(self):
        birthday = self.env.ref("travel_crm.travel_engagement_rule_birthday")
        departure = self.env.ref("travel_crm.travel_engagement_rule_departure_email")
        departure_sms = self.env.ref("travel_crm.travel_engagement_rule_departure_sms")
        settings = Form(self.env["res.config.settings"])
        self.assertFalse(settings.travel_engagement_birthday)
        settings.travel_engagement_birthday = True
        settings.travel_engagement_departure = True
        settings.save().execute()
        self.assertTrue(birthday.active)
        self.assertTrue(departure.active and departure_sms.active)
        settings = Form(self.env["res.config.settings"])
        self.assertTrue(settings.travel_engagement_birthday)
        settings.travel_engagement_birthday = False
        settings.save().execute()
        self.assertFalse(birthday.active)
        self.assertTrue(departure.active)

    def test_switch_in_another_company_copies_the_shipped_rule(self):
        other = self.env["res.company"].create({"name": "Travel Macau"})
        settings = self.env["res.config.settings"].with_company(other).create({})
        settings.travel_engagement_win_back = True
        settings.execute()
        rule = self.Rule.search(
            [("company_id", "=", other.id), ("trigger", "=", "inactivity")]
        )
        self.assertEqual(len(rule), 1)
        self.assertTrue(rule.active)
        self.assertFalse(
            self.env.ref("travel_crm.travel_engagement_rule_inactivity").active
        )

    @freeze_time(TODAY)
    def test_agents_read_but_do_not_configure_and_companies_are_separate(self):
        rule = self._rule()
        with self.mock_mail_gateway():
            self.Rule._cron_travel_engagement()
        self.assertTrue(self.Message.with_user(self.agent).search([]))
        self.assertTrue(rule.with_user(self.agent).name)
        with self.assertRaises(AccessError):
            rule.with_user(self.agent).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.agent).create(
                {"name": "Mine", "mail_template_id": self.birthday_template.id}
            )
        with self.assertRaises(AccessError):
            self.Message.with_user(self.agent).search([], limit=1).unlink()
        other = self.env["res.company"].create({"name": "Travel Macau"})
        outsider = travel_user(
            self.env,
            "engagement_outsider",
            "travel_crm.group_travel_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Message.with_user(outsider).search([]))
        self.assertFalse(self.Rule.with_user(outsider).search([("id", "=", rule.id)]))
