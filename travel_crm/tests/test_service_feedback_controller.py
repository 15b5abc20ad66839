import re

from odoo.tests import HttpCase, tagged

from .common import booking_line, create_booking, travel_user


@tagged("post_install", "-at_install")
class TestFeedbackController(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agent = travel_user(
            cls.env, "fb_agent", "base.group_user,travel_crm.group_travel_agent"
        )
        cls.traveller = cls.env["res.partner"].create(
            {"name": "Ana Traveller", "email": "ana.traveller@example.com"}
        )
        cls.booking = create_booking(
            cls.env,
            cls.traveller,
            lines=[booking_line("Tour", "other", price=100)],
            state="done",
            user_id=agent.id,
        )
        cls.feedback = cls.booking.feedback_ids
        cls.url = f"/travel/feedback/{cls.feedback.access_token}"

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post(self, score, comment="", url=None):
        url = url or self.url
        csrf = self._csrf(self.url) if self.feedback.state == "requested" else "x"
        return self.url_open(
            f"{url}/submit",
            data={"csrf_token": csrf, "score": score, "comment": comment},
        )

    def test_unknown_or_forged_token_is_refused(self):
        for token in ("nope", "a" * 43, self.feedback.access_token[:-1] + "x"):
            with self.subTest(token=token):
                response = self.url_open(f"/travel/feedback/{token}")
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.feedback.state, "requested")

    def test_traveller_answers_once_without_login(self):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("How was your trip?", page.text)
        self.assertIn(self.booking.name, page.text)

        response = self._post(4, "Guide was late every day")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your feedback", response.text)
        self.feedback.invalidate_recordset()
        self.assertEqual(self.feedback.state, "answered")
        self.assertEqual(self.feedback.score, 4)
        self.assertEqual(self.feedback.comment, "Guide was late every day")
        self.assertTrue(self.feedback.activity_ids, "detractor follow-up")

        # the link cannot be used a second time
        again = self.url_open(self.url)
        self.assertEqual(again.status_code, 403)
        self.assertIn("already used", again.text)
        self.authenticate(None, None)
        csrf = re.search(
            r'name="csrf_token" value="([^"]+)"',
            self.url_open("/web/login").text,
        ).group(1)
        reuse = self.url_open(
            f"{self.url}/submit", data={"csrf_token": csrf, "score": 10}
        )
        self.assertEqual(reuse.status_code, 403)
        self.feedback.invalidate_recordset()
        self.assertEqual(self.feedback.score, 4)

    def test_score_out_of_bounds_is_not_recorded(self):
        response = self._post(11)
        self.assertEqual(response.status_code, 200)
        self.assertIn("from 0 to 10", response.text)
        self.feedback.invalidate_recordset()
        self.assertEqual(self.feedback.state, "requested")
