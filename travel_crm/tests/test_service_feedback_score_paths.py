"""A score is a score, wherever it comes from.

Completing a trip opens a feedback request per traveller; the score may then
arrive from the portal page, the agent's form, an import or the API. Every
path must do the same thing, once: answer the request (date, state, NPS), open
the detractor follow-up, give the customer the feedback bonus and show the
answer on the traveller's timeline. Each test counts only the records of the
partners it created.
"""

import re

from odoo.tests import Form, HttpCase, TransactionCase, tagged

from ..models.service.travel_feedback import nps_category
from .common import booking_line, create_booking, travel_user

BONUS = 50


class FeedbackScorePathsMixin:
    @classmethod
    def _setup_score_paths(cls):
        cls.env.company.write(
            {"loyalty_enabled": True, "loyalty_feedback_bonus": BONUS}
        )
        cls.agent = travel_user(
            cls.env,
            "fsp_agent",
            "base.group_user,travel_crm.group_travel_agent",
            name="Sam Score Agent",
        )
        cls.detractor_type = cls.env.ref(
            "travel_crm.mail_activity_type_feedback_detractor"
        )

    def _done_trip(self, name, companion=None):
        """A completed trip of a new customer (and companion): its requests."""
        customer = self.env["res.partner"].create(
            {"name": name, "email": f"{name.split()[0].lower()}@example.com"}
        )
        booking = create_booking(
            self.env,
            customer,
            lines=[booking_line("Azores walking tour", "tour", price=900)],
            travellers=customer | companion if companion else customer,
            state="done",
            user_id=self.agent.id,
        )
        requests = booking.feedback_ids
        self.assertEqual(set(requests.mapped("state")), {"requested"})
        self.assertFalse(any(requests.mapped("date_answered")))
        return customer, booking, requests

    def _follow_ups(self, feedback):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "travel.feedback"),
                ("res_id", "=", feedback.id),
                ("activity_type_id", "=", self.detractor_type.id),
            ]
        )

    def _bonus_entries(self, customer):
        return self.env["travel.loyalty.transaction"].search(
            [("partner_id", "=", customer.id), ("bonus_reason", "=", "feedback")]
        )

    def _timeline(self, partner):
        return self.env["travel.interaction"].search(
            [("partner_id", "=", partner.id), ("kind", "=", "feedback")]
        )

    def _assert_answered(self, feedback, score, customer, follow_ups=None):
        """The request is answered with ``score``: one follow-up when it is (or
        was) a detractor, one bonus for the customer, one timeline entry."""
        self.env.invalidate_all()
        if follow_ups is None:
            follow_ups = 1 if nps_category(score) == "detractor" else 0
        self.assertEqual(feedback.state, "answered")
        self.assertEqual(feedback.score, score)
        self.assertTrue(feedback.date_answered)
        self.assertEqual(feedback.nps_category, nps_category(score))
        self.assertEqual(len(self._follow_ups(feedback)), follow_ups)
        self.assertEqual(feedback.followup_done, bool(follow_ups))
        if follow_ups:
            self.assertEqual(self._follow_ups(feedback).user_id, self.agent)
        bonus = self._bonus_entries(customer)
        self.assertEqual(len(bonus), 1)
        self.assertEqual(bonus.points, BONUS)
        self.assertEqual(bonus.booking_id, feedback.booking_id)
        timeline = self._timeline(feedback.partner_id)
        self.assertEqual(len(timeline), 1)
        self.assertEqual(
            (timeline.res_model, timeline.res_id), (feedback._name, feedback.id)
        )
        self.assertIn(f"NPS {score}", timeline.summary)


