from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import booking_line, create_booking, travel_user


@tagged("post_install", "-at_install")
class TestBrowserRolesTours(HttpCase):
    """What each role meets in a real headless Chromium: a traveller's score of
    0, the accountant's menu and buttons, an agent's trip not yet over."""

    def _booking(self, name, departure, state):
        customer = self.env["res.partner"].create(
            {"name": name, "email": "customer@example.com"}
        )
        return create_booking(
            self.env,
            customer,
            lines=[booking_line("Kyoto ryokan", "hotel", 900, date_start=departure)],
            travellers=True,
            state=state,
            departure_date=departure,
            return_date=departure + timedelta(days=4),
        )

    def test_a_traveller_sends_a_score_of_zero(self):
        back = fields.Date.today() - timedelta(days=10)
        booking = self._booking(
            "Zero Score Traveller", back - timedelta(days=4), "done"
        )
        feedback = booking.feedback_ids
        self.assertEqual(len(feedback), 1)
        page = self.url_open(f"/travel/feedback/{feedback.access_token}")
        # the 0 radio carries its value (a falsy t-att-value dropped it)
        self.assertRegex(page.text, r'<input[^>]*\bid="score_0"[^>]*\bvalue="0"')
        self.start_tour(
            f"/travel/feedback/{feedback.access_token}", "travel_feedback_zero_tour"
        )
        self.assertEqual(feedback.state, "answered")
        self.assertEqual(feedback.score, 0)
        self.assertEqual(feedback.nps_category, "detractor")

    def test_an_accountant_reaches_bookings_from_invoicing(self):
        travel_user(
            self.env, "tour_accountant", "base.group_user,account.group_account_invoice"
        )
        self._booking(
            "Accountant Tour Customer",
            fields.Date.today() + timedelta(days=40),
            "confirmed",
        )
        self.start_tour("/odoo", "travel_accountant_tour", login="tour_accountant")

    def test_an_agent_cannot_complete_a_trip_not_over(self):
        travel_user(
            self.env,
            "tour_future_agent",
            "base.group_user,travel_crm.group_travel_agent",
        )
        booking = self._booking(
            "Future Trip Customer",
            fields.Date.today() + timedelta(days=60),
            "confirmed",
        )
        self.start_tour(
            f"/odoo/action-travel_crm.travel_booking_action/{booking.id}",
            "travel_future_trip_tour",
            login="tour_future_agent",
        )
        self.assertEqual(booking.state, "confirmed")

    def test_an_agent_finds_a_travellers_bookings_on_the_profile(self):
        travel_user(
            self.env,
            "tour_profile_agent",
            "base.group_user,travel_crm.group_travel_agent",
        )
        ordered = self._booking("Trips Traveller", fields.Date.today(), "draft")
        traveller = ordered.partner_id
        traveller.is_traveller = True
        payer = self.env["res.partner"].create({"name": "Paying Parent"})
        create_booking(self.env, payer, travellers=payer | traveller)
        self.assertEqual(traveller.travel_booking_count, 2)
        self.start_tour(
            f"/odoo/res.partner/{traveller.id}",
            "travel_traveller_bookings_tour",
            login="tour_profile_agent",
        )

    def test_an_agent_in_chinese_reads_whole_dates(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        travel_user(
            self.env,
            "tour_zh_agent",
            "base.group_user,travel_crm.group_travel_agent",
            lang="zh_CN",
        )
        booking = self._booking("Chinese Dates Customer", fields.Date.today(), "draft")
        self.start_tour(
            "/odoo/action-travel_crm.travel_booking_action?view_type=list",
            "travel_zh_cn_dates_tour",
            login="tour_zh_agent",
        )
        self.assertEqual(booking.state, "draft")
