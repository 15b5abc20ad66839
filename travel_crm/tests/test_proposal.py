from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TravelCrmCase, booking_line

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
    "awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestProposal(TravelCrmCase):
    """Options, their totals, sending, revising, confirming on the chosen
    option, and what an acceptance refuses before anything is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._create_traveller(
            "Olga Options", email="olga.options@example.com"
        )

    def _proposal(self, **vals):
        """Two hotels as options, a common flight, a common add-on and an
        add-on of the second option."""
        today = fields.Date.context_today(self.env.user)
        departure = today + timedelta(days=90)
        booking = self._create_booking(
            self.customer,
            [booking_line("Flight", "flight", 800, 600, date_start=departure)],
            departure_date=departure,
            return_date=departure + timedelta(days=6),
            **vals,
        )
        five, four = self.env["travel.booking.option"].create(
            [
                {"booking_id": booking.id, "name": "Five stars", "sequence": 1},
                {"booking_id": booking.id, "name": "Four stars", "sequence": 2},
            ]
        )
        booking.write(
            {
                "line_ids": [
                    booking_line(
                        "Palace",
                        "hotel",
                        2000,
                        1500,
                        option_id=five.id,
                        date_start=departure,
                        date_end=departure + timedelta(days=6),
                    ),
                    booking_line(
                        "Inn",
                        "hotel",
                        1200,
                        900,
                        option_id=four.id,
                        date_start=departure,
                        date_end=departure + timedelta(days=5),
                    ),
                    booking_line("Insurance", "insurance", 50, 20, is_optional=True),
                    booking_line(
                        "Cooking class",
                        "tour",
                        150,
                        100,
                        option_id=four.id,
                        is_optional=True,
                    ),
                ]
            }
        )
        return booking, five, four

    def _line(self, booking, name):
        return booking.line_ids.filtered(lambda line: line.name == name)

    def test_option_totals_and_booking_total(self):
        booking, five, four = self._proposal()
        self.assertEqual(five.amount_untaxed, 2800)
        self.assertEqual(four.amount_untaxed, 2000)
        self.assertEqual(five.margin, 700)
        self.assertEqual(four.margin, 500)
        self.assertEqual(five.duration_days, 7)
        # before a choice the first option makes the booking's total
        self.assertEqual(booking.amount_untaxed, 2800)
        booking.selected_option_id = four
        self.assertEqual(booking.amount_untaxed, 2000)
        self.assertEqual(booking.margin, 500)

    def test_line_option_of_another_booking_refused(self):
        _booking, five, _four = self._proposal()
        other = self._create_booking(self.customer)
        with self.assertRaises(ValidationError):
            other.line_ids.option_id = five

    def test_send_proposal(self):
        booking, _five, _four = self._proposal()
        as_agent = booking.with_user(self.user_agent)
        as_agent.action_send_proposal()
        # The validity counts from the sender's day, in the sender's timezone.
        today = fields.Date.context_today(as_agent)
        self.assertEqual(booking.state, "sent")
        self.assertEqual(
            booking.validity_date,
            today + timedelta(days=booking.company_id.travel_proposal_validity_days),
        )
        self.assertTrue(booking.proposal_sent_on)
        self.assertTrue(booking.access_token)
        message = booking.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn(booking.get_portal_url(), str(message.body))
        self.assertTrue(message.attachment_ids.name.startswith("Proposal"))

    def test_send_refusals(self):
        booking, _five, _four = self._proposal()
        yesterday = fields.Date.context_today(booking) - timedelta(days=1)
        booking.validity_date = yesterday
        with self.assertRaisesRegex(UserError, "validity date"):
            booking.action_send_proposal()
        booking.validity_date = False
        self._line(booking, "Palace").unlink()
        with self.assertRaisesRegex(UserError, "Five stars"):
            booking.action_send_proposal()
        self.assertEqual(booking.state, "draft")
        with self.assertRaises(AccessError):
            booking.with_user(self.user_portal).action_send_proposal()

    def test_confirm_needs_choice_and_keeps_it(self):
        booking, five, four = self._proposal()
        booking.action_send_proposal()
        with self.assertRaisesRegex(UserError, "Choose the option"):
            booking.action_confirm()
        self.assertEqual(booking.state, "sent")
        booking.selected_option_id = four
        self._line(booking, "Cooking class").is_optional = False
        attachments_before = len(booking.message_ids.attachment_ids)
        booking.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(
            sorted(booking.line_ids.mapped("name")),
            ["Cooking class", "Flight", "Inn"],
        )
        self.assertEqual(booking.amount_untaxed, 2150)
        # the proposal as sent stays in the chatter
        self.assertEqual(
            len(booking.message_ids.attachment_ids), attachments_before + 1
        )
        self.assertEqual(set(booking.option_ids.ids), {five.id, four.id})

    def test_revise_sent_proposal(self):
        booking, _five, _four = self._proposal()
        booking.action_send_proposal()
        self.assertFalse(booking.with_user(self.user_agent).prices_locked)
        booking.action_draft()
        self.assertEqual(booking.state, "draft")

    def test_form_adds_an_option(self):
        booking, _five, _four = self._proposal()
        with (
            Form(booking.with_user(self.user_agent)) as form,
            form.option_ids.new() as option,
        ):
            option.name = "Budget"
        self.assertEqual(booking.option_ids[-1:].name, "Budget")
        self.assertEqual(booking.option_ids[-1:].amount_untaxed, 800)

    def test_acceptance_refusals_write_nothing(self):
        booking, five, four = self._proposal()
        booking.action_send_proposal()
        other, other_five, _other_four = self._proposal()
        other.action_send_proposal()
        cooking = self._line(booking, "Cooking class")
        cases = [
            ("not part of the proposal", (other_five, cooking.browse(), "Olga", PNG)),
            ("Choose one", (five.browse(), cooking.browse(), "Olga", PNG)),
            ("add-ons", (five, cooking, "Olga", PNG)),
            ("add-ons", (four, self._line(other, "Insurance"), "Olga", PNG)),
            ("Sign", (four, cooking.browse(), "Olga", False)),
            ("Sign", (four, cooking.browse(), " ", PNG)),
        ]
        for message, args in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                booking.sudo()._travel_accept_proposal(*args)
        self.assertEqual(booking.state, "sent")
        self.assertFalse(booking.signed_on or booking.selected_option_id)
        self.assertEqual(len(booking.line_ids), 5)

    def test_acceptance_of_expired_or_draft_refused(self):
        booking, five, _four = self._proposal()
        with self.assertRaisesRegex(UserError, "not open"):
            booking.sudo()._travel_accept_proposal(
                five, self.env["travel.booking.line"], "O", PNG
            )
        booking.action_send_proposal()
        booking.validity_date = fields.Date.context_today(booking) - timedelta(days=1)
        self.assertTrue(booking.proposal_expired)
        with self.assertRaisesRegex(UserError, "expired"):
            booking.sudo()._travel_accept_proposal(
                five, self.env["travel.booking.line"], "O", PNG
            )
        self.assertFalse(booking.signed_on)

    def test_accept_applies_choice_and_confirms(self):
        booking, _five, four = self._proposal(require_payment=False)
        booking.action_send_proposal()
        cooking = self._line(booking, "Cooking class")
        booking.sudo()._travel_accept_proposal(four, cooking, "Olga O.", PNG)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.signed_by, "Olga O.")
        self.assertTrue(booking.signature)
        self.assertEqual(booking.selected_option_id, four)
        self.assertEqual(
            sorted(booking.line_ids.mapped("name")), ["Cooking class", "Flight", "Inn"]
        )
        self.assertEqual(booking.amount_untaxed, 2150)
        with self.assertRaisesRegex(UserError, "not open"):
            booking.sudo()._travel_accept_proposal(
                four, self.env["travel.booking.line"], "O", PNG
            )

    def test_accept_with_payment_stays_sent(self):
        booking, five, _four = self._proposal()
        booking.action_send_proposal()
        booking.sudo()._travel_accept_proposal(
            five, self.env["travel.booking.line"], "Olga", PNG
        )
        self.assertEqual(booking.state, "sent")
        self.assertTrue(booking.signed_on)
        self.assertIn(
            "Invoice the deposit of the accepted proposal",
            booking.activity_ids.mapped("summary"),
        )
        with self.assertRaisesRegex(UserError, "already accepted"):
            booking.action_send_proposal()

    def test_decline(self):
        booking, _five, _four = self._proposal()
        booking.action_send_proposal()
        with self.assertRaises(UserError):
            booking.sudo()._travel_decline_proposal("  ")
        booking.sudo()._travel_decline_proposal("Too expensive")
        self.assertEqual(booking.state, "cancel")
        self.assertEqual(booking.cancel_reason, "Too expensive")
        self.assertTrue(booking.proposal_declined_on)
        with self.assertRaises(UserError):
            booking.sudo()._travel_decline_proposal("Again")

    def test_blocked_passport_check_leaves_activity(self):
        booking, five, _four = self._proposal(require_payment=False)
        booking.company_id.travel_passport_check = "block"
        japan = self.env.ref("base.jp")
        self.env["travel.destination.rule"].create(
            {"country_id": japan.id, "passport_validity_months": 6}
        )
        booking.write(
            {
                "destination_country_ids": [Command.set(japan.ids)],
                "traveller_ids": [Command.set(self.customer.ids)],
            }
        )
        booking.action_send_proposal()
        booking.sudo()._travel_accept_proposal(
            five, self.env["travel.booking.line"], "Olga", PNG
        )
        self.assertEqual(booking.state, "sent")
        self.assertTrue(booking.signed_on)
        self.assertIn(
            "Confirm the accepted proposal", booking.activity_ids.mapped("summary")
        )
