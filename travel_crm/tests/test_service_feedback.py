from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .service_common import ServiceRecoveryCase


@tagged("post_install", "-at_install")
class TestTravelFeedback(ServiceRecoveryCase):
    def _feedback(self, score, booking=None, partner=None, **vals):
        return self.env["travel.feedback"].create(
            {
                "booking_id": (booking or self.booking).id,
                "partner_id": (partner or self.customer).id,
                "score": score,
                **vals,
            }
        )

    def _detractor_activities(self, feedback):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "travel.feedback"),
                ("res_id", "=", feedback.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("travel_crm.mail_activity_type_feedback_detractor").id,
                ),
            ]
        )

    def test_score_outside_zero_to_ten_is_refused(self):
        for score in (-1, 11, 100):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                self._feedback(score)
        self.assertFalse(
            self.env["travel.feedback"].search([("booking_id", "=", self.booking.id)])
        )
        feedback = self._feedback(10)
        with self.assertRaises(ValidationError):
            feedback.score = 12
        for score in (0, 10):
            with self.subTest(score=score):
                other = self._make_booking()
                self.assertEqual(self._feedback(score, booking=other).score, score)

    def test_detractor_opens_a_follow_up_for_the_booking_agent(self):
        feedback = self._feedback(6, comment="Hotel was dirty")
        activities = self._detractor_activities(feedback)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_agent)
        self.assertIn("6/10", activities.summary)
        self.assertTrue(feedback.followup_done)
        self.assertEqual(feedback.nps_category, "detractor")

    def test_passive_and_promoter_open_no_follow_up(self):
        for score, category in ((7, "passive"), (9, "promoter")):
            with self.subTest(score=score):
                feedback = self._feedback(score, booking=self._make_booking())
                self.assertEqual(feedback.nps_category, category)
                self.assertFalse(self._detractor_activities(feedback))

    def test_completing_a_booking_requests_feedback_once_per_traveller(self):
        # no post-trip email of the company (the demo agency runs one) takes the
        # request over: it goes by mail, whatever day the trip returned
        self.env["travel.engagement.rule"].search(
            [("trigger", "=", "after_return"), ("company_id", "=", self.company.id)]
        ).active = False
        booking = self._make_booking(travellers=self.customer | self.companion)
        booking.action_confirm()
        booking.action_done()
        requests = booking.feedback_ids
        self.assertEqual(requests.partner_id, self.customer | self.companion)
        self.assertEqual(set(requests.mapped("state")), {"requested"})
        self.assertTrue(all(requests.mapped("access_token")))
        self.assertNotEqual(requests[0].access_token, requests[1].access_token)
        self.assertEqual(requests.mapped("nps_category"), [False, False])
        mails = self.env["mail.mail"].search(
            [("model", "=", "travel.feedback"), ("res_id", "in", requests.ids)]
        )
        self.assertEqual(len(mails), 2)
        self.assertIn(requests[0].access_token, "".join(mails.mapped("body_html")))
        # asking again creates nothing new
        self.env["travel.feedback"]._create_requests(booking)
        self.assertEqual(len(booking.feedback_ids), 2)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self._feedback(8, booking=booking, partner=self.customer)

    def test_answer_is_single_use_and_detractor_answer_follows_up(self):
        booking = self._make_booking()
        booking.action_confirm()
        booking.action_done()
        request = booking.feedback_ids
        request._submit(3, "Flight delayed 9 hours")
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.score, 3)
        self.assertTrue(request.date_answered)
        self.assertEqual(len(self._detractor_activities(request)), 1)
        self.assertEqual(booking.feedback_count, 1)
        with self.assertRaises(UserError):
            request._submit(10)
        self.assertEqual(request.score, 3)

    def test_nps_is_the_average_of_promoters_minus_detractors(self):
        scores = [10, 9, 9, 8, 7, 3, 0, 10, 6, 9]
        feedbacks = self.env["travel.feedback"]
        for score in scores:
            partner = self.env["res.partner"].create({"name": f"T{score}"})
            feedbacks |= self._feedback(score, partner=partner)
        [(nps, avg_score)] = self.env["travel.feedback"]._read_group(
            [("id", "in", feedbacks.ids)], [], ["nps_value:avg", "score:avg"]
        )
        # 5 promoters, 2 passives, 3 detractors of 10 -> NPS 20
        self.assertAlmostEqual(nps, 20.0)
        self.assertAlmostEqual(avg_score, 7.1)

    def test_nps_by_supplier_counts_each_supplier_of_the_trip(self):
        self._feedback(10)
        other = self._make_booking()
        other.line_ids.filtered(lambda line: line.service_type == "flight").unlink()
        self._feedback(0, booking=other)
        self.env.flush_all()
        rows = dict(
            self.env["travel.feedback.report"]._read_group(
                [("booking_id", "in", (self.booking | other).ids)],
                ["supplier_id"],
                ["nps_value:avg"],
            )
        )
        self.assertEqual(rows[self.airline], 100.0)
        self.assertEqual(rows[self.hotel], 0.0)

    def test_nps_by_destination_counts_each_country_of_the_trip(self):
        japan, peru = self.env.ref("base.jp"), self.env.ref("base.pe")
        self.booking.destination_country_ids = japan | peru
        other = self._make_booking()
        other.destination_country_ids = japan
        self._feedback(10)
        self._feedback(0, booking=other)
        self.env.flush_all()
        rows = dict(
            self.env["travel.feedback.destination.report"]._read_group(
                [("booking_id", "in", (self.booking | other).ids)],
                ["country_id"],
                ["nps_value:avg"],
            )
        )
        # Japan: one promoter, one detractor -> 0; Peru: one promoter -> 100
        self.assertEqual(rows[japan], 0.0)
        self.assertEqual(rows[peru], 100.0)

    def test_feedback_turns_into_a_complaint(self):
        feedback = self._feedback(2, comment="Nobody picked us up")
        action = feedback.action_create_complaint()
        complaint = feedback.complaint_id
        self.assertEqual(action["res_id"], complaint.id)
        self.assertEqual(complaint.booking_id, self.booking)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.priority, "2")
