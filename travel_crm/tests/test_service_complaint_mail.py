from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon

from .common import booking_line, create_booking

INCOMING_EMAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2026 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Date: Fri, 10 Aug 2026 14:16:26 +0000
Message-ID: {msg_id}
{extra}

The room was not cleaned once during our stay.
"""


@tagged("post_install", "-at_install")
class TestComplaintMailGateway(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("travel_crm.travel_complaint_team_customer_care")
        cls.team.sudo().write(
            {"alias_domain_id": cls.mail_alias_domain.id, "alias_name": "complaints"}
        )
        cls.alias_email = f"complaints@{cls.alias_domain}"
        cls.user_employee.groups_id += cls.env.ref("travel_crm.group_travel_agent")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ana Traveller", "email": "ana.traveller@example.com"}
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Someone Else", "email": "someone.else@example.com"}
        )
        cls.booking = create_booking(
            cls.env,
            cls.customer,
            lines=[booking_line("Hotel", "other", price=100)],
            user_id=cls.user_employee.id,
        )

    def _receive(self, email_from, subject, **kwargs):
        return self.format_and_process(
            INCOMING_EMAIL,
            email_from,
            self.alias_email,
            subject=subject,
            target_model="travel.complaint",
            target_field="subject",
            **kwargs,
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_creates_complaint_matched_to_partner_and_booking(self):
        subject = f"Dirty room on {self.booking.name}"
        complaint = self._receive('"Ana" <ana.traveller@example.com>', subject)
        self.assertEqual(len(complaint), 1)
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.booking_id, self.booking)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.user_id, self.user_employee, "booking agent")
        self.assertEqual(complaint.state, "new")
        self.assertTrue(complaint.deadline)
        self.assertIn("not cleaned", complaint.description)
        self.assertIn("not cleaned", complaint.message_ids[-1].body)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_unknown_sender_or_other_customer_is_not_linked_to_the_booking(self):
        complaint = self._receive(
            "unknown@example.com", f"Problem with {self.booking.name}"
        )
        self.assertFalse(complaint.partner_id)
        self.assertEqual(complaint.email_from, "unknown@example.com")
        self.assertFalse(complaint.booking_id)
        complaint = self._receive(
            "someone.else@example.com", f"About {self.booking.name} again"
        )
        self.assertEqual(complaint.partner_id, self.stranger)
        self.assertFalse(complaint.booking_id)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_replies_thread_on_the_complaint(self):
        complaint = self._receive(
            "ana.traveller@example.com", f"Complaint {self.booking.name}"
        )
        with self.mock_mail_gateway():
            complaint.with_user(self.user_employee).message_post(
                body="We are very sorry, we call the hotel now.",
                partner_ids=self.customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(complaint.first_response_date)
        outgoing = self._find_mail_mail_wrecord(complaint)
        count = self.env["travel.complaint"].search_count([])
        self.format_and_process(
            INCOMING_EMAIL,
            "ana.traveller@example.com",
            outgoing.reply_to,
            subject=f"Re: {outgoing.subject}",
            extra=f"In-Reply-To: {outgoing.message_id}",
            target_model="travel.complaint",
            target_field="subject",
        )
        self.assertEqual(self.env["travel.complaint"].search_count([]), count)
        last = complaint.message_ids[0]
        self.assertEqual(last.author_id, self.customer)
        self.assertEqual(last.message_type, "email")
        self.assertIn("not cleaned", last.body)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_customer_reply_by_mail_takes_a_waiting_complaint_back(self):
        complaint = self._receive(
            "ana.traveller@example.com", f"Complaint {self.booking.name}"
        )
        self.assertFalse(complaint.first_response_date)  # her own mail
        with self.mock_mail_gateway():
            complaint.with_user(self.user_employee).message_post(
                body="Could you send us a photo of the room?",
                partner_ids=self.customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        complaint.with_user(self.user_employee).action_wait()
        outgoing = self._find_mail_mail_wrecord(complaint)
        # a stranger writing on the thread does not end the wait
        self.format_and_process(
            INCOMING_EMAIL,
            "someone.else@example.com",
            outgoing.reply_to,
            subject=f"Re: {outgoing.subject}",
            extra=f"In-Reply-To: {outgoing.message_id}",
            msg_id="<stranger-reply@example.com>",
            target_model="travel.complaint",
            target_field="subject",
        )
        self.assertEqual(complaint.state, "waiting")
        self.format_and_process(
            INCOMING_EMAIL,
            "ana.traveller@example.com",
            outgoing.reply_to,
            subject=f"Re: {outgoing.subject}",
            extra=f"In-Reply-To: {outgoing.message_id}",
            target_model="travel.complaint",
            target_field="subject",
        )
        self.assertEqual(complaint.state, "in_progress")
        self.assertTrue(complaint.wait_ids.date_end)
        self.assertIn(
            "Back in progress",
            " ".join(m.body for m in complaint.message_ids if m.body),
        )
