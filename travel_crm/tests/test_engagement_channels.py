from freezegun import freeze_time

from odoo.tests import tagged

from .common import travel_user
from .engagement_common import TODAY, TravelEngagementCase


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
        salesperson = travel_user(self.env, "engagement_sales", "base.group_user")
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
