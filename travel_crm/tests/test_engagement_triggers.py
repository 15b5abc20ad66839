import ast

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.mail.tests.common import MailCase
from odoo.addons.sms.tests.common import SMSCase

TODAY = "2025-03-15 09:00:00"


class TravelEngagementCase(MailCase, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.company = cls.env.company
        cls.Rule = cls.env["travel.engagement.rule"]
        cls.Message = cls.env["travel.engagement.message"]
        # nothing shipped is active, but be explicit: only this test's rules run
        cls.Rule.search([]).active = False
        cls.agent = new_test_user(
            cls.env,
            login="engagement_agent",
            name="Agnes Agent",
            email="agnes@agency.example.com",
            groups="travel_crm.group_travel_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="engagement_manager",
            groups="travel_crm.group_travel_manager",
        )
        # The rules of these tests message only the test's own partners: the
        # database holds others (the demo travellers, with no company and
        # birth dates, trips and documents relative to the install day) who
        # may have their event on the frozen day.
        cls.audience = cls.env["res.partner.category"].create(
            {"name": "Engagement test audience"}
        )
        Partner = cls.env["res.partner"]
        cls.ana = Partner.create(
            {
                "name": "Ana Silva",
                "email": "ana@example.com",
                "mobile": "+32456010203",
                "birthdate": "1990-03-15",
                "marketing_consent": True,
                "lang": "en_US",
            }
        )
        cls.li = Partner.create(
            {
                "name": "Li Wei",
                "email": "li.wei@example.com",
                "birthdate": "1988-03-15",
                "marketing_consent": True,
                "lang": "zh_CN",
            }
        )
        cls.bob = Partner.create(
            {
                "name": "Bob Noconsent",
                "email": "bob@example.com",
                "mobile": "+32456040506",
                "birthdate": "1985-03-15",
                "marketing_consent": False,
            }
        )
        cls.carl = Partner.create(
            {
                "name": "Carl Blacklisted",
                "email": "carl@example.com",
                "birthdate": "1979-03-15",
                "marketing_consent": True,
            }
        )
        cls.env["mail.blacklist"]._add("carl@example.com")
        cls.eve = Partner.create(
            {
                "name": "Eve Otherday",
                "email": "eve@example.com",
                "birthdate": "1991-07-02",
                "marketing_consent": True,
            }
        )
        (cls.ana | cls.li | cls.bob | cls.carl | cls.eve).category_id = cls.audience
        cls.birthday_template = cls.env.ref(
            "travel_crm.mail_template_engagement_birthday"
        )

    def _rule(self, **vals):
        """A rule of the test company whose audience is the test's partners
        (tagged ``audience``), narrowed by ``partner_domain`` if given."""
        audience = [("category_id", "in", self.audience.ids)]
        audience += ast.literal_eval(vals.pop("partner_domain", "[]"))
        values = {
            "name": "Birthday greetings",
            "trigger": "birthday",
            "channel": "email",
            "mail_template_id": self.birthday_template.id,
            "company_id": self.company.id,
            "partner_domain": repr(audience),
        }
        values.update(vals)
        return self.Rule.create(values)

    def _test_partner(self, vals):
        """One more partner of the test's audience."""
        return self.env["res.partner"].create(
            {**vals, "category_id": [Command.set(self.audience.ids)]}
        )

    def _booking(self, partner, departure, ret, state="confirmed", **vals):
        booking = self.env["travel.booking"].create(
            {
                "partner_id": partner.id,
                "departure_date": departure,
                "return_date": ret,
                "user_id": self.agent.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Lisbon - Macau flight",
                            "service_type": "flight",
                            "quantity": 1,
                            "price_unit": 900,
                            "date_start": departure,
                        }
                    )
                ],
                **vals,
            }
        )
        if state != "draft":
            booking.write({"state": state})
        return booking

    def _run(self, **kwargs):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self.Rule._cron_travel_engagement(**kwargs)

    def _mails_to(self, partner):
        return self._new_mails.filtered(lambda m: partner in m.recipient_ids)

    def _log(self, partner, rule=None):
        domain = [("partner_id", "=", partner.id)]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        return self.Message.search(domain)


