import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

REMOVED = "[removed]"
# Quotes shorter than this are not searched for in texts (too many false hits).
MIN_QUOTE_LENGTH = 3
PHONE_SEPARATORS = r"[\s().\-/]*"

# Partner fields emptied by the anonymization (the name is replaced, see
# ``_travel_anonymized_name``).
ANONYMIZED_FIELDS = [
    "title",
    "function",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "comment",
    "company_name",
    "category_id",
    "image_1920",
    "birthdate",
    "gender",
    "nationality_id",
    "passport_surname",
    "passport_given_name",
    "occupation",
    "emergency_contact_id",
    "emergency_contact_name",
    "emergency_contact_phone",
    "interest_tag_ids",
    "preferred_destination_ids",
    "travel_style",
    "budget_band",
    "seat_preference",
    "meal_preference",
    "room_preference",
    "dietary_needs",
    "accessibility_needs",
    "travel_notes",
    "preferred_channel",
    "marketing_consent",
    "marketing_consent_source",
    "referred_by_id",
    "partner_latitude",
    "partner_longitude",
]


class ResPartner(models.Model):
    """Anonymization, the right to be forgotten."""

    _inherit = "res.partner"

    def _travel_anonymized_name(self):
        return _("Anonymized traveller #%(id)s", id=self.id)

    def _travel_anonymize_check(self):
        """Refuse the whole set, before anything is written."""
        busy = self.env["travel.booking"].search(
            [
                ("state", "=", "in_progress"),
                "|",
                ("partner_id", "in", self.ids),
                ("traveller_ids", "in", self.ids),
            ]
        )
        if busy:
            partners = (busy.partner_id | busy.traveller_ids) & self
            raise UserError(
                _(
                    "%(partners)s cannot be anonymized while a trip is in progress "
                    "(%(bookings)s). Try again once the trip is completed.",
                    partners=", ".join(partners.mapped("display_name")),
                    bookings=", ".join(busy.mapped("name")),
                )
            )
        users = self.with_context(active_test=False).user_ids.filtered(
            lambda user: not user.share
        )
        if users:
            raise UserError(
                _(
                    "%(partners)s cannot be anonymized: they are users of the "
                    "database. Archive the user first and handle their account "
                    "with Odoo's privacy lookup.",
                    partners=", ".join(users.partner_id.mapped("display_name")),
                )
            )
        company_partners = self.env["res.company"].sudo().search([]).partner_id
        if self & company_partners:
            raise UserError(_("A company's own contact cannot be anonymized."))

    def _travel_privacy_quotes(self, documents):
        """Regular expression of what must not be quoted any more: the name,
        email, phone numbers and document numbers (case-insensitive; phone
        digits may be separated by blanks, dots, dashes or brackets)."""
        self.ensure_one()
        texts = {
            self.name,
            self.email,
            self.email_normalized,
            self.vat,
            self.emergency_contact_name,
            *documents.mapped("number"),
        }
        patterns = [
            re.escape(text.strip())
            for text in texts
            if text and len(text.strip()) >= MIN_QUOTE_LENGTH
        ]
        for number in (self.phone, self.mobile, self.emergency_contact_phone):
            digits = re.sub(r"\D", "", number or "")
            if len(digits) >= 6:
                patterns.append(PHONE_SEPARATORS.join(digits[-9:]))
        if not patterns:
            return None
        return re.compile(
            "|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE
        )

    @api.model
    def _travel_scrub(self, text, quotes):
        """``text`` with every quote replaced by [removed] (None: unchanged)."""
        if not text or not quotes:
            return None
        scrubbed = quotes.sub(REMOVED, str(text))
        return scrubbed if scrubbed != str(text) else None

    def _travel_anonymize_messages(self, threads, quotes):
        """Scrub chatter: every body on the contact itself; on the traveller's
        bookings (shared ones included), complaints and feedback the messages
        they wrote or that quote them. Tracking values quoting them are
        blanked, and tracked links to the contact anywhere show its new name.
        Return the number of messages and of tracking values scrubbed.
        """
        Message = self.env["mail.message"]
        own = Message.search([("model", "=", "res.partner"), ("res_id", "=", self.id)])
        related = (
            Message.search(
                self._travel_privacy_message_domain(threads, whole_threads=True)
            )
            - own
        )
        to_scrub = own.filtered(lambda m: m.body or m.subject or m.email_from)
        for message in related:
            texts = (message.body, message.subject, message.email_from)
            if message.author_id == self or any(
                quotes and text and quotes.search(f"{html2plaintext(text)} {text}")
                for text in texts
            ):
                to_scrub |= message
        self._travel_scrub_messages(to_scrub)
        own.write({"record_name": self._travel_anonymized_name()})
        trackings = self._travel_rename_tracked_links()
        trackings |= self._travel_scrub_trackings(related, quotes)
        return len(to_scrub), len(trackings)

    @api.model
    def _travel_scrub_messages(self, messages):
        """Replace the bodies of ``messages`` and of their outgoing mails."""
        if not messages:
            return
        removed_body = _(
            "<p>[Content removed: personal data of an anonymized traveller.]</p>"
        )
        messages.write({"body": removed_body, "subject": False, "email_from": False})
        mails = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        mails.write({"body_html": removed_body, "email_to": False})

    def _travel_rename_tracked_links(self):
        """Tracked many2one values pointing to this contact, on any record,
        show its new name; return them."""
        Tracking = self.env["mail.tracking.value"]
        new_name = self._travel_anonymized_name()
        partner_fields = self.env["ir.model.fields"].search(
            [("ttype", "=", "many2one"), ("relation", "=", "res.partner")]
        )
        renamed = Tracking
        for side in ("old", "new"):
            links = Tracking.search(
                [
                    ("field_id", "in", partner_fields.ids),
                    (f"{side}_value_integer", "=", self.id),
                ]
            )
            links.write({f"{side}_value_char": new_name})
            renamed |= links
        return renamed

    @api.model
    def _travel_scrub_trackings(self, messages, quotes):
        """Blank the tracked texts of ``messages`` that quote the traveller;
        return the tracking values changed."""
        Tracking = self.env["mail.tracking.value"]
        scrubbed = Tracking
        for tracking in Tracking.search([("mail_message_id", "in", messages.ids)]):
            vals = {
                fname: REMOVED
                for fname in (
                    "old_value_char",
                    "new_value_char",
                    "old_value_text",
                    "new_value_text",
                )
                if quotes and tracking[fname] and quotes.search(tracking[fname])
            }
            if vals:
                tracking.write(vals)
                scrubbed |= tracking
        return scrubbed

    def _travel_anonymize_texts(self, threads, quotes):
        """Free texts of the traveller's records: quotes replaced, feedback
        comments (their own words) cleared."""
        for records, fnames in (
            (threads["bookings"], ("notes", "cancel_reason")),
            (threads["complaints"], ("subject", "description", "resolution")),
        ):
            for record in records:
                vals = {}
                for fname in fnames:
                    scrubbed = self._travel_scrub(record[fname], quotes)
                    if scrubbed is not None:
                        vals[fname] = scrubbed
                if vals:
                    record.write(vals)
        threads["complaints"].filtered("email_from").write({"email_from": False})
        threads["feedback"].filtered("comment").write({"comment": False})

    def _travel_anonymize_one(self):
        """Erase this traveller's personal data; return a note of counts."""
        self.ensure_one()
        threads = self._travel_privacy_threads()
        quotes = self._travel_privacy_quotes(threads["documents"])
        messages, trackings = self._travel_anonymize_messages(threads, quotes)
        self._travel_anonymize_texts(threads, quotes)
        counts = self._travel_anonymize_links(threads["documents"])
        users = self.user_ids  # portal accounts (internal users are refused)
        if users:
            users.write({"active": False, "login": f"anonymized-{self.id}"})
        # active_test on: base refuses to archive a contact of an active user
        # and would count the portal account archived above
        self.with_context(travel_consent_channel="system", active_test=True).write(
            self._travel_anonymized_vals()
        )
        return _(
            "Documents deleted: %(documents)s; companion links removed: "
            "%(companions)s; attachments deleted: %(attachments)s; messages "
            "scrubbed: %(messages)s; tracking values scrubbed: %(trackings)s.",
            messages=messages,
            trackings=trackings,
            **counts,
        )

    def _travel_anonymize_links(self, documents):
        """Delete the traveller's documents, companion links, attachments and
        followers, and the copies of them as others' emergency contact;
        return the counts."""
        companions = self.env["travel.companion"].search(
            ["|", ("partner_id", "=", self.id), ("companion_id", "=", self.id)]
        )
        # other travellers keep no copy of this person as emergency contact
        self.search([("emergency_contact_id", "=", self.id)]).write(
            {
                "emergency_contact_id": False,
                "emergency_contact_name": False,
                "emergency_contact_phone": False,
            }
        )
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
            ]
        )
        counts = {
            "documents": len(documents),
            "companions": len(companions),
            "attachments": len(attachments),
        }
        documents.unlink()
        companions.unlink()
        attachments.unlink()
        self.env["mail.followers"].search([("partner_id", "=", self.id)]).unlink()
        return counts

    def _travel_anonymized_vals(self):
        """The values that erase the contact's personal data and archive it."""
        vals = dict.fromkeys(ANONYMIZED_FIELDS, False)
        # Invoices must show the VAT number the customer gave (tax law):
        # keep it while posted invoices exist, erase it otherwise.
        if not self.env["account.move"].search_count(
            [("partner_id", "=", self.id), ("state", "=", "posted")], limit=1
        ):
            vals["vat"] = False
        vals.update(
            name=self._travel_anonymized_name(),
            active=False,
            travel_anonymized_date=fields.Datetime.now(),
        )
        return vals

    def action_anonymize_traveller(self):
        """Right to be forgotten: erase the personal data of the travellers.

        Bookings, their lines and amounts, invoices and the loyalty ledger
        stay as they are, linked to the same (now anonymous) contact. Refused
        as a whole, with nothing written, while one of them travels.
        """
        channel = self._travel_privacy_channel(allow_portal=False)
        # the work below runs as superuser: the caller must be allowed to
        # edit these contacts (their company's, or shared ones)
        self.check_access("write")
        partners = self.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True
        )
        partners._travel_anonymize_check()
        for partner in partners:
            note = partner._travel_anonymize_one()
            self.env["travel.privacy.log"]._log(
                partner, "anonymize", channel=channel, note=note
            )
        return True
