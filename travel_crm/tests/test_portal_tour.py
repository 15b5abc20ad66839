from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestTravelPortalTour(HttpCase):
    """The traveller portal in a real headless Chromium (Odoo's tour runner)."""

    def _portal_traveller(self, login, name, email):
        return new_test_user(
            self.env, login=login, name=name, email=email, groups="base.group_portal"
        ).partner_id

    def test_portal_traveller_reports_a_problem_with_their_trip(self):
        traveller = self._portal_traveller(
            "portal_tour_traveller", "Vera Tour", "vera.tour@example.com"
        )
        start = fields.Date.today() + timedelta(days=20)
        booking = create_booking(
            self.env,
            traveller,
            lines=[
                booking_line(
                    "Hotel in Venice, 4 nights",
                    "hotel",
                    180,
                    date_start=start,
                    quantity=4,
                ),
                booking_line(
                    "Gondola ride on the Grand Canal",
                    "tour",
                    90,
                    date_start=start + timedelta(days=1),
                ),
            ],
            travellers=True,
            state="confirmed",
            departure_date=start,
            return_date=start + timedelta(days=4),
        )
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
        traveller = self._portal_traveller(
            "portal_tour_loyal", "Lena Loyal", "lena.loyal@example.com"
        )
        back = fields.Date.today() - timedelta(days=3)
        booking = create_booking(
            self.env,
            traveller,
            lines=[
                booking_line(
                    "Porto and the Douro valley",
                    "tour",
                    1400,
                    1100,
                    date_start=back - timedelta(days=6),
                )
            ],
            travellers=True,
            state="done",
            departure_date=back - timedelta(days=6),
            return_date=back,
        )
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
