import re

from odoo import http
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .portal_common import TravelPortalCase

# the smallest valid PNG: a 1x1 transparent pixel
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63600000020000050001e2266e2e0000000049454e44ae426082"
)


@tagged("post_install", "-at_install")
class TestTravelPortalHttp(TravelPortalCase):
    """The traveller portal over real HTTP requests, as two portal users."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _location(self, response):
        return self.parse_http_location(response.headers.get("Location", "")).path

    def _post_complaint(self, data, files=None, csrf=True):
        if csrf:
            data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(
            "/my/complaints/new", data=data, files=files, allow_redirects=False
        )

    def _ana_complaints(self):
        return self.env["travel.complaint"].search([("partner_id", "=", self.ana.id)])

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

    def test_loyalty_page_shows_own_balance_tier_benefits_and_history(self):
        self._login(self.user_ana)
        Transaction = self.env["travel.loyalty.transaction"]
        # Ana's completed trip of the fixtures already earned points
        before = self.ana.loyalty_points
        Transaction.create(
            [
                {
                    "name": "Welcome bonus",
                    "partner_id": self.ana.id,
                    "transaction_type": "bonus",
                    "points": 150,
                },
                {
                    "name": "Ben's bonus",
                    "partner_id": self.ben.id,
                    "transaction_type": "bonus",
                    "points": 999,
                },
            ]
        )
        self.ana._loyalty_review_tiers()
        tier = self.ana.loyalty_tier_id
        self.assertTrue(tier)
        tier.description = "<p>Priority check-in at the airport</p>"
        page = self.url_open("/my/loyalty")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Welcome bonus", page.text)
        self.assertRegex(
            page.text, rf'o_travel_loyalty_balance"[^>]*>\s*{before + 150}\s*<'
        )
        self.assertRegex(page.text, rf'o_travel_loyalty_tier"[^>]*>\s*{tier.name}\s*<')
        self.assertIn("Priority check-in at the airport", page.text)
        # the qualifying points of Ana's today: the day her entries are dated
        self.assertEqual(self.ana.loyalty_qualifying_points, before)
        self.assertRegex(page.text, rf"You have\s*{before}\s*today")
        # the history is Ana's ledger, newest first, and nothing else
        own = Transaction.search(
            [("partner_id", "=", self.ana.id)], order="date desc, id desc"
        )
        self.assertEqual(len(own), 2)
        self.assertEqual(
            re.findall(
                r'o_travel_loyalty_history_points[^"]*">\s*([+-]\d+)\s*<', page.text
            ),
            [f"{entry.points:+d}" for entry in own],
        )
        self.assertNotIn("Ben&#39;s bonus", page.text)
        self.assertNotIn("Ben's bonus", page.text)
        # Ben's 999 points appear nowhere on the page's content as a number.
        # Not a search of "999" in the whole page: the layout holds the CSRF
        # token (an HMAC and a timestamp, new on every run), and the booking
        # references come from a database sequence that the rollback of a
        # test does not reset, so "999" turns up there on some runs.
        content = page.text[
            page.text.index('<div class="o_travel_loyalty">') : page.text.index(
                "</main>"
            )
        ]
        numbers = re.findall(r"(?<![\w/.,+-])[+-]?\d+(?:,\d{3})*(?![\w/.,])", content)
        self.assertIn(f"{before + 150:,}", numbers)
        self.assertNotIn("999", numbers)
        self.assertNotIn("+999", numbers)

    def test_loyalty_pages_disappear_when_the_programme_is_off(self):
        self.env.company.loyalty_enabled = False
        self._login(self.user_ana)
        self.assertNotIn('href="/my/loyalty"', self.url_open("/my").text)
        self.assertEqual(self.url_open("/my/loyalty").status_code, 404)

    def test_loyalty_page_requires_login(self):
        response = self.url_open("/my/loyalty", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/web/login")

    def test_traveller_downloads_own_personal_data_export(self):
        self._login(self.user_ana)
        response = self.url_open("/my/travel/privacy/export")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = response.json()
        self.assertEqual(data["partner_id"], self.ana.id)
        names = {booking["name"] for booking in data["bookings"]}
        self.assertIn(self.booking_ana.name, names)
        self.assertNotIn(self.booking_ben.name, names)

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

    # ------------------------------------------------------------------
    # Complaints
    # ------------------------------------------------------------------

    def test_new_complaint_form_offers_only_own_bookings(self):
        self._login(self.user_ana)
        page = self.url_open(f"/my/complaints/new?booking_id={self.booking_ana.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.booking_ana.name, page.text)
        self.assertIn(self.booking_ben_with_ana.name, page.text)
        self.assertNotIn(self.booking_ben.name, page.text)
        self.assertRegex(page.text, rf'<option value="{self.booking_ana.id}" selected=')
        self.assertIn('enctype="multipart/form-data"', page.text)

    def test_traveller_submits_a_complaint_with_attachments(self):
        self._login(self.user_ana)
        category = self.env.ref("travel_crm.travel_complaint_category_accommodation")
        response = self._post_complaint(
            {
                "booking_id": self.booking_ana.id,
                "category_id": category.id,
                "subject": "Room was not cleaned",
                "description": "Three days without cleaning.\nTowels missing.",
                "priority": "3",
            },
            files=[
                ("attachments", ("room.png", PNG_PIXEL, "image/png")),
                ("attachments", ("note.txt", b"Room 204, days 2 to 4", "text/plain")),
            ],
        )
        complaint = self._ana_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), f"/my/complaints/{complaint.id}")
        self.assertEqual(complaint.booking_id, self.booking_ana)
        self.assertEqual(complaint.category_id, category)
        self.assertEqual(complaint.subject, "Room was not cleaned")
        self.assertIn("Towels missing.", complaint.description)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.priority, "1", "the agency sets the priority")
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "travel.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(sorted(attachments.mapped("name")), ["note.txt", "room.png"])
        self.assertEqual(
            sorted(attachments.mapped("mimetype")), ["image/png", "text/plain"]
        )
        message = complaint.message_ids.filtered("attachment_ids")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.ana)
        self.assertEqual(message.attachment_ids, attachments)

        page = self.url_open(f"/my/complaints/{complaint.id}?created=1")
        self.assertEqual(page.status_code, 200)
        self.assertIn("we received your complaint", page.text)
        self.assertIn("Room was not cleaned", page.text)
        self.assertIn('data-res_model="travel.complaint"', page.text)

    def test_invalid_complaint_shows_errors_and_writes_nothing(self):
        self._login(self.user_ana)
        valid = {
            "booking_id": self.booking_ana.id,
            "subject": "Late pick-up",
            "description": "Waited two hours.",
        }
        cases = {
            "no subject": ({**valid, "subject": "  "}, None, "what went wrong"),
            "no description": ({**valid, "description": ""}, None, "Describe"),
            "no booking": ({**valid, "booking_id": ""}, None, "Choose the booking"),
            "someone else's booking": (
                {**valid, "booking_id": self.booking_ben.id},
                None,
                "Choose the booking",
            ),
            "forged booking id": (
                {**valid, "booking_id": "1 OR 1=1"},
                None,
                "Choose the booking",
            ),
            "unknown category": (
                {**valid, "category_id": 999999},
                None,
                "category from the list",
            ),
            "html attachment": (
                valid,
                [
                    (
                        "attachments",
                        ("x.png", b"<html><script>1</script></html>", "image/png"),
                    )
                ],
                "cannot be attached",
            ),
            "too many files": (
                valid,
                [
                    ("attachments", (f"p{i}.png", PNG_PIXEL, "image/png"))
                    for i in range(6)
                ],
                "at most 5 files",
            ),
        }
        attachments_before = self.env["ir.attachment"].search_count([])
        for case, (data, files, error) in cases.items():
            with self.subTest(case=case):
                response = self._post_complaint(data, files=files)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_travel_complaint_errors", response.text)
                self.assertIn(error, response.text)
                self.assertFalse(self._ana_complaints())
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    @mute_logger("odoo.http")
    def test_complaint_post_without_csrf_token_is_rejected(self):
        self._login(self.user_ana)
        response = self._post_complaint(
            {
                "booking_id": self.booking_ana.id,
                "subject": "No token",
                "description": "Should not be saved.",
            },
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._ana_complaints())

    def test_traveller_sees_and_follows_only_own_complaints(self):
        mine = self.env["travel.complaint"].create(
            {
                "subject": "Noisy room",
                "booking_id": self.booking_ana.id,
                "partner_id": self.ana.id,
            }
        )
        others = self.env["travel.complaint"].create(
            {
                "subject": "Ben's private matter",
                "booking_id": self.booking_ben.id,
                "partner_id": self.ben.id,
            }
        )
        self._login(self.user_ana)
        listing = self.url_open("/my/complaints").text
        self.assertIn(mine.name, listing)
        self.assertIn("Noisy room", listing)
        self.assertNotIn(others.name, listing)
        self.assertNotIn("private matter", listing)
        open_only = self.url_open("/my/complaints?filterby=done").text
        self.assertNotIn(mine.name, open_only)

        page = self.url_open(f"/my/complaints/{mine.id}")
        self.assertEqual(page.status_code, 200)
        mine.invalidate_recordset(["access_token"])
        self.assertIn(f'data-token="{mine.access_token}"', page.text)
        # the booking page lists the complaints about that trip
        booking_page = self.url_open(f"/my/bookings/{self.booking_ana.id}").text
        self.assertIn(mine.name, booking_page)

        response = self.url_open(f"/my/complaints/{others.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/my")

        # she answers on the portal chatter; the team sees it on the complaint
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "travel.complaint",
                "thread_id": mine.id,
                "post_data": {"body": "Any news?", "message_type": "comment"},
                "token": mine.access_token,
            },
        )
        mine.invalidate_recordset(["message_ids"])
        message = mine.message_ids.filtered(lambda m: "Any news?" in (m.body or ""))
        self.assertEqual(message.author_id, self.ana)
        # but not on Ben's complaint, even knowing its id
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "travel.complaint",
                    "thread_id": others.id,
                    "post_data": {"body": "Intrusion", "message_type": "comment"},
                    "token": mine.access_token,
                },
            )
        self.assertFalse(
            others.message_ids.filtered(lambda m: "Intrusion" in (m.body or ""))
        )

    def test_complaint_token_link_works_without_login(self):
        complaint = self.env["travel.complaint"].create(
            {"subject": "Lost luggage", "booking_id": self.booking_ana.id}
        )
        self.authenticate(None, None)
        token = complaint._portal_ensure_token()
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Lost luggage", page.text)
        response = self.url_open(
            f"/my/complaints/{complaint.id}?access_token=wrong", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(b"Lost luggage", response.content)

    # ------------------------------------------------------------------
    # Preferences and consent
    # ------------------------------------------------------------------

    def _post_preferences(self, data):
        form = {"csrf_token": http.Request.csrf_token(self)}
        form.update(data)
        return self.url_open("/my/travel/preferences", data=form, allow_redirects=False)

    def test_traveller_updates_preferences_and_gives_consent_from_portal(self):
        tags = self.env["travel.interest.tag"].create(
            [{"name": "Portal Hiking"}, {"name": "Portal Food"}]
        )
        japan = self.env.ref("base.jp")
        self._login(self.user_ana)
        page = self.url_open("/my/travel/preferences")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Portal Hiking", page.text)

        response = self._post_preferences(
            {
                "interest_tag_ids": [str(tag.id) for tag in tags],
                "preferred_destination_ids": str(japan.id),
                "seat_preference": "aisle",
                "meal_preference": "vegetarian",
                "room_preference": "twin",
                "dietary_needs": "No peanuts",
                "accessibility_needs": "",
                "preferred_channel": "email",
                "marketing_consent": "on",
                # not a preference: ignored
                "name": "Hacked",
            }
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/my/travel/preferences")
        ana = self.ana
        ana.invalidate_recordset()
        self.assertEqual(ana.name, "Ana Portal")
        self.assertEqual(ana.interest_tag_ids, tags)
        self.assertEqual(ana.preferred_destination_ids, japan)
        self.assertEqual(
            (ana.seat_preference, ana.meal_preference, ana.room_preference),
            ("aisle", "vegetarian", "twin"),
        )
        self.assertEqual(ana.dietary_needs, "No peanuts")
        self.assertEqual(ana.preferred_channel, "email")
        self.assertTrue(ana.marketing_consent)
        self.assertEqual(ana.marketing_consent_source, "portal")
        self.assertTrue(ana.marketing_consent_date)
        self.assertIn(
            "Your preferences were saved",
            self.url_open("/my/travel/preferences?saved=1").text,
        )

        # withdrawing: no box sent
        self._post_preferences({"seat_preference": "aisle"})
        ana.invalidate_recordset()
        self.assertFalse(ana.marketing_consent)
        self.assertFalse(ana.marketing_consent_date)
        self.assertEqual(ana.marketing_consent_source, "portal")
        logs = ana.message_ids.mapped("body")
        self.assertTrue(any("withdrawn on the customer portal" in b for b in logs))
        self.assertTrue(any("given on the customer portal" in b for b in logs))

    def test_invalid_preferences_write_nothing(self):
        self.ana.write({"seat_preference": "window", "marketing_consent": False})
        self._login(self.user_ana)
        for data in (
            {"seat_preference": "cockpit", "marketing_consent": "on"},
            {"interest_tag_ids": "999999", "marketing_consent": "on"},
            {"preferred_destination_ids": "abc", "marketing_consent": "on"},
            {"dietary_needs": "x" * 2001, "marketing_consent": "on"},
        ):
            with self.subTest(data=data):
                response = self._post_preferences(data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Nothing was saved", response.text)
                self.ana.invalidate_recordset()
                self.assertEqual(self.ana.seat_preference, "window")
                self.assertFalse(self.ana.marketing_consent)

    def test_preferences_page_requires_login(self):
        self.authenticate(None, None)
        response = self.url_open("/my/travel/preferences", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