@tagged("post_install", "-at_install")
class TestTravelEngagementEmail(TravelEngagementCase):
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
    def test_service_message_reaches_every_traveller_even_blacklisted(self):
        template = self.env.ref("travel_crm.mail_template_engagement_before_departure")
        rule = self._rule(
            name="Pre-departure",
            trigger="before_departure",
            days=7,
            mail_template_id=template.id,
        )
        self.assertEqual(rule.kind, "service")
        booking = self._booking(
            self.bob, "2025-03-20", "2025-03-27", traveller_ids=[(6, 0, self.carl.ids)]
        )
        later = self._booking(self.ana, "2025-04-30", "2025-05-07")
        draft = self._booking(self.li, "2025-03-18", "2025-03-25", state="draft")
        self._run()
        for partner in self.bob | self.carl:
            mail = self._mails_to(partner)
            self.assertEqual(len(mail), 1, partner.name)
            self.assertIn(booking.name, mail.subject)
            self.assertIn("Lisbon - Macau flight", mail.body_html)
            self.assertIn("Agnes Agent", mail.body_html)
            self.assertNotIn("/travel/unsubscribe/", mail.body_html)
        self.assertFalse(self._mails_to(self.ana), later.name)
        self.assertFalse(self._mails_to(self.li), draft.name)
        self.assertEqual(
            self.Message.search([("booking_id", "=", booking.id)]).partner_id,
            self.bob | self.carl,
        )
        notes = booking.message_ids.filtered(
            lambda m: "Pre-departure sent to" in m.body
        )
        self.assertEqual(len(notes), 2, "logged in the booking's chatter too")

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
    def test_anniversary_of_first_trip_only(self):
        template = self.env.ref(
            "travel_crm.mail_template_engagement_first_trip_anniversary"
        )
        self._rule(
            name="Anniversary",
            trigger="first_trip_anniversary",
            mail_template_id=template.id,
        )
        first = self._booking(
            self.ana,
            "2023-03-15",
            "2023-03-22",
            state="done",
            traveller_ids=[(6, 0, self.li.ids)],
        )
        self._booking(self.ana, "2024-03-15", "2024-03-20", state="done")
        # Eve's first trip is on another day; this year's trip is no anniversary
        self._booking(self.eve, "2023-06-01", "2023-06-08", state="done")
        self._booking(self.eve, "2025-03-15", "2025-03-20", state="in_progress")
        self._run()
        self.assertIn("2 years ago", self._mails_to(self.ana).body_html)
        self.assertEqual(self._log(self.ana).booking_id, first)
        self.assertEqual(len(self._mails_to(self.li)), 1, "traveller on first trip")
        self.assertFalse(self._mails_to(self.eve))

    @freeze_time(TODAY)
    def test_after_return_thanks_recent_returns_only(self):
        template = self.env.ref("travel_crm.mail_template_engagement_after_return")
        self._rule(
            name="Welcome home",
            trigger="after_return",
            days=2,
            mail_template_id=template.id,
        )
        recent = self._booking(self.bob, "2025-03-05", "2025-03-13", state="done")
        self._booking(self.ana, "2025-01-05", "2025-01-13", state="done")
        self._booking(self.li, "2025-03-10", "2025-03-14", state="done")
        self._run()
        mail = self._mails_to(self.bob)
        self.assertEqual(len(mail), 1, "service: no consent needed")
        self.assertIn(recent.name, mail.body_html)
        # marked done without completing: no feedback request, no score asked
        self.assertNotIn("0 to 10", mail.body_html)
        self.assertFalse(self._mails_to(self.ana), "returned two months ago")
        self.assertFalse(self._mails_to(self.li), "returned yesterday, not yet due")

    def _post_trip_rule(self):
        return self._rule(
            name="Welcome home",
            trigger="after_return",
            days=2,
            mail_template_id=self.env.ref(
                "travel_crm.mail_template_engagement_after_return"
            ).id,
        )

    def _feedback_requests_to(self, partner):
        return self._mails_to(partner).filtered(
            lambda m: "/travel/feedback/" in (m.body_html or "")
        )

    @freeze_time(TODAY)
    def test_post_trip_message_is_the_one_feedback_request(self):
        self._post_trip_rule()
        booking = self._booking(self.bob, "2025-03-05", "2025-03-13", "in_progress")
        with self.mock_mail_gateway():
            booking.action_done()
        self.assertFalse(
            self._feedback_requests_to(self.bob), "completion mails no request"
        )
        feedback = self.env["travel.feedback"].search([("booking_id", "=", booking.id)])
        self.assertEqual(feedback.partner_id, self.bob)
        self.assertEqual(feedback.state, "requested")
        self._run()
        mail = self._mails_to(self.bob)
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/travel/feedback/{feedback.access_token}", mail.body_html)
        self.assertIn("0 to 10", mail.body_html)
        self.assertNotIn("reply to this email with your score", mail.body_html)

    @freeze_time(TODAY)
    def test_without_post_trip_message_completion_mails_the_request(self):
        booking = self._booking(self.bob, "2025-03-05", "2025-03-13", "in_progress")
        with self.mock_mail_gateway():
            booking.action_done()
        feedback = self.env["travel.feedback"].search([("booking_id", "=", booking.id)])
        request = self._feedback_requests_to(self.bob)
        self.assertEqual(len(request), 1)
        self.assertIn(feedback.access_token, request.body_html)

    @freeze_time(TODAY)
    def test_completion_after_the_post_trip_message_mails_the_request(self):
        self._post_trip_rule()
        booking = self._booking(self.bob, "2025-03-05", "2025-03-13", "in_progress")
        self._run()
        thanks = self._mails_to(self.bob)
        self.assertEqual(len(thanks), 1)
        self.assertNotIn("/travel/feedback/", thanks.body_html)
        with self.mock_mail_gateway():
            booking.action_done()
        feedback = self.env["travel.feedback"].search([("booking_id", "=", booking.id)])
        request = self._feedback_requests_to(self.bob)
        self.assertEqual(len(request), 1, "the message went out: mail the request")
        self.assertIn(feedback.access_token, request.body_html)

    @freeze_time(TODAY)
    def test_completion_long_after_return_mails_the_request(self):
        self._post_trip_rule()
        # returned a month ago: the post-trip message will never go out
        booking = self._booking(self.bob, "2025-02-05", "2025-02-13", "in_progress")
        with self.mock_mail_gateway():
            booking.action_done()
        self.assertEqual(len(self._feedback_requests_to(self.bob)), 1)
        self._run()
        self.assertFalse(self._new_mails, "too late for a post-trip message")

    @freeze_time(TODAY)
    def test_inactivity_win_back_once_per_dormancy(self):
        template = self.env.ref("travel_crm.mail_template_engagement_inactivity")
        rule = self._rule(
            name="Win-back",
            trigger="inactivity",
            days=365,
            mail_template_id=template.id,
        )
        self.assertEqual(rule.kind, "marketing")
        self._booking(self.ana, "2023-09-01", "2023-09-10", state="done")
        self._booking(self.li, "2024-01-01", "2024-01-10", state="done")
        self._booking(self.li, "2025-06-01", "2025-06-10")
        self._booking(self.bob, "2023-01-01", "2023-01-10", state="done")
        self._run()
        self.assertEqual(len(self._mails_to(self.ana)), 1)
        self.assertFalse(self._mails_to(self.li), "has an upcoming trip")
        self.assertEqual(self._log(self.bob).skip_reason, "no_consent")
        self._run()
        self.assertFalse(self._new_mails)

    @freeze_time(TODAY)
    def test_holiday_greets_customers_on_the_configured_day(self):
        template = self.env.ref("travel_crm.mail_template_engagement_holiday")
        self._rule(
            name="Spring festival",
            trigger="holiday",
            holiday_month="3",
            holiday_day=15,
            mail_template_id=template.id,
        )
        self._rule(
            name="Other day",
            trigger="holiday",
            holiday_month="12",
            holiday_day=25,
            mail_template_id=template.id,
        )
        self._booking(self.ana, "2024-05-01", "2024-05-08", state="done")
        self._run()
        self.assertEqual(len(self._mails_to(self.ana)), 1)
        self.assertFalse(self._mails_to(self.li), "not a customer of the agency")

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