@tagged("post_install", "-at_install")
class TestFeedbackScorePaths(FeedbackScorePathsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_score_paths()

    def test_no_score_no_answer(self):
        customer, _booking, request = self._done_trip("Nina Nothing Yet")
        request.with_user(self.agent).write({"comment": "Called, no answer"})
        self.assertEqual(request.state, "requested")
        self.assertFalse(request.date_answered)
        self.assertFalse(self._follow_ups(request))
        self.assertFalse(self._bonus_entries(customer))
        self.assertFalse(self._timeline(customer))

    def test_agent_types_the_score_in_the_form(self):
        customer, _booking, request = self._done_trip("Fay Formfill")
        with Form(request.with_user(self.agent)) as form:
            form.score = 3
            form.comment = "Said on the phone: the hotel was dirty"
        self._assert_answered(request, 3, customer)
        self.assertEqual(request.comment, "Said on the phone: the hotel was dirty")
        # the same score again, then a second (still detractor) score
        for score in (3, 2):
            with Form(request.with_user(self.agent)) as form:
                form.score = score
            self._assert_answered(request, score, customer, follow_ups=1)

    def test_agent_writes_the_score(self):
        customer, _booking, request = self._done_trip("Wes Writer")
        request.with_user(self.agent).write({"score": 4})
        self._assert_answered(request, 4, customer)
        for score in (4, 0, 9):
            request.with_user(self.agent).write({"score": score})
            self._assert_answered(request, score, customer, follow_ups=1)

    def test_corrected_passive_score_becoming_a_detractor_follows_up_once(self):
        customer, _booking, request = self._done_trip("Cora Corrected")
        request.with_user(self.agent).write({"score": 8})
        self._assert_answered(request, 8, customer)
        request.with_user(self.agent).write({"score": 5})
        self._assert_answered(request, 5, customer)
        request.with_user(self.agent).write({"score": 6})
        self._assert_answered(request, 6, customer, follow_ups=1)

    def test_two_travellers_answer_one_bonus_for_the_customer(self):
        companion = self.env["res.partner"].create({"name": "Tom Together"})
        customer, _booking, requests = self._done_trip("Tia Together", companion)
        own = requests.filtered(lambda f: f.partner_id == customer)
        other = requests - own
        other.with_user(self.agent).write({"score": 2})
        own.with_user(self.agent).write({"score": 10})
        self._assert_answered(own, 10, customer)
        self._assert_answered(other, 2, customer)
        self.assertFalse(self._bonus_entries(companion))

    def test_import_of_a_score(self):
        customer, _booking, request = self._done_trip("Ivo Import")
        Feedback = self.env["travel.feedback"].with_user(self.agent)
        fields_ = [".id", "score", "comment"]
        result = Feedback.load(fields_, [[str(request.id), "1", "Lost luggage"]])
        self.assertFalse(result["messages"])
        self.assertEqual(result["ids"], request.ids)
        self._assert_answered(request, 1, customer)
        for score in ("1", "6"):
            result = Feedback.load(fields_, [[str(request.id), score, "Lost luggage"]])
            self.assertFalse(result["messages"])
            self._assert_answered(request, int(score), customer, follow_ups=1)

    def test_import_of_an_empty_score_answers_nothing(self):
        customer, _booking, request = self._done_trip("Eli Empty")
        result = (
            self.env["travel.feedback"]
            .with_user(self.agent)
            .load([".id", "score", "comment"], [[str(request.id), "", "No reply"]])
        )
        self.assertFalse(result["messages"])
        self.assertEqual(request.state, "requested")
        self.assertFalse(self._bonus_entries(customer))

    def test_feedback_created_with_a_score(self):
        customer, booking, request = self._done_trip("Cleo Created")
        request.sudo().unlink()
        feedback = (
            self.env["travel.feedback"]
            .with_user(self.agent)
            .create({"booking_id": booking.id, "partner_id": customer.id, "score": 2})
        )
        self._assert_answered(feedback, 2, customer)

    def test_portal_submit_then_an_agent_rewrite(self):
        customer, _booking, request = self._done_trip("Pia Portal")
        request._submit(6, "Noisy room")
        self._assert_answered(request, 6, customer)
        request.with_user(self.agent).write({"score": 6})
        self._assert_answered(request, 6, customer)


@tagged("post_install", "-at_install")
class TestFeedbackScorePathsHttp(FeedbackScorePathsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_score_paths()

    def _rpc_write(self, feedback, vals):
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, self.agent.login, self.agent.login, {}
        )
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            self.agent.login,
            "travel.feedback",
            "write",
            [feedback.ids, vals],
        )

    def test_integrator_writes_the_score_over_xmlrpc(self):
        customer, _booking, request = self._done_trip("Rui Remote")
        self.assertIs(self._rpc_write(request, {"score": 3}), True)
        self._assert_answered(request, 3, customer)
        for score in (3, 1):
            self.assertIs(self._rpc_write(request, {"score": score}), True)
            self._assert_answered(request, score, customer, follow_ups=1)

    def test_traveller_answers_on_the_portal_page(self):
        customer, _booking, request = self._done_trip("Pam Page")
        url = f"/travel/feedback/{request.access_token}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"{url}/submit",
            data={"csrf_token": csrf, "score": 2, "comment": "Guide never came"},
        )
        self.assertEqual(response.status_code, 200)
        self._assert_answered(request, 2, customer)
        # the link is single use: a second answer changes nothing
        again = self.url_open(
            f"{url}/submit", data={"csrf_token": csrf, "score": 9, "comment": ""}
        )
        self.assertEqual(again.status_code, 403)
        self._assert_answered(request, 2, customer)
        # an agent correcting it afterwards opens nothing new
        request.with_user(self.agent).write({"score": 1})
        self._assert_answered(request, 1, customer, follow_ups=1)
