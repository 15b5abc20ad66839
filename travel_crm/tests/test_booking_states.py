from contextlib import contextmanager

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestTravelBookingStates(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="states_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="states_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Rita Rover"})
        cls.booking = create_booking(
            cls.env,
            cls.customer,
            [
                booking_line(
                    "Hotel Porto",
                    "hotel",
                    120,
                    90,
                    date_start="2026-06-01",
                    date_end="2026-06-10",
                    quantity=9,
                )
            ],
            departure_date="2026-06-01",
            return_date="2026-06-10",
        )

    @contextmanager
    def assertRefused(self, exception, message):
        """assertRaises (which rolls back to a savepoint) plus the message."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertIn(message, str(catcher.exception))

    def test_draft_cannot_jump_to_done_or_in_progress_by_write(self):
        for user in (self.agent, self.manager):
            for state in ("done", "in_progress"):
                with self.assertRefused(UserError, "cannot go from Draft"):
                    self.booking.with_user(user).write({"state": state})
                self.assertEqual(self.booking.state, "draft")

    def test_done_booking_is_cancelled_only_by_a_manager_and_never_reopened(self):
        self.booking.action_confirm()
        self.booking.action_done()
        self.booking.cancel_reason = "Too late"
        with self.assertRaises(AccessError):
            self.booking.with_user(self.agent).action_cancel()
        with self.assertRaises(UserError):
            self.booking.with_user(self.manager).write({"state": "draft"})
        self.assertEqual(self.booking.state, "done")
        self.booking.with_user(self.manager).action_cancel()
        self.assertEqual(self.booking.state, "cancel")

    def test_start_requires_confirmed_and_draft_only_from_cancel(self):
        with self.assertRaises(UserError):
            self.booking.action_start()
        with self.assertRaises(UserError):
            self.booking.action_draft()
        self.booking.action_confirm()
        self.booking.action_start()
        self.assertEqual(self.booking.state, "in_progress")
        with self.assertRaises(UserError):
            self.booking.action_confirm()
        self.booking.action_done()
        self.assertEqual(self.booking.state, "done")

    def test_cancel_and_reset_to_draft_clears_reason(self):
        self.booking.action_confirm()
        self.booking.cancel_reason = "Strike at the airport"
        self.booking.action_cancel()
        self.assertEqual(self.booking.state, "cancel")
        self.booking.action_draft()
        self.assertEqual(self.booking.state, "draft")
        self.assertFalse(self.booking.cancel_reason)

    def test_cancel_wizard_sets_reason_and_cancels(self):
        self.booking.action_confirm()
        booking = self.booking.with_user(self.agent)
        action = self.env.ref("travel_crm.travel_booking_cancel_action")
        self.assertEqual(action.res_model, "travel.booking.cancel")
        wizard_form = Form(
            booking.env["travel.booking.cancel"].with_context(
                active_model="travel.booking", active_ids=booking.ids
            )
        )
        wizard_form.cancel_reason = "Customer is ill"
        wizard_form.save().action_cancel()
        self.assertEqual(self.booking.state, "cancel")
        self.assertEqual(self.booking.cancel_reason, "Customer is ill")

    def test_cancel_wizard_requires_a_reason(self):
        wizard_form = Form(
            self.env["travel.booking.cancel"].with_context(
                active_model="travel.booking", active_ids=self.booking.ids
            )
        )
        with self.assertRaises(AssertionError):
            wizard_form.save()
        self.assertEqual(self.booking.state, "draft")

    def test_agent_cannot_change_prices_of_confirmed_booking(self):
        self.booking.action_confirm()
        line = self.booking.line_ids.with_user(self.agent)
        with self.assertRefused(AccessError, "Only a travel manager"):
            line.write({"price_unit": 10})
        with self.assertRefused(AccessError, "Only a travel manager"):
            self.booking.with_user(self.agent).write(
                {"line_ids": [(1, line.id, {"cost_unit": 1})]}
            )
        with self.assertRaises(AccessError):
            self.env["travel.booking.line"].with_user(self.agent).create(
                {"booking_id": self.booking.id, "name": "Extra", "price_unit": 1}
            )
        with self.assertRaises(AccessError):
            line.unlink()
        self.assertEqual(line.price_unit, 120)
        self.assertEqual(line.cost_unit, 90)
        self.assertEqual(len(self.booking.line_ids), 1)
        self.assertEqual(self.booking.amount_untaxed, 1080)
        self.assertTrue(self.booking.with_user(self.agent).prices_locked)
        # a description is not a price: the agent may still fix a typo
        line.name = "Hotel Porto Ribeira"
        self.assertEqual(line.name, "Hotel Porto Ribeira")

    def test_manager_can_change_prices_of_confirmed_booking(self):
        self.booking.action_confirm()
        booking = self.booking.with_user(self.manager)
        self.assertFalse(booking.prices_locked)
        booking.line_ids.price_unit = 150
        self.assertEqual(self.booking.amount_untaxed, 1350)

    def test_agent_edits_prices_freely_in_draft(self):
        self.booking.with_user(self.agent).line_ids.price_unit = 130
        self.assertEqual(self.booking.amount_untaxed, 1170)

    def test_currency_is_fixed_after_confirmation(self):
        self.booking.action_confirm()
        other = self.env.ref("base.EUR")
        if other == self.booking.currency_id:
            other = self.env.ref("base.USD")
        with self.assertRaises(UserError):
            self.booking.currency_id = other

    def test_line_dates_must_be_inside_the_trip(self):
        with self.assertRefused(ValidationError, "inside the trip"):
            self.booking.line_ids.date_end = "2026-06-11"
        with self.assertRefused(ValidationError, "inside the trip"):
            self.booking.write({"departure_date": "2026-06-02"})
        with self.assertRefused(ValidationError, "inside the trip"):
            self.env["travel.booking.line"].create(
                {
                    "booking_id": self.booking.id,
                    "name": "Early flight",
                    "date_start": "2026-05-31",
                }
            )
        self.assertEqual(len(self.booking.line_ids), 1)
        self.assertEqual(str(self.booking.departure_date), "2026-06-01")

    def test_state_dates_and_amounts_are_tracked(self):
        # a record created in the running transaction is not tracked: end its
        # creation step as a real request would
        self.env.cr.flush()
        self.booking.action_confirm()
        self.booking.line_ids.price_unit = 130
        self.booking.return_date = "2026-06-12"
        self.env.flush_all()
        self.env.cr.flush()
        tracked = (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.model", "=", "travel.booking"),
                    ("mail_message_id.res_id", "=", self.booking.id),
                ]
            )
            .field_id.mapped("name")
        )
        for field in ("state", "return_date", "amount_untaxed", "amount_total"):
            self.assertIn(field, tracked)
