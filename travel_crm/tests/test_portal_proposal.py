import json
from datetime import timedelta

from odoo import http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import booking_line
from .portal_common import TravelPortalCase
from .test_proposal import PNG


@tagged("post_install", "-at_install")
class TestPortalProposal(TravelPortalCase):
    """A sent proposal in the portal: the options shown without costs, and
    what the accept and decline routes refuse over HTTP (nothing written)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proposal = cls._sent_proposal(cls.ana)
        cls.other = cls._sent_proposal(cls.ben)

    @classmethod
    def _sent_proposal(cls, partner):
        booking = cls.env["travel.booking"].create(
            {
                "partner_id": partner.id,
                "departure_date": cls.today + timedelta(days=60),
                "return_date": cls.today + timedelta(days=66),
                "user_id": cls.agent.id,
                "line_ids": [booking_line("Ferry", "transfer", 90, 71.17)],
            }
        )
        villa, room = cls.env["travel.booking.option"].create(
            [
                {"booking_id": booking.id, "name": "Seaside villa", "sequence": 1},
                {"booking_id": booking.id, "name": "Village room", "sequence": 2},
            ]
        )
        booking.write(
            {
                "line_ids": [
                    booking_line("Villa", "hotel", 900, 733.31, option_id=villa.id),
                    booking_line("Room", "hotel", 400, 311.13, option_id=room.id),
                    booking_line("Boat trip", "tour", 70, 55.55, is_optional=True),
                ]
            }
        )
        booking.action_send_proposal()
        return booking

    def _accept(self, booking, token=None, **params):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "access_token": booking.access_token if token is None else token,
                "name": "Ana Portal",
                "signature": PNG,
                **params,
            },
        }
        response = self.url_open(
            f"/my/bookings/{booking.id}/accept",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def _assert_untouched(self, booking):
        booking.invalidate_recordset()
        self.assertEqual(booking.state, "sent")
        self.assertFalse(booking.signed_on or booking.selected_option_id)
        self.assertEqual(len(booking.line_ids), 4)

    def test_page_shows_options_without_costs(self):
        self._login(self.user_ana)
        page = self.url_open(f"/my/bookings/{self.proposal.id}").text
        for expected in ("Seaside villa", "Village room", "Accept & Sign", "Decline"):
            self.assertIn(expected, page)
        for cost in ("733.31", "311.13", "55.55", "71.17"):
            self.assertNotIn(cost, page)

    def test_token_link_shows_the_proposal_signed_out(self):
        page = self.url_open(self.proposal.get_portal_url()).text
        self.assertIn("Seaside villa", page)

    def test_refusals_change_nothing(self):
        villa = self.proposal.option_ids[0]
        other_option = self.other.option_ids[0]
        other_addon = self.other.line_ids.filtered("is_optional")
        cases = [
            ("wrong token", {"token": "forged", "option_id": villa.id}),
            ("option of another booking", {"option_id": other_option.id}),
            (
                "add-on of another booking",
                {"option_id": villa.id, "optional_line_ids": other_addon.ids},
            ),
            ("no option", {}),
            ("not an id", {"option_id": "villa"}),
            ("missing signature", {"option_id": villa.id, "signature": ""}),
        ]
        for label, params in cases:
            with self.subTest(label):
                result = self._accept(self.proposal, **params)
                self.assertIn("error", result)
                self._assert_untouched(self.proposal)

    def test_accept_through_the_token_link(self):
        self.proposal.require_payment = False
        room = self.proposal.option_ids[1]
        addon = self.proposal.line_ids.filtered("is_optional")
        result = self._accept(
            self.proposal, option_id=room.id, optional_line_ids=addon.ids
        )
        self.assertNotIn("error", result)
        self.assertIn(f"/my/bookings/{self.proposal.id}", result["redirect_url"])
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "confirmed")
        self.assertEqual(self.proposal.selected_option_id, room)
        self.assertEqual(
            sorted(self.proposal.line_ids.mapped("name")),
            ["Boat trip", "Ferry", "Room"],
        )
        again = self._accept(self.proposal, option_id=room.id)
        self.assertIn("error", again)

    def test_expired_proposal_refused(self):
        self.proposal.validity_date = self.today - timedelta(days=1)
        result = self._accept(self.proposal, option_id=self.proposal.option_ids[0].id)
        self.assertIn("expired", result["error"])
        self._assert_untouched(self.proposal)

    def test_another_customers_proposal_refused_signed_in(self):
        self._login(self.user_ana)
        result = self._accept(
            self.other, token="", option_id=self.other.option_ids[0].id
        )
        self.assertIn("error", result)
        self._assert_untouched(self.other)

    def _decline(self, booking, token=None, csrf=True, **data):
        data = {
            "access_token": booking.access_token if token is None else token,
            **data,
        }
        if csrf:
            if not getattr(self, "session", None):
                self.authenticate(None, None)
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(
            f"/my/bookings/{booking.id}/decline", data=data, allow_redirects=False
        )

    def test_decline_with_message(self):
        response = self._decline(self.proposal, decline_message="Dates changed")
        self.assertEqual(response.status_code, 303)
        self.proposal.invalidate_recordset()
        self.assertEqual(self.proposal.state, "cancel")
        self.assertEqual(self.proposal.cancel_reason, "Dates changed")

    @mute_logger("odoo.http")
    def test_decline_refusals(self):
        self._decline(self.proposal, decline_message="  ")
        self._decline(self.proposal, token="forged", decline_message="No")
        response = self._decline(
            self.proposal, csrf=False, decline_message="No", csrf_token="forged"
        )
        self.assertEqual(response.status_code, 400)
        self._assert_untouched(self.proposal)
