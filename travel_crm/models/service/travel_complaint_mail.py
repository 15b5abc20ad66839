"""Complaints by mail: the alias gateway, the first response, the customer as
suggested recipient."""

import re

from odoo import _, api, fields, models
from odoo.tools import email_normalize

# Booking references as produced by the travel.booking sequence (TB/2026/00012).
BOOKING_REF_RE = re.compile(r"\b[A-Z][A-Z0-9]*/\d{4}/\d+\b")


class TravelComplaint(models.Model):
    _inherit = "travel.complaint"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a complaint alias: sender -> customer, booking reference in
        the subject -> booking (only when the sender is its customer or one of
        its travellers, so a stranger cannot attach a complaint to someone
        else's trip)."""
        values = dict(custom_values or {})
        subject = msg_dict.get("subject") or _("No Subject")
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        values.update(
            {
                "name": _("New"),
                "subject": subject,
                "description": msg_dict.get("body"),
                "channel": "email",
                "email_from": msg_dict.get("email_from") or msg_dict.get("from"),
            }
        )
        if author:
            values["partner_id"] = author.id
            booking = self._find_booking_from_subject(subject, author)
            if booking:
                values["booking_id"] = booking.id
                values["company_id"] = booking.company_id.id
        return super(
            TravelComplaint, self.with_context(mail_create_nosubscribe=False)
        ).message_new(msg_dict, custom_values=values)

    @api.model
    def _find_booking_from_subject(self, subject, author):
        references = BOOKING_REF_RE.findall(subject or "")
        if not references:
            return self.env["travel.booking"]
        bookings = (
            self.env["travel.booking"].sudo().search([("name", "in", references)])
        )
        commercial = author.commercial_partner_id
        return bookings.filtered(
            lambda b: (
                b.partner_id.commercial_partner_id == commercial
                or author in b.traveller_ids
            )
        )[:1]

    def _message_post_after_hook(self, message, msg_values):
        """The first reply staff send to the customer is the first response; a
        reply of the customer takes a waiting complaint back in progress (from
        the portal chatter or by mail through the gateway)."""
        if message.message_type in ("comment", "email"):
            public = message.subtype_id and not message.subtype_id.internal
            if self._is_staff_message(message):
                if public and self._is_sent_to_customer(message):
                    self.sudo()._set_first_response_date(fields.Datetime.now())
            elif self._is_customer_message(message):
                self.sudo()._sla_customer_replied()
        return super()._message_post_after_hook(message, msg_values)

    def _is_staff_message(self, message):
        """Written by an internal user (not the system acting by itself)."""
        users = message.author_id.user_ids
        return bool(users) and any(
            u._is_internal() and not u._is_superuser() for u in users
        )

    def _is_sent_to_customer(self, message):
        """The customer is among the message's recipients: named on it or
        following the complaint for that kind of message (without a customer,
        any recipient outside the staff)."""
        self.ensure_one()
        followers = self.sudo().message_follower_ids.filtered(
            lambda f: message.subtype_id in f.subtype_ids
        )
        recipients = message.sudo().partner_ids | followers.partner_id
        if self.partner_id:
            customer = self.partner_id.commercial_partner_id
            return customer in recipients.commercial_partner_id
        return any(
            not any(u._is_internal() for u in partner.user_ids)
            for partner in recipients
        )

    def _is_customer_message(self, message):
        """Written by the customer (or someone of the customer's company), or
        mailed from the complaint's address by an unknown sender."""
        self.ensure_one()
        author = message.author_id
        if author:
            return bool(self.partner_id) and (
                author.commercial_partner_id == self.partner_id.commercial_partner_id
            )
        return bool(self.email_from) and email_normalize(
            message.email_from
        ) == email_normalize(self.email_from)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=_("Customer")
            )
        return recipients