@tagged("post_install", "-at_install")
class TestTravelEngagementChannels(TravelEngagementCase):
    @freeze_time(TODAY)
    def test_sms_is_sent_through_iap_and_logged_in_chatter(self):
        template = self.env.ref("travel_crm.sms_template_engagement_before_departure")
        self._rule(
            name="Departure SMS",
            trigger="before_departure",
            days=1,
            channel="sms",
            mail_template_id=False,
            sms_template_id=template.id,
        )
        booking = self._booking(self.ana, "2025-03-16", "2025-03-20")
        with self.mockSMSGateway():
            self.Rule._cron_travel_engagement()
            log = self._log(self.ana)
            self.assertEqual(log.state, "sent")
            sms = self._new_sms.filtered(lambda s: s.partner_id == self.ana)
            self.assertEqual(sms.state, "outgoing", "queued until the transaction ends")
            self.assertIn(booking.name, sms.body)
            self.assertEqual(log.mail_message_id.message_type, "sms")
            self.assertIn(log.mail_message_id, self.ana.message_ids)
            self.env["sms.sms"].sudo()._process_queue(ids=sms.ids)
        self.assertSMSIapSent(["+32456010203"], content=booking.name)

    @freeze_time(TODAY)
    def test_marketing_sms_skips_blacklisted_phone(self):
        self.env["phone.blacklist"]._add(["+32456010203"])
        self._rule(
            channel="sms",
            mail_template_id=False,
            sms_template_id=self.env.ref(
                "travel_crm.sms_template_engagement_birthday"
            ).id,
        )
        with self.mockSMSGateway():
            self.Rule._cron_travel_engagement()
            self.assertFalse(self._new_sms.filtered(lambda s: s.partner_id == self.ana))
        self.assertEqual(self._log(self.ana).skip_reason, "blacklisted")
        self.assertEqual(self._log(self.li).skip_reason, "no_phone")

    @freeze_time(TODAY)
    def test_activity_is_planned_for_the_booking_agent(self):
        call = self.env.ref("mail.mail_activity_data_call")
        self._rule(
            name="Win-back call",
            trigger="inactivity",
            days=365,
            channel="activity",
            mail_template_id=False,
            activity_type_id=call.id,
            activity_summary="Call about a new trip",
        )
        booking = self._booking(self.ana, "2023-09-01", "2023-09-10", state="done")
        salesperson = new_test_user(self.env, login="engagement_sales")
        self.carl.user_id = salesperson
        carl_booking = self._booking(
            self.carl, "2023-08-01", "2023-08-10", state="done"
        )
        carl_booking.user_id = False
        self._booking(self.bob, "2023-08-01", "2023-08-10", state="done")
        self.li.mobile = "+32456070809"
        self.env["phone.blacklist"]._add(["+32456070809"])
        li_booking = self._booking(self.li, "2023-08-01", "2023-08-10", state="done")
        self._run()
        self.assertFalse(
            li_booking.activity_ids, "no marketing call to a blacklisted phone"
        )
        self.assertEqual(self._log(self.li).skip_reason, "blacklisted")
        activity = booking.activity_ids
        self.assertEqual(activity.user_id, self.agent)
        self.assertEqual(activity.activity_type_id, call)
        self.assertEqual(activity.summary, "Call about a new trip")
        self.assertEqual(self._log(self.ana).activity_id, activity)
        self.assertEqual(carl_booking.activity_ids.user_id, salesperson)
        self.assertEqual(self._log(self.bob).skip_reason, "no_consent")
        self.assertFalse(self._mails_to(self.ana), "the customer gets nothing")
        self._run()
        self.assertEqual(len(booking.activity_ids), 1)


