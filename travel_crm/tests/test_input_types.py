"""Values of the wrong type (what a careless integrator sends) are refused with
a clean error (a ValidationError naming the wrong value, or the module's own
UserError where a rule catches it first) on bookings, service lines, ledger
entries and every other model integrators write, and nothing is written.
test_input_properties covers values of the right type, test_input_check the
check itself."""

from functools import partial

from odoo.exceptions import UserError, ValidationError
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


def other_model_inputs(env, customer, companion, booking):
    """For each other model integrators write: the user group that writes it,
    valid values, and one value of the wrong type."""
    return {
        "travel.document": (
            "agent",
            {
                "partner_id": customer.id,
                "number": "P-4711",
                "expiry_date": "2031-01-01",
            },
            {"expiry_date": "never"},
        ),
        "travel.companion": (
            "agent",
            {"partner_id": customer.id, "companion_id": companion.id},
            {"relation_type": "twin"},
        ),
        "travel.complaint": (
            "agent",
            {"subject": "Cold room", "partner_id": customer.id},
            {"priority": "9"},
        ),
        "travel.feedback": (
            "agent",
            {"booking_id": booking.id, "partner_id": customer.id},
            {"score": "ten"},
        ),
        "travel.loyalty.tier": (
            "manager",
            {"name": "Wrong Types Tier", "min_points": 10**6},
            {"earn_multiplier": "double"},
        ),
        "travel.sla.policy": (
            "manager",
            {
                "name": "Wrong Types SLA",
                "response_hours": 1,
                "resolution_hours": 8,
                "active": False,
            },
            {"resolution_hours": "soon"},
        ),
        "travel.destination.rule": (
            "manager",
            {"country_id": env.ref("base.aq").id},
            {"passport_validity_months": "six"},
        ),
        "travel.engagement.rule": (
            "manager",
            {
                "name": "Wrong Types Rule",
                "channel": "activity",
                "activity_type_id": env.ref("mail.mail_activity_data_todo").id,
            },
            {"days": "three"},
        ),
    }


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

    def _counts(self, *models):
        self.env.flush_all()
        counts = row_counts(self.env)
        for model in models:
            counts[model] = self.env[model].sudo().with_context(active_test=False)
            counts[model] = counts[model].search_count([])
        return counts

    def _assert_refused(self, call, *models, error=UserError):
        before = self._counts(*models)
        with self.assertRaises(error) as caught, self.env.cr.savepoint():
            call()
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self._counts(*models), before)
        return caught.exception

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

    def test_other_models_refuse_values_of_the_wrong_type(self):
        companion = self._create_traveller("Wrong Types Companion")
        inputs = other_model_inputs(self.env, self.customer, companion, self.booking)
        users = {"agent": self.user_agent, "manager": self.user_manager}
        for model, (user, valid, wrong) in inputs.items():
            with self.subTest(model=model):
                Model = self.env[model].with_user(users[user])
                create = partial(Model.create, {**valid, **wrong})
                error = self._assert_refused(create, model, error=ValidationError)
                self.assertIn("a value has the wrong type", str(error))
                self.assertIn(f"{model}.{next(iter(wrong))}", str(error))
                write = partial(Model.create(valid).write, wrong)
                self._assert_refused(write, model, error=ValidationError)
