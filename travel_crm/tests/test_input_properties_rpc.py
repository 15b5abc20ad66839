"""The property tests of test_input_properties, over XML-RPC as an integrator
would call: every refusal is a Fault naming UserError, ValidationError or
AccessError (never a server crash), and a refused call writes nothing. Over
RPC the inputs also hold a missing or unknown customer, and a value of the
wrong type for each other model the input check covers."""

import xmlrpc.client

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_input_properties import SETTINGS, as_orm, booking_strategy, row_counts
from .test_input_types import other_model_inputs

# XML 1.0 cannot carry control characters: XML-RPC clients cannot send them
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
)
_lines, booking_values = booking_strategy(texts)

CLEAN_FAULTS = (2, 4)


def _wire(values):
    """Dates as strings, as they travel over XML-RPC."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in as_orm(values).items()
    }


@tagged("post_install", "-at_install")
class TestInputPropertiesRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="rpc_prop_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rpc_prop_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rpc Customer", "is_traveller": True}
        )

    def _counts(self):
        self.env.invalidate_all()
        return row_counts(self.env)

    def _call(self, user, model, method, *args):
        """Return None on success, the Fault on refusal; assert that a
        refusal is clean and wrote nothing."""
        before = self._counts()
        try:
            # a missing or unknown customer reaches PostgreSQL's constraints,
            # which Odoo logs before turning them into a ValidationError
            with mute_logger("odoo.sql_db"):
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    user.id,
                    user.login,
                    model,
                    method,
                    list(args),
                )
        except xmlrpc.client.Fault as fault:
            # /xmlrpc/2 fault codes: 2 UserError (and ValidationError), 4
            # AccessError; 1 is a crash and carries the traceback
            self.assertIn(fault.faultCode, CLEAN_FAULTS, fault.faultString)
            self.assertNotIn("Traceback", fault.faultString)
            self.assertEqual(self._counts(), before)
            return fault
        return None

    def test_values_of_the_wrong_type_over_rpc_are_cleanly_refused(self):
        for model, vals in (
            ("travel.booking", {"partner_id": self.customer.id, "state": "gone"}),
            (
                "travel.booking",
                {"partner_id": self.customer.id, "departure_date": "soon"},
            ),
            (
                "travel.booking",
                {
                    "partner_id": self.customer.id,
                    "line_ids": [(0, 0, {"name": "Hotel", "quantity": "two"})],
                },
            ),
        ):
            with self.subTest(model=model, vals=vals):
                fault = self._call(self.agent, model, "create", vals)
                self.assertIsNotNone(fault, "a value of the wrong type was accepted")
                self.assertIn("wrong type", fault.faultString)

    def test_wrong_values_for_every_checked_model_over_rpc_are_cleanly_refused(self):
        companion = self.env["res.partner"].create({"name": "Rpc Companion"})
        booking = self.env["travel.booking"].create({"partner_id": self.customer.id})
        inputs = other_model_inputs(self.env, self.customer, companion, booking)
        users = {"agent": self.agent, "manager": self.manager}
        for model, (user, valid, wrong) in inputs.items():
            with self.subTest(model=model):
                Model = self.env[model].sudo().with_context(active_test=False)
                before = Model.search_count([])
                fault = self._call(users[user], model, "create", {**valid, **wrong})
                self.assertIsNotNone(fault, "a value of the wrong type was accepted")
                self.assertEqual(fault.faultCode, 2, fault.faultString)
                self.assertIn("wrong type", fault.faultString)
                self.env.invalidate_all()
                self.assertEqual(Model.search_count([]), before)

    @SETTINGS
    @given(
        values=booking_values,
        partner=st.sampled_from(["customer", "unknown", "missing"]),
    )
    def test_booking_over_rpc_is_created_or_cleanly_refused(self, values, partner):
        vals = _wire({k: v for k, v in values.items() if k != "lines"})
        vals["line_ids"] = [(0, 0, _wire(line)) for line in values["lines"]]
        if partner != "missing":
            vals["partner_id"] = (
                self.customer.id if partner == "customer" else 2_000_000_000
            )
        before = self._counts()
        fault = self._call(self.agent, "travel.booking", "create", vals)
        if partner != "customer":
            self.assertIsNotNone(fault, "a booking without a customer was accepted")
        elif fault is None:
            after = self._counts()
            self.assertEqual(after["travel.booking"], before["travel.booking"] + 1)
            self.assertEqual(
                after["travel.booking.line"],
                before["travel.booking.line"] + len(values["lines"]),
            )

    @SETTINGS
    @given(
        points=st.integers(-(10**7), 10**7),
        reason=st.one_of(st.just(""), texts),
        as_agent=st.booleans(),
    )
    def test_ledger_adjustment_over_rpc_is_recorded_or_cleanly_refused(
        self, points, reason, as_agent
    ):
        self.customer.invalidate_recordset(["loyalty_points"])
        balance = self.customer.loyalty_points
        fault = self._call(
            self.agent if as_agent else self.manager,
            "travel.loyalty.transaction",
            "create",
            {
                "partner_id": self.customer.id,
                "transaction_type": "adjust",
                "points": points,
                "reason": reason,
            },
        )
        self.customer.invalidate_recordset(["loyalty_points"])
        if as_agent or not reason.strip() or not points or balance + points < 0:
            self.assertIsNotNone(fault, "a bad adjustment was accepted")
            self.assertEqual(self.customer.loyalty_points, balance)
        else:
            self.assertIsNone(fault)
            self.assertEqual(self.customer.loyalty_points, balance + points)
