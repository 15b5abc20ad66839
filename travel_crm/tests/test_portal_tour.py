from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTravelPortalTour(HttpCase):
    """The traveller portal in a real headless Chromium (Odoo's tour runner)."""

    def test_portal_traveller_reports_a_problem_with_their_trip(self):
        portal_user = new_test_user(
            self.env,
            login="portal_tour_traveller",
            name="Vera Tour",
            email="vera.tour@example.com",
            groups="base.group_portal",
        )
        traveller = portal_user.partner_id
        start = fields.Date.today() + timedelta(days=20)
        booking = self.env["travel.booking"].create(
            {
                "partner_id": traveller.id,
                "traveller_ids": [(6, 0, traveller.ids)],
                "departure_date": start,
                "return_date": start + timedelta(days=4),
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "service_type": "hotel",
                            "name": "Hotel in Venice, 4 nights",
                            "date_start": start,
                            "quantity": 4,
                            "price_unit": 180,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "service_type": "tour",
                            "name": "Gondola ride on the Grand Canal",
                            "date_start": start + timedelta(days=1),
                            "price_unit": 90,
                        },
                    ),
                ],
            }
        )
        booking.action_confirm()
        self.start_tour("/my", "travel_portal_tour", login="portal_tour_traveller")
        complaint = self.env["travel.complaint"].search(
            [("partner_id", "=", traveller.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.booking_id, booking)
        self.assertEqual(complaint.subject, "Broken air conditioning")
        self.assertIn("never worked", complaint.description)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.state, "new")

    def test_portal_traveller_checks_points_and_scores_the_trip(self):
        portal_user = new_test_user(
            self.env,
            login="portal_tour_loyal",
            name="Lena Loyal",
            email="lena.loyal@example.com",
            groups="base.group_portal",
        )
        traveller = portal_user.partner_id
        back = fields.Date.today() - timedelta(days=3)
        booking = self.env["travel.booking"].create(
            {
                "partner_id": traveller.id,
                "traveller_ids": [(6, 0, traveller.ids)],
                "departure_date": back - timedelta(days=6),
                "return_date": back,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "service_type": "tour",
                            "name": "Porto and the Douro valley",
                            "date_start": back - timedelta(days=6),
                            "price_unit": 1400,
                            "cost_unit": 1100,
                        },
                    )
                ],
            }
        )
        booking.action_confirm()
        booking.action_done()
        self.env["travel.loyalty.transaction"].create(
            {
                "name": "Welcome to the club",
                "partner_id": traveller.id,
                "transaction_type": "bonus",
                "points": 200,
            }
        )
        traveller._loyalty_review_tiers()
        tier = traveller.loyalty_tier_id
        self.assertTrue(tier, "the fixtures must give the traveller a tier")
        tier.description = "<p>Free seat selection on every flight.</p>"
        earned = traveller.loyalty_points

        self.start_tour(
            "/my", "travel_portal_loyalty_feedback_tour", login="portal_tour_loyal"
        )

        feedback = self.env["travel.feedback"].search(
            [("booking_id", "=", booking.id), ("partner_id", "=", traveller.id)]
        )
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.state, "answered")
        self.assertEqual(feedback.score, 9)
        self.assertIn("guide in Porto", feedback.comment)
        # answering the survey never lowers the balance the traveller saw
        self.assertGreaterEqual(traveller.loyalty_points, earned)