@tagged("post_install", "-at_install")
class TestTravelEngagementCron(TravelEngagementCase):
    @freeze_time(TODAY)
    def test_cron_sends_in_batches_and_reports_progress(self):
        self._rule()
        self.Message.search([]).unlink()
        cron = self.env.ref("travel_crm.ir_cron_travel_engagement")
        # 5 birthday messages due: ana, li, bob, carl (skips are logged too)
        # and one more consenting traveller
        self._test_partner(
            {
                "name": "Dan Extra",
                "email": "dan@example.com",
                "birthdate": "2000-03-15",
                "marketing_consent": True,
            }
        )
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        with self.mock_mail_gateway():
            self.Rule.with_context(
                ir_cron_progress_id=progress.id
            )._cron_travel_engagement(batch_size=2, limit=3)
        self.assertEqual((progress.done, progress.remaining), (3, 2))
        self.assertEqual(self.Message.search_count([]), 3)
        progress2 = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        with self.mock_mail_gateway():
            self.Rule.with_context(
                ir_cron_progress_id=progress2.id
            )._cron_travel_engagement(batch_size=2, limit=3)
        self.assertEqual((progress2.done, progress2.remaining), (2, 0))
        self.assertEqual(self.Message.search_count([]), 5)
        progress3 = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        with self.mock_mail_gateway():
            self.Rule.with_context(
                ir_cron_progress_id=progress3.id
            )._cron_travel_engagement(batch_size=2, limit=3)
        self.assertEqual((progress3.done, progress3.remaining), (0, 0))
        self.assertFalse(self._new_mails, "skips stay skipped, nothing resent")

    def test_cron_record_runs_the_engagement_method(self):
        cron = self.env.ref("travel_crm.ir_cron_travel_engagement")
        self.assertEqual(cron.model_id.model, "travel.engagement.rule")
        self.assertEqual(cron.code.strip(), "model._cron_travel_engagement()")

    @freeze_time(TODAY)
    def test_run_now_button_for_managers_only(self):
        rule = self._rule()
        with self.assertRaises(UserError):
            rule.with_user(self.agent).action_run_now()
        with self.mock_mail_gateway():
            rule.with_user(self.manager).action_run_now()
        self.assertEqual(len(self._mails_to(self.ana)), 1)

    def test_rule_needs_the_template_of_its_channel(self):
        with self.assertRaises(ValidationError):
            self._rule(mail_template_id=False)
        with self.assertRaises(ValidationError):
            self._rule(channel="activity")
        with self.assertRaises(ValidationError):
            self._rule(trigger="holiday", holiday_month="2", holiday_day=30)
        with self.assertRaises(ValidationError):
            self._rule(partner_domain="[('no_such_field', '=', 1)]")
        self.assertTrue(
            self._rule(trigger="holiday", holiday_month="2", holiday_day=29)
        )


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
        outsider = new_test_user(
            self.env,
            login="engagement_outsider",
            groups="travel_crm.group_travel_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Message.with_user(outsider).search([]))
        self.assertFalse(self.Rule.with_user(outsider).search([("id", "=", rule.id)]))


@tagged("post_install", "-at_install")
class TestEngagementDocumentExpiry(TravelEngagementCase):
    @freeze_time(TODAY)
    def test_expiring_passport_gets_one_service_email_even_without_consent(self):
        self.ana.marketing_consent = False
        passport = self.env["travel.document"].create(
            {
                "partner_id": self.ana.id,
                "document_type": "passport",
                "number": "PT7654321",
                "expiry_date": "2025-04-20",
            }
        )
        self.env["travel.document"].create(
            {
                "partner_id": self.bob.id,
                "document_type": "passport",
                "number": "PT1111111",
                "expiry_date": "2027-01-01",
            }
        )
        rule = self._rule(
            name="Passport expiring",
            trigger="document_expiry",
            days=60,
            mail_template_id=self.env.ref(
                "travel_crm.mail_template_engagement_document_expiry"
            ).id,
        )
        self._run()
        self.assertEqual(len(self._mails_to(self.ana)), 1)
        self._run()
        self.assertFalse(self._mails_to(self.ana), "a re-run sends nothing again")
        sent = self._log(self.ana, rule).filtered(lambda m: m.state == "sent")
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.res_id, passport.id)
        self.assertFalse(self._log(self.bob, rule))


