from freezegun import freeze_time

from odoo.tests import tagged

from .engagement_common import TODAY, TravelEngagementCase


@tagged("post_install", "-at_install")
class TestEngagementTriggers(TravelEngagementCase):
    """The events of each trigger on the frozen day."""

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


@tagged("post_install", "-at_install")
class TestEngagementPostTripFeedback(TravelEngagementCase):
    """The post-trip message and the feedback request: one mail asks for the score."""

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
