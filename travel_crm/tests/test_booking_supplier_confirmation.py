import re

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestSupplierConfirmation(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="sup_agent",
            email="sup.agent@agency.example.com",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.hotel = cls.env["res.partner"].create(
            {"name": "Hotel Alfama", "email": "bookings@alfama.example.com"}
        )
        cls.boat = cls.env["res.partner"].create({"name": "Tejo Boats"})
        cls.booking = create_booking(
            cls.env(user=cls.agent),
            cls.env["res.partner"].create({"name": "Sara"}),
            [
                booking_line(
                    "Double room", "hotel", 100, supplier_id=cls.hotel.id, quantity=4
                ),
                booking_line("Airport pickup", "other", 30),
            ],
            state="confirmed",
            departure_date="2026-10-01",
            return_date="2026-10-05",
        )
        cls.line = cls.booking.line_ids.filtered("supplier_id")

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "travel.booking.line"), ("res_id", "=", self.line.id)]
        )

    def _request(self):
        self.booking.with_user(self.agent).action_request_supplier_confirmation()
        return f"/travel/supplier/{self.line.id}/{self.line.supplier_access_token}"

    def _answer(self, url, **data):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(f"{url}/answer", data={"csrf_token": csrf, **data})

    def test_request_emails_the_supplier_a_personal_link(self):
        url = self._request()
        self.assertEqual(self.line.supplier_state, "requested")
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.hotel)
        self.assertIn(url, str(mail.body_html))
        self.assertIn(self.booking.name, mail.subject)
        # the service without supplier is left alone
        other = self.booking.line_ids - self.line
        self.assertEqual(other.supplier_state, "to_request")
        self.assertIn("requested from Hotel Alfama", self.booking.message_ids[0].body)

    def test_supplier_confirms_without_login_and_agent_sees_it(self):
        url = self._request()
        response = self._answer(url, answer="confirm", reference="ALF-778")
        self.assertEqual(response.status_code, 200)
        self.assertIn("the service is confirmed", response.text)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.supplier_state, "confirmed")
        self.assertEqual(self.line.supplier_reference, "ALF-778")
        self.assertTrue(self.line.supplier_answer_date)
        message = self.booking.message_ids[0]
        self.assertEqual(message.author_id, self.hotel)
        self.assertIn("confirmed Double room", message.body)
        self.assertIn("ALF-778", message.body)
        self.assertIn(self.agent.partner_id, message.notified_partner_ids)

    def test_supplier_declines_and_agent_gets_an_activity(self):
        url = self._request()
        response = self._answer(url, answer="decline", note="Fully booked")
        self.assertIn("You declined this service", response.text)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.supplier_state, "declined")
        self.assertEqual(self.line.supplier_note, "Fully booked")
        activity = self.booking.activity_ids
        self.assertEqual(activity.user_id, self.agent)
        self.assertIn("Double room", activity.summary)
        # the agent may ask again (e.g. after talking to the hotel)
        self.booking.with_user(self.agent).action_request_supplier_confirmation()
        self.assertEqual(self.line.supplier_state, "requested")

    def test_answer_is_given_once(self):
        url = self._request()
        self._answer(url, answer="confirm")
        page = self.url_open(url)
        self.assertNotIn('name="csrf_token"', page.text)
        self.assertIn("the service is confirmed", page.text)

    def test_wrong_token_or_line_gets_404_and_changes_nothing(self):
        url = self._request()
        for bad in (
            f"/travel/supplier/{self.line.id}/not-the-token",
            f"/travel/supplier/{self.line.id}/",
            f"/travel/supplier/999999/{self.line.supplier_access_token}",
        ):
            self.assertEqual(self.url_open(bad).status_code, 404, bad)
        page = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/travel/supplier/{self.line.id}/forged/answer",
            data={"csrf_token": csrf, "answer": "confirm"},
        )
        self.assertEqual(response.status_code, 404)
        self.line.invalidate_recordset()
        self.assertEqual(self.line.supplier_state, "requested")

    def test_token_is_hidden_from_portal_users(self):
        self._request()
        portal = new_test_user(
            self.env,
            login="sup_portal",
            groups="base.group_portal",
            partner_id=self.booking.partner_id.id,
        )
        line = self.line.with_user(portal)
        self.assertEqual(line.supplier_state, "requested")
        self.assertNotIn("supplier_access_token", line.fields_get())

    def test_request_needs_a_supplier_email_and_writes_nothing(self):
        self.line.supplier_id = self.boat
        with self.assertRaises(UserError):
            self.booking.with_user(self.agent).action_request_supplier_confirmation()
        self.assertEqual(self.line.supplier_state, "to_request")
        self.assertFalse(self._mails())

    def test_changing_supplier_resets_the_confirmation(self):
        url = self._request()
        self._answer(url, answer="confirm", reference="X1")
        self.line.invalidate_recordset()
        self.line.supplier_id = self.boat
        self.assertEqual(self.line.supplier_state, "to_request")
        self.assertFalse(self.line.supplier_reference)
        self.assertEqual(self.url_open(url).status_code, 404)
