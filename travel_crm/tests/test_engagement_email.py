from freezegun import freeze_time

from odoo.tests import tagged

from .engagement_common import TODAY, TravelEngagementCase


@tagged("post_install", "-at_install")
class TestTravelEngagementEmail(TravelEngagementCase):
    """Who gets a message, in which language, and once per event."""

    @freeze_time(TODAY)
    def test_birthday_email_goes_once_only_to_consenting_unblacklisted(self):
        self._rule()
        self._run()
        mail = self._mails_to(self.ana)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Happy birthday, Ana Silva!")
        self.assertIn("Dear Ana Silva", mail.body_html)
        self.assertIn(f"/travel/unsubscribe/{self.ana.id}?token=", mail.body_html)
        self.assertIn("List-Unsubscribe-Post", mail.headers)
        self.assertFalse(self._mails_to(self.bob), "no consent, no marketing")
        self.assertFalse(self._mails_to(self.carl), "blacklisted email")
        self.assertFalse(self._mails_to(self.eve), "not her birthday")
        self.assertEqual(self._log(self.ana).state, "sent")
        self.assertEqual(self._log(self.bob).skip_reason, "no_consent")
        self.assertEqual(self._log(self.carl).skip_reason, "blacklisted")
        self.assertFalse(self._log(self.eve))
        # the email stays in the traveller's chatter
        self.assertIn(self._log(self.ana).mail_message_id, self.ana.message_ids)

        self._run()
        self.assertFalse(self._new_mails, "a second run sends nothing")
        self.assertEqual(len(self._log(self.ana)), 1)

    @freeze_time(TODAY)
    def test_email_is_rendered_in_the_customer_language(self):
        self.birthday_template.with_context(lang="zh_CN").write(
            {
                "subject": "{{ object.partner_id.name }}，生日快乐！",
                "body_html": "<p>亲爱的 <t t-out='object.partner_id.name'/>，"
                "祝您生日快乐！</p>",
            }
        )
        self._rule()
        self._run()
        chinese = self._mails_to(self.li)
        self.assertEqual(chinese.subject, "Li Wei，生日快乐！")
        self.assertIn("祝您生日快乐", chinese.body_html)
        english = self._mails_to(self.ana)
        self.assertEqual(english.subject, "Happy birthday, Ana Silva!")
        self.assertNotIn("祝您生日快乐", english.body_html)

    @freeze_time(TODAY)
    def test_overlapping_rules_send_one_email_per_event(self):
        vip = self.env["res.partner.category"].create({"name": "VIP"})
        self.ana.category_id |= vip
        first = self._rule(name="VIP birthday", sequence=1, category_ids=vip.ids)
        second = self._rule(name="Everyone's birthday", sequence=2)
        self._run()
        self.assertEqual(len(self._mails_to(self.ana)), 1)
        self.assertEqual(self._log(self.ana).rule_id, first)
        self.assertEqual(self._log(self.li).rule_id, second, "not VIP: second rule")
        self.assertEqual(len(self._mails_to(self.li)), 1)
        self._run()
        self.assertFalse(self._new_mails)

    @freeze_time(TODAY)
    def test_consent_given_later_the_same_day_still_gets_the_message(self):
        self._rule()
        self._run()
        self.assertEqual(self._log(self.bob).skip_reason, "no_consent")
        self.bob.marketing_consent = True
        self._run()
        self.assertEqual(len(self._mails_to(self.bob)), 1)
        self.assertEqual(self._log(self.bob).state, "sent", "the skip was replaced")
        self.assertFalse(self._mails_to(self.ana), "ana was already greeted")
        self._run()
        self.assertFalse(self._new_mails)

    @freeze_time(TODAY)
    def test_service_rule_sends_what_an_overlapping_marketing_rule_skips(self):
        self._rule(name="Marketing birthday", sequence=1)
        service = self._rule(name="Service birthday", sequence=2, kind="service")
        self._run()
        self.assertEqual(len(self._mails_to(self.bob)), 1)
        self.assertEqual(self._log(self.bob).rule_id, service)
        self.assertEqual(len(self._mails_to(self.ana)), 1, "still only one")

    @freeze_time(TODAY)
    def test_audience_domain_limits_the_rule(self):
        self._rule(partner_domain="[('lang', '=', 'zh_CN')]")
        self._run()
        self.assertTrue(self._mails_to(self.li))
        self.assertFalse(self._mails_to(self.ana))
        self.assertFalse(self._log(self.ana))

    @freeze_time(TODAY)
    def test_broken_template_is_logged_as_failed_and_others_still_go(self):
        broken = self.birthday_template.copy(
            {"subject": "{{ object.partner_id.no_such_field }}"}
        )
        broken_rule = self._rule(name="Broken", sequence=1, mail_template_id=broken.id)
        self._rule(
            name="SMS birthday",
            sequence=2,
            channel="sms",
            mail_template_id=False,
            sms_template_id=self.env.ref(
                "travel_crm.sms_template_engagement_birthday"
            ).id,
        )
        self._run()
        failed = self.Message.search(
            [("rule_id", "=", broken_rule.id), ("state", "=", "failed")]
        )
        self.assertIn(self.ana, failed.partner_id)
        self.assertTrue(failed[0].error_message)
        sms_log = self._log(self.ana).filtered(lambda m: m.channel == "sms")
        self.assertEqual(sms_log.state, "sent", "the other rule still sends")