@tagged("post_install", "-at_install")
class TestEngagementLoyalty(TravelEngagementCase):
    def _award(self, partner, points, expiry):
        return self.env["travel.loyalty.transaction"].create(
            {
                "name": "Welcome bonus",
                "partner_id": partner.id,
                "transaction_type": "bonus",
                "points": points,
                "expiry_date": expiry,
            }
        )

    @freeze_time(TODAY)
    def test_points_expiring_soon_are_announced_once_with_the_open_balance(self):
        self._award(self.ana, 300, "2025-04-01")
        self._award(self.ana, 200, "2025-04-10")
        self._award(self.bob, 900, "2026-01-01")  # not within the window
        rule = self._rule(
            name="Points expiring",
            trigger="points_expiry",
            days=30,
            mail_template_id=self.env.ref(
                "travel_crm.mail_template_engagement_points_expiry"
            ).id,
        )
        self._run()
        self.assertEqual(len(self._mails_to(self.ana)), 1)
        self._run()
        self.assertFalse(self._mails_to(self.ana), "a re-run sends nothing again")
        sent = self._log(self.ana, rule).filtered(lambda m: m.state == "sent")
        self.assertEqual(len(sent), 1)
        self.assertFalse(self._log(self.bob, rule))

    @freeze_time(TODAY)
    def test_tier_audience_reaches_only_members_of_the_tier(self):
        gold = self.env["travel.loyalty.tier"].create(
            {"name": "Matrix Gold", "sequence": 99, "min_points": 10**9}
        )
        self.ana.loyalty_tier_id = gold
        self.bob.birthdate = self.ana.birthdate
        self.bob.marketing_consent = True
        rule = self._rule(loyalty_tier_ids=[(6, 0, gold.ids)])
        self._run()
        self.assertTrue(self._log(self.ana, rule).filtered(lambda m: m.state == "sent"))
        self.assertFalse(self._log(self.bob, rule))
