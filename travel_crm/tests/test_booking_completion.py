from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError

from .common import TravelCrmCase, booking_line


class TestBookingCompletion(TravelCrmCase):
    """A trip is completed once it is over; a manager may close it early, with a
    reason, and it earns its points on its return date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.loyalty_enabled = True
        cls.customer = cls._create_traveller(
            "Carla Complete", email="carla@example.com"
        )
        cls.today = fields.Date.context_today(cls.env["travel.booking"])

    def _trip(self, departure_offset, length=5):
        departure = self.today + timedelta(days=departure_offset)
        return self._create_booking(
            self.customer,
            lines=[booking_line("Lisbon tour", "tour", 2000, date_start=departure)],
            state="confirmed",
            departure_date=departure,
            return_date=departure + timedelta(days=length),
        )

    def test_an_agent_cannot_complete_a_trip_before_it_is_over(self):
        for offset in (30, -2):  # not started; started, still travelling
            booking = self._trip(offset).with_user(self.user_agent)
            self.assertFalse(booking.trip_over)
            with self.assertRaisesRegex(UserError, "once the trip is over"):
                booking.action_done()
            self.assertEqual(booking.state, "confirmed")
            self.assertFalse(booking.loyalty_transaction_ids)
            self.assertFalse(booking.sudo().feedback_ids)

    def test_an_agent_completes_a_trip_from_its_return_date(self):
        # back yesterday: "today" of the agent and of the suite may differ by a
        # day (time zones), a day's margin keeps the test true at any hour
        booking = self._trip(-6, length=5).with_user(self.user_agent)
        self.assertTrue(booking.trip_over)
        booking.action_done()
        self.assertEqual(booking.state, "done")
        self.assertGreater(booking.loyalty_points_earned, 0)

    def test_a_trip_without_dates_can_be_completed(self):
        booking = self._create_booking(self.customer, state="confirmed")
        self.assertTrue(booking.with_user(self.user_agent).trip_over)
        booking.with_user(self.user_agent).action_done()
        self.assertEqual(booking.state, "done")

    def test_a_manager_closes_early_with_a_reason_and_earns_on_return(self):
        booking = self._trip(-1, length=6).with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "early closing reason"):
            booking.action_done()
        self.assertEqual(booking.state, "confirmed")
        booking.early_close_reason = "Flown home early: family emergency"
        booking.action_done()
        self.assertEqual(booking.state, "done")
        self.assertEqual(booking.loyalty_points_earned, 0)
        Maintenance = self.env["travel.loyalty.transaction"]
        self.assertNotIn(
            self.customer.id,
            Maintenance._loyalty_partners_with_returned_trips(self.today),
        )
        back = booking.return_date
        self.assertEqual(
            Maintenance._loyalty_partners_with_returned_trips(back), [self.customer.id]
        )
        self.customer._loyalty_earn_returned(today=back)
        booking.invalidate_recordset()
        earned = booking.loyalty_points_earned
        self.assertGreater(earned, 0)
        # once only
        self.assertNotIn(
            self.customer.id, Maintenance._loyalty_partners_with_returned_trips(back)
        )
        self.customer._loyalty_earn_returned(today=back)
        booking.invalidate_recordset()
        self.assertEqual(booking.loyalty_points_earned, earned)
