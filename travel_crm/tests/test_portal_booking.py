import re

from odoo import http
from odoo.tests import tagged

from .portal_common import TravelPortalCase


@tagged("post_install", "-at_install")
class TestPortalBookings(TravelPortalCase):
    """The traveller's home, bookings and trip feedback over real HTTP
    requests, as two portal users."""

    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------

    def test_home_lists_travel_entries_and_counts_own_records(self):
        self._login(self.user_ana)
        page = self.url_open("/my")
        self.assertEqual(page.status_code, 200)
        for url in (
            "/my/bookings",
            "/my/complaints",
            "/my/travel/preferences",
            "/my/loyalty",
            "/my/travel/privacy/export",
        ):
            self.assertIn(f'href="{url}"', page.text)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["travel_booking_count", "travel_complaint_count"]},
        )
        # her two trips and Ben's trip on which she travels
        self.assertEqual(counters["travel_booking_count"], 3)
        self.assertEqual(counters["travel_complaint_count"], 0)

    # ------------------------------------------------------------------
    # Bookings
    # ------------------------------------------------------------------

    def test_booking_list_shows_own_trips_and_trips_as_traveller_only(self):
        self._login(self.user_ana)
        page = self.url_open("/my/bookings")
        self.assertEqual(page.status_code, 200)
        for booking in (
            self.booking_ana,
            self.booking_ana_past,
            self.booking_ben_with_ana,
        ):
            self.assertIn(booking.name, page.text)
        self.assertNotIn(self.booking_ben.name, page.text)

        self._login(self.user_ben)
        page = self.url_open("/my/bookings")
        self.assertIn(self.booking_ben.name, page.text)
        self.assertIn(self.booking_ben_with_ana.name, page.text)
        self.assertNotIn(self.booking_ana.name, page.text)
        self.assertNotIn(self.booking_ana_past.name, page.text)

    def test_home_asks_for_the_pending_feedback(self):
        Feedback = self.env["travel.feedback"]
        ana = self.user_ana.partner_id
        Feedback.search(
            [("partner_id", "=", ana.id), ("state", "=", "requested")]
        ).unlink()
        self._login(self.user_ana)
        self.assertNotIn("o_travel_pending_feedback", self.url_open("/my").text)
        request = Feedback.create(
            {
                "booking_id": self.booking_ana_past.id,
                "partner_id": ana.id,
                "state": "requested",
            }
        )
        self.assertEqual(request.state, "requested")
        page = self.url_open("/my").text
        self.assertIn("o_travel_pending_feedback", page)
        self.assertIn(f'href="/travel/feedback/{request.access_token}"', page)
        self._login(self.user_ben)
        self.assertNotIn(request.access_token, self.url_open("/my").text)

    def test_trips_say_where_they_go(self):
        self.booking_ana.destination = "Lisbon and the Azores"
        japan = self.env.ref("base.jp")
        self.booking_ana_past.write(
            {"destination": False, "destination_country_ids": [(6, 0, japan.ids)]}
        )
        self._login(self.user_ana)
        listing = self.url_open("/my/bookings").text
        self.assertIn("Lisbon and the Azores", listing)
        self.assertIn(japan.name, listing)
        page = self.url_open(self.booking_ana.get_portal_url()).text
        self.assertRegex(
            page, r'o_travel_booking_destination">\s*· Lisbon and the Azores'
        )

    def test_booking_list_filters_upcoming_and_past_and_sorts_by_departure(self):
        self._login(self.user_ana)
        upcoming = self.url_open("/my/bookings?filterby=upcoming").text
        self.assertIn(self.booking_ana.name, upcoming)
        self.assertIn(self.booking_ben_with_ana.name, upcoming)
        self.assertNotIn(self.booking_ana_past.name, upcoming)
        past = self.url_open("/my/bookings?filterby=past").text
        self.assertIn(self.booking_ana_past.name, past)
        self.assertNotIn(self.booking_ana.name, past)

        soonest = self.url_open("/my/bookings?sortby=departure_asc").text
        order = [
            soonest.index(booking.name)
            for booking in (
                self.booking_ana_past,
                self.booking_ana,
                self.booking_ben_with_ana,
            )
        ]
        self.assertEqual(order, sorted(order))
        latest = self.url_open("/my/bookings").text
        self.assertLess(
            latest.index(self.booking_ben_with_ana.name),
            latest.index(self.booking_ana_past.name),
        )
        # unknown options fall back to the defaults instead of failing
        self.assertEqual(
            self.url_open("/my/bookings?sortby=x&filterby=y").status_code, 200
        )

    def test_booking_page_shows_itinerary_travellers_totals_but_no_costs(self):
        self._login(self.user_ana)
        page = self.url_open(f"/my/bookings/{self.booking_ana.id}")
        self.assertEqual(page.status_code, 200)
        html = page.text
        self.assertIn("Flight LIS-NRT", html)
        self.assertIn("Ryokan Kyoto, 4 nights", html)
        self.assertIn("Ana Portal", html)
        self.assertIn("Confirmed", html)
        # 900 + 4 x 150, no taxes
        self.assertRegex(html, r"1,500\.00")
        # services day by day: the flight's day comes before the hotel's
        self.assertEqual(len(re.findall("o_travel_itinerary_day ", html)), 2)
        self.assertLess(html.index("Flight LIS-NRT"), html.index("Ryokan Kyoto"))
        # the agency's costs, margin and suppliers stay internal
        self.assertNotIn("Secret Supplier Hotel", html)
        self.assertNotIn("811.00", html)
        # the portal chatter on the booking, with the document token to post
        self.assertIn('data-res_model="travel.booking"', html)
        self.booking_ana.invalidate_recordset(["access_token"])
        self.assertIn(f'data-token="{self.booking_ana.access_token}"', html)

    def test_traveller_cannot_open_someone_elses_booking(self):
        self._login(self.user_ana)
        for booking_id in (self.booking_ben.id, 999999999):
            with self.subTest(booking_id=booking_id):
                response = self.url_open(
                    f"/my/bookings/{booking_id}", allow_redirects=False
                )
                self.assertEqual(response.status_code, 303)
                self.assertEqual(self._location(response), "/my")
        response = self.url_open(
            f"/my/bookings/{self.booking_ben.id}?report_type=pdf",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(b"retreat", response.content)

    def test_portal_user_reads_only_own_bookings_through_the_orm(self):
        Booking = self.env["travel.booking"].with_user(self.user_ana)
        self.assertEqual(
            Booking.search([]),
            self.booking_ana | self.booking_ana_past | self.booking_ben_with_ana,
        )
        # costs and margins are agency data, even for a booking she can read
        fields_seen = Booking.fields_get()
        for fname in ("amount_cost", "margin", "margin_percent"):
            self.assertNotIn(fname, fields_seen)

    def test_access_token_opens_a_booking_without_login(self):
        self.authenticate(None, None)
        token = self.booking_ana._portal_ensure_token()
        page = self.url_open(f"/my/bookings/{self.booking_ana.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Ryokan Kyoto", page.text)
        for url in (
            f"/my/bookings/{self.booking_ana.id}",
            f"/my/bookings/{self.booking_ana.id}?access_token={token[:-2]}xx",
            f"/my/bookings/{self.booking_ben.id}?access_token={token}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertNotIn(b"Ryokan", response.content)

    def test_itinerary_pdf_downloads_for_own_booking(self):
        self._login(self.user_ana)
        response = self.url_open(
            f"/my/bookings/{self.booking_ana.id}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn(
            self.booking_ana.name.replace("/", "_"),
            response.headers["Content-Disposition"],
        )
        # without wkhtmltopdf in tests Odoo returns the report's HTML body; the
        # itinerary names the services and their suppliers, never their costs
        self.assertIn(b"Ryokan Kyoto", response.content)
        self.assertNotIn(b"Cost", response.content)

    # ------------------------------------------------------------------
    # Feedback
    # ------------------------------------------------------------------

    def test_done_trip_links_to_the_pending_feedback_request(self):
        request = self.booking_ana_past.feedback_ids.filtered(
            lambda f: f.partner_id == self.ana
        )
        self.assertEqual(request.state, "requested")
        self._login(self.user_ana)
        html = self.url_open(f"/my/bookings/{self.booking_ana_past.id}").text
        self.assertIn(f"/travel/feedback/{request.access_token}", html)
        # a trip that is not over yet asks for no feedback
        html = self.url_open(f"/my/bookings/{self.booking_ana.id}").text
        self.assertNotIn("o_travel_give_feedback", html)

        request._submit(9, "Wonderful")
        html = self.url_open(f"/my/bookings/{self.booking_ana_past.id}").text
        self.assertNotIn("/travel/feedback/", html)
        self.assertIn("you scored this trip 9/10", html)

    def test_done_trip_without_request_opens_a_new_feedback_page(self):
        self.booking_ben_with_ana.action_confirm()
        self.booking_ben_with_ana.action_done()
        self.booking_ben_with_ana.feedback_ids.unlink()
        self._login(self.user_ana)
        html = self.url_open(f"/my/bookings/{self.booking_ben_with_ana.id}").text
        self.assertIn(f"/my/bookings/{self.booking_ben_with_ana.id}/feedback", html)
        response = self.url_open(
            f"/my/bookings/{self.booking_ben_with_ana.id}/feedback",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.env.invalidate_all()
        feedback = self.booking_ben_with_ana.feedback_ids
        self.assertEqual(feedback.partner_id, self.ana)
        self.assertEqual(feedback.state, "requested")
        self.assertEqual(
            self._location(response), f"/travel/feedback/{feedback.sudo().access_token}"
        )
        # Ana cannot ask for feedback on Ben's trip
        self.url_open(
            f"/my/bookings/{self.booking_ben.id}/feedback",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.env.invalidate_all()
        self.assertFalse(self.booking_ben.feedback_ids)
