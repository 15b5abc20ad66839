from odoo import http
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .portal_common import TravelPortalCase

# the smallest valid PNG: a 1x1 transparent pixel
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63600000020000050001e2266e2e0000000049454e44ae426082"
)


@tagged("post_install", "-at_install")
class TestPortalComplaints(TravelPortalCase):
    """Complaints on the traveller portal: the form, the list, each
    complaint's page and chatter, as two portal users."""

    def _post_complaint(self, data, files=None, csrf=True):
        if csrf:
            data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(
            "/my/complaints/new", data=data, files=files, allow_redirects=False
        )

    def _ana_complaints(self):
        return self.env["travel.complaint"].search([("partner_id", "=", self.ana.id)])

    def test_new_complaint_form_offers_only_own_bookings(self):
        self._login(self.user_ana)
        page = self.url_open(f"/my/complaints/new?booking_id={self.booking_ana.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.booking_ana.name, page.text)
        self.assertIn(self.booking_ben_with_ana.name, page.text)
        self.assertNotIn(self.booking_ben.name, page.text)
        self.assertRegex(page.text, rf'<option value="{self.booking_ana.id}" selected=')
        self.assertIn('enctype="multipart/form-data"', page.text)

    def test_traveller_submits_a_complaint_with_attachments(self):
        self._login(self.user_ana)
        category = self.env.ref("travel_crm.travel_complaint_category_accommodation")
        response = self._post_complaint(
            {
                "booking_id": self.booking_ana.id,
                "category_id": category.id,
                "subject": "Room was not cleaned",
                "description": "Three days without cleaning.\nTowels missing.",
                "priority": "3",
            },
            files=[
                ("attachments", ("room.png", PNG_PIXEL, "image/png")),
                ("attachments", ("note.txt", b"Room 204, days 2 to 4", "text/plain")),
            ],
        )
        complaint = self._ana_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), f"/my/complaints/{complaint.id}")
        self.assertEqual(complaint.booking_id, self.booking_ana)
        self.assertEqual(complaint.category_id, category)
        self.assertEqual(complaint.subject, "Room was not cleaned")
        self.assertIn("Towels missing.", complaint.description)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.priority, "1", "the agency sets the priority")
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "travel.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(sorted(attachments.mapped("name")), ["note.txt", "room.png"])
        self.assertEqual(
            sorted(attachments.mapped("mimetype")), ["image/png", "text/plain"]
        )
        message = complaint.message_ids.filtered("attachment_ids")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.ana)
        self.assertEqual(message.attachment_ids, attachments)

        page = self.url_open(f"/my/complaints/{complaint.id}?created=1")
        self.assertEqual(page.status_code, 200)
        self.assertIn("we received your complaint", page.text)
        self.assertIn("Room was not cleaned", page.text)
        self.assertIn('data-res_model="travel.complaint"', page.text)

    def test_invalid_complaint_shows_errors_and_writes_nothing(self):
        self._login(self.user_ana)
        valid = {
            "booking_id": self.booking_ana.id,
            "subject": "Late pick-up",
            "description": "Waited two hours.",
        }
        cases = {
            "no subject": ({**valid, "subject": "  "}, None, "what went wrong"),
            "no description": ({**valid, "description": ""}, None, "Describe"),
            "no booking": ({**valid, "booking_id": ""}, None, "Choose the booking"),
            "someone else's booking": (
                {**valid, "booking_id": self.booking_ben.id},
                None,
                "Choose the booking",
            ),
            "forged booking id": (
                {**valid, "booking_id": "1 OR 1=1"},
                None,
                "Choose the booking",
            ),
            "unknown category": (
                {**valid, "category_id": 999999},
                None,
                "category from the list",
            ),
            "html attachment": (
                valid,
                [
                    (
                        "attachments",
                        ("x.png", b"<html><script>1</script></html>", "image/png"),
                    )
                ],
                "cannot be attached",
            ),
            "too many files": (
                valid,
                [
                    ("attachments", (f"p{i}.png", PNG_PIXEL, "image/png"))
                    for i in range(6)
                ],
                "at most 5 files",
            ),
        }
        attachments_before = self.env["ir.attachment"].search_count([])
        for case, (data, files, error) in cases.items():
            with self.subTest(case=case):
                response = self._post_complaint(data, files=files)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_travel_complaint_errors", response.text)
                self.assertIn(error, response.text)
                self.assertFalse(self._ana_complaints())
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    @mute_logger("odoo.http")
    def test_complaint_post_without_csrf_token_is_rejected(self):
        self._login(self.user_ana)
        response = self._post_complaint(
            {
                "booking_id": self.booking_ana.id,
                "subject": "No token",
                "description": "Should not be saved.",
            },
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._ana_complaints())

    def _create_ana_and_ben_complaints(self):
        Complaint = self.env["travel.complaint"]
        mine = Complaint.create(
            {
                "subject": "Noisy room",
                "booking_id": self.booking_ana.id,
                "partner_id": self.ana.id,
            }
        )
        others = Complaint.create(
            {
                "subject": "Ben's private matter",
                "booking_id": self.booking_ben.id,
                "partner_id": self.ben.id,
            }
        )
        return mine, others

    def _post_on_chatter(self, complaint, body, token, **post_data):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "travel.complaint",
                "thread_id": complaint.id,
                "post_data": {"body": body, "message_type": "comment", **post_data},
                "token": token,
            },
        )

    def test_traveller_sees_only_own_complaints(self):
        mine, others = self._create_ana_and_ben_complaints()
        self._login(self.user_ana)
        listing = self.url_open("/my/complaints").text
        self.assertIn(mine.name, listing)
        self.assertIn("Noisy room", listing)
        self.assertNotIn(others.name, listing)
        self.assertNotIn("private matter", listing)
        open_only = self.url_open("/my/complaints?filterby=done").text
        self.assertNotIn(mine.name, open_only)

        page = self.url_open(f"/my/complaints/{mine.id}")
        self.assertEqual(page.status_code, 200)
        mine.invalidate_recordset(["access_token"])
        self.assertIn(f'data-token="{mine.access_token}"', page.text)
        # the booking page lists the complaints about that trip
        booking_page = self.url_open(f"/my/bookings/{self.booking_ana.id}").text
        self.assertIn(mine.name, booking_page)

        response = self.url_open(f"/my/complaints/{others.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/my")

    def test_traveller_follows_own_complaint_on_the_portal_chatter(self):
        mine, others = self._create_ana_and_ben_complaints()
        self._login(self.user_ana)
        # the page gives the token the portal chatter posts with
        self.assertEqual(self.url_open(f"/my/complaints/{mine.id}").status_code, 200)
        mine.invalidate_recordset(["access_token"])
        # she answers on the portal chatter; the team sees it on the complaint
        self._post_on_chatter(mine, "Any news?", mine.access_token)
        mine.invalidate_recordset(["message_ids"])
        message = mine.message_ids.filtered(lambda m: "Any news?" in (m.body or ""))
        self.assertEqual(message.author_id, self.ana)
        # but not on Ben's complaint, even knowing its id
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._post_on_chatter(others, "Intrusion", mine.access_token)
        self.assertFalse(
            others.message_ids.filtered(lambda m: "Intrusion" in (m.body or ""))
        )

    def test_complaint_token_link_works_without_login(self):
        complaint = self.env["travel.complaint"].create(
            {"subject": "Lost luggage", "booking_id": self.booking_ana.id}
        )
        self.authenticate(None, None)
        token = complaint._portal_ensure_token()
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Lost luggage", page.text)
        response = self.url_open(
            f"/my/complaints/{complaint.id}?access_token=wrong", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(b"Lost luggage", response.content)

    def test_traveller_reply_on_the_portal_takes_a_waiting_complaint_back(self):
        mine, _others = self._create_ana_and_ben_complaints()
        mine.with_user(self.agent).action_wait()
        self._login(self.user_ana)
        page = self.url_open(f"/my/complaints/{mine.id}")
        self.assertIn("o_travel_complaint_waiting", page.text)
        self.assertIn("We are waiting for your answer", page.text)
        mine.invalidate_recordset(["access_token"])
        # as the portal's composer sends it
        self._post_on_chatter(
            mine,
            "Here are the photos.",
            mine.access_token,
            subtype_xmlid="mail.mt_comment",
        )
        mine.invalidate_recordset()
        self.assertEqual(mine.state, "in_progress")
        self.assertTrue(mine.wait_ids.date_end)
        page = self.url_open(f"/my/complaints/{mine.id}")
        self.assertNotIn("o_travel_complaint_waiting", page.text)
