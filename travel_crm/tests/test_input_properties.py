"""Property-based tests: generated booking, service line and ledger inputs.

Every input is either accepted (and then the stored figures are consistent) or
refused with a UserError, ValidationError or AccessError, and a refused input
leaves nothing behind. The inputs are what a form or an integrator can send
with the right types: any dates, any amounts (negative, zero, huge), any text
without NUL characters (PostgreSQL refuses those in any column).
"""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TravelCrmCase

CLEAN_ERRORS = (UserError, ValidationError, AccessError)
SETTINGS = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WRITTEN_MODELS = ("travel.booking", "travel.booking.line", "travel.loyalty.transaction")
SERVICE_TYPES = ["flight", "hotel", "tour", "transfer", "insurance", "visa", "other"]

texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
)
dates = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
amounts = st.floats(-1e7, 1e7, allow_nan=False, allow_infinity=False)


def booking_strategy(text):
    """Booking values (with their service lines) whose free texts come from
    ``text``."""
    lines = st.fixed_dictionaries(
        {
            "name": text,
            "service_type": st.sampled_from(SERVICE_TYPES),
            "quantity": st.floats(-100, 1000, allow_nan=False),
            "price_unit": amounts,
            "cost_unit": amounts,
            "date_start": dates,
            "date_end": dates,
        }
    )
    bookings = st.fixed_dictionaries(
        {
            "destination": text,
            "departure_date": dates,
            "return_date": dates,
            "lines": st.lists(lines, max_size=3),
        }
    )
    return lines, bookings


line_values, booking_values = booking_strategy(texts)


class _Rollback(Exception):
    """Undo an accepted example so every example starts from the same data."""


def row_counts(env):
    """Rows of the models the inputs write to: a refused input changes none."""
    return {
        model: env[model].sudo().with_context(active_test=False).search_count([])
        for model in WRITTEN_MODELS
    }


def as_orm(values):
    """Dates as the ORM takes them; None means "not set"."""
    return {k: (False if v is None else v) for k, v in values.items()}


@tagged("post_install", "-at_install")
class TestInputProperties(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._create_traveller("Hypo Thesis")

    def _counts(self):
        self.env.flush_all()
        return row_counts(self.env)

    def _attempt(self, create):
        """Run ``create`` in a savepoint; return the error or None, and
        assert that a refusal wrote nothing."""
        before = self._counts()
        try:
            with self.env.cr.savepoint():
                create()
                self.env.flush_all()
                raise _Rollback
        except _Rollback:
            return None
        except CLEAN_ERRORS as error:
            self.env.invalidate_all()
            self.assertEqual(self._counts(), before)
            return error

    @SETTINGS
    @given(values=booking_values)
    def test_booking_input_is_stored_consistently_or_cleanly_refused(self, values):
        lines = [as_orm(line) for line in values["lines"]]
        vals = as_orm({k: v for k, v in values.items() if k != "lines"})
        Booking = self.env["travel.booking"].with_user(self.user_agent)

        def create():
            booking = Booking.create(
                dict(
                    vals,
                    partner_id=self.customer.id,
                    line_ids=[Command.create(line) for line in lines],
                )
            )
            self.assertEqual(len(booking.line_ids), len(lines))
            self.assertEqual(
                booking.currency_id.compare_amounts(
                    booking.amount_untaxed,
                    sum(booking.line_ids.mapped("price_subtotal")),
                ),
                0,
            )
            self.assertEqual(
                booking.sudo().margin,
                booking.amount_untaxed - booking.sudo().amount_cost,
            )

        error = self._attempt(create)
        negative = any(
            line["price_unit"] < 0 or line["cost_unit"] < 0 for line in lines
        )
        dates = (vals["departure_date"], vals["return_date"])
        if negative or (all(dates) and dates[1] < dates[0]):
            self.assertIsNotNone(error, "a bad input was accepted")

    @SETTINGS
    @given(line=line_values)
    def test_line_added_to_a_booking_is_consistent_or_cleanly_refused(self, line):
        booking = self.env["travel.booking"].create(
            {
                "partner_id": self.customer.id,
                "departure_date": "2025-06-01",
                "return_date": "2025-06-30",
            }
        )
        Line = self.env["travel.booking.line"].with_user(self.user_agent)
        vals = as_orm(line)

        def create():
            record = Line.create(dict(vals, booking_id=booking.id))
            self.assertEqual(booking.amount_untaxed, record.price_subtotal)

        error = self._attempt(create)
        if (
            round(vals["price_unit"], 2) < 0
            or round(vals["cost_unit"], 2) < 0
            or round(vals["quantity"], 2) <= 0
        ):
            self.assertIsNotNone(error, "a negative amount was accepted")

    @SETTINGS
    @given(
        points=st.integers(-(10**7), 10**7),
        reason=st.one_of(st.just(""), st.just("   "), texts),
        as_agent=st.booleans(),
    )
    def test_ledger_adjustment_keeps_the_balance_or_is_cleanly_refused(
        self, points, reason, as_agent
    ):
        user = self.user_agent if as_agent else self.user_manager
        Ledger = self.env["travel.loyalty.transaction"].with_user(user)
        balance = self.customer.loyalty_points

        def create():
            Ledger.create(
                {
                    "partner_id": self.customer.id,
                    "transaction_type": "adjust",
                    "points": points,
                    "reason": reason,
                }
            )
            self.customer.invalidate_recordset(["loyalty_points"])
            self.assertEqual(self.customer.loyalty_points, balance + points)

        error = self._attempt(create)
        if as_agent or not reason.strip() or not points or balance + points < 0:
            self.assertIsNotNone(error, "a bad adjustment was accepted")
        else:
            self.assertIsNone(error, error)
