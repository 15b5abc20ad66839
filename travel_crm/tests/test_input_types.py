"""Values of the wrong type (what a careless integrator sends) are refused with
a clean error (a ValidationError naming the wrong value, or the module's own
UserError where a rule catches it first) on bookings, service lines and ledger
entries, and nothing is written. test_input_properties covers values of the
right type."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TravelCrmCase
from .test_input_properties import row_counts

WRONG_BOOKING_VALUES = [
    {"departure_date": "not a date"},
    {"state": "teleported"},
    {"user_id": "the boss"},
]
WRONG_LINE_VALUES = [
    {"quantity": "two"},
    {"price_unit": "cheap"},
    {"cost_unit": {"amount": 1}},
    {"service_type": "spaceflight"},
    {"date_start": "tomorrow"},
]


@tagged("post_install", "-at_install")
class TestInputTypes(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._create_traveller("Wrong Types")
        cls.booking = cls.env["travel.booking"].create({"partner_id": cls.customer.id})
        cls.line = cls.env["travel.booking.line"].create(
            {"booking_id": cls.booking.id, "name": "Hotel", "service_type": "hotel"}
        )

    def _counts(self):
        self.env.flush_all()
        return row_counts(self.env)

    def _assert_refused(self, call):
        before = self._counts()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            call()
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self._counts(), before)

    def test_booking_values_of_the_wrong_type_are_refused(self):
        Booking = self.env["travel.booking"].with_user(self.user_agent)
        for wrong in WRONG_BOOKING_VALUES:
            with self.subTest(values=wrong):
                self._assert_refused(
                    lambda wrong=wrong: Booking.create(
                        {"partner_id": self.customer.id, **wrong}
                    )
                )
                if "user_id" in wrong:
                    continue  # not checked on write (Odoo takes it at face value)
                self._assert_refused(
                    lambda wrong=wrong: self.booking.with_user(self.user_agent).write(
                        wrong
                    )
                )
        self.assertEqual(self.booking.state, "draft")

    def test_line_values_of_the_wrong_type_are_refused(self):
        Line = self.env["travel.booking.line"].with_user(self.user_agent)
        for wrong in WRONG_LINE_VALUES:
            with self.subTest(values=wrong):
                self._assert_refused(
                    lambda wrong=wrong: Line.create(
                        {
                            "booking_id": self.booking.id,
                            "name": "Flight",
                            "service_type": "flight",
                            **wrong,
                        }
                    )
                )
                self._assert_refused(
                    lambda wrong=wrong: self.line.with_user(self.user_agent).write(
                        wrong
                    )
                )
        self.assertEqual(self.line.service_type, "hotel")

    def test_ledger_values_of_the_wrong_type_are_refused(self):
        Ledger = self.env["travel.loyalty.transaction"].with_user(self.user_manager)
        for wrong in (
            {"points": "a lot"},
            {"transaction_type": "gift"},
            {"expiry_date": "never"},
        ):
            with self.subTest(values=wrong):
                self._assert_refused(
                    lambda wrong=wrong: Ledger.create(
                        {
                            "partner_id": self.customer.id,
                            "transaction_type": "adjust",
                            "points": 10,
                            "reason": "goodwill",
                            **wrong,
                        }
                    )
                )
