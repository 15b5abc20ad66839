import json
import logging
import re
import threading

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html2plaintext, split_every

_logger = logging.getLogger(__name__)

STAFF = "travel_crm.group_travel_agent"
MANAGER = "travel_crm.group_travel_manager"
REMOVED = "[removed]"
# Quotes shorter than this are not searched for in texts (too many false hits).
MIN_QUOTE_LENGTH = 3
PHONE_SEPARATORS = r"[\s().\-/]*"

# Partner fields emptied by the anonymization (the name is replaced, see
# ``_travel_anonymized_name``); optional ones are skipped when absent.
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

# What the export shows, section by section (field names of the model).
PROFILE_FIELDS = [
    "name",
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
    "vat",
    "lang",
    "birthdate",
    "gender",
    "nationality_id",
    "occupation",
    "emergency_contact_name",
    "emergency_contact_phone",
    "referred_by_id",
    "preferred_channel",
    "comment",
    "travel_notes",
    "create_date",
]
PREFERENCE_FIELDS = [
    "interest_tag_ids",
    "preferred_destination_ids",
    "travel_style",
    "budget_band",
    "seat_preference",
    "meal_preference",
    "room_preference",
    "dietary_needs",
    "accessibility_needs",
]
CONSENT_FIELDS = [
    "marketing_consent",
    "marketing_consent_date",
    "marketing_consent_source",
    "is_blacklisted",
    "phone_sanitized_blacklisted",
]
DOCUMENT_FIELDS = [
    "document_type",
    "number",
    "issuing_country_id",
    "issue_date",
    "expiry_date",
    "active",
]
COMPANION_FIELDS = ["companion_id", "relation_type", "note"]
BOOKING_FIELDS = [
    "name",
    "state",
    "departure_date",
    "return_date",
    "currency_id",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
]
BOOKING_LINE_FIELDS = [
    "service_type",
    "name",
    "date_start",
    "date_end",
    "quantity",
    "price_unit",
    "price_subtotal",
    "price_total",
]
# a co-traveller sees the trip, not what the ordering customer paid
PRICE_FIELDS = {
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "price_unit",
    "price_subtotal",
    "price_total",
}
INVOICE_FIELDS = [
    "name",
    "move_type",
    "invoice_date",
    "state",
    "currency_id",
    "amount_total",
    "payment_state",
]
COMPLAINT_FIELDS = [
    "name",
    "subject",
    "description",
    "booking_id",
    "state",
    "date_open",
    "resolution",
    "date_resolved",
]
FEEDBACK_FIELDS = ["booking_id", "state", "score", "comment", "date_answered"]
CONSENT_LOG_FIELDS = ["date", "consent_type", "action", "channel", "source"]
LOYALTY_FIELDS = [
    "date",
    "transaction_type",
    "points",
    "booking_id",
    "expiry_date",
]
# message_post() writes "notification" messages by default; empty ones
# (tracking only) are skipped
MESSAGE_TYPES = ("email", "comment", "email_outgoing", "auto_comment", "notification")
# Records of these models are exported in their own section.
LOOKUP_COVERED_MODELS = {
    "res.partner",
    "mail.message",
    "mail.followers",
    "mail.notification",
    "account.move",
    "account.move.line",
    "account.partial.reconcile",
    "travel.booking",
    "travel.booking.line",
    "travel.complaint",
    "travel.feedback",
    "travel.document",
    "travel.companion",
    "travel.consent.log",
    "travel.privacy.log",
    "travel.loyalty.transaction",
}


def _auto_commit():
    return not getattr(threading.current_thread(), "testing", False)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Sensitive traveller data: travel staff only (the fields are defined in
    # res_partner.py; the access restriction lives with the privacy rules).
    # Related and computed fields follow (companion birth dates, age...).
    birthdate = fields.Date(groups=STAFF)
    age = fields.Integer(groups=STAFF)
    next_birthday = fields.Date(groups=STAFF)
    has_upcoming_birthday = fields.Boolean(groups=STAFF)
    dietary_needs = fields.Text(groups=STAFF)
    accessibility_needs = fields.Text(groups=STAFF)
    travel_notes = fields.Text(groups=STAFF)

    travel_anonymized_date = fields.Datetime(
        string="Anonymized On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=STAFF,
        help="Set when the traveller's personal data was erased.",
    )
    travel_consent_log_ids = fields.One2many(
        "travel.consent.log",
        "partner_id",
        string="Consent Log",
        groups=STAFF,
    )
    travel_consent_log_count = fields.Integer(
        compute="_compute_travel_consent_log_count", groups=STAFF
    )

    def _compute_travel_consent_log_count(self):
        counts = dict(
            self.env["travel.consent.log"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.travel_consent_log_count = counts.get(partner._origin, 0)

    # ------------------------------------------------------------------
    # CRUD: consent log and deletion guard
    # ------------------------------------------------------------------

    def _travel_consent_source_label(self):
        labels = dict(
            self._fields["marketing_consent_source"]._description_selection(self.env)
        )
        return labels.get(self.marketing_consent_source)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        self.env["travel.consent.log"]._record(
            [
                (partner, "marketing", True, partner._travel_consent_source_label())
                for partner in partners
                if partner.marketing_consent
            ]
        )
        return partners

    def write(self, vals):
        if "marketing_consent" not in vals:
            return super().write(vals)
        before = {partner.id: partner.marketing_consent for partner in self}
        result = super().write(vals)
        self.env["travel.consent.log"]._record(
            [
                (
                    partner,
                    "marketing",
                    partner.marketing_consent,
                    partner._travel_consent_source_label(),
                )
                for partner in self
                if partner.marketing_consent != before[partner.id]
            ]
        )
        return result

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def _travel_privacy_channel(self, allow_portal):
        """Check who may export/erase these partners' data; return the channel.

        Travel managers (and the system, for the retention job) may act on any
        traveller; a portal user only on their own contact, for the export.
        """
        channel = self.env.context.get("travel_privacy_channel")
        if self.env.su or self.env.user.has_group(MANAGER):
            return channel or "backend"
        user = self.env.user
        if (
            allow_portal
            and user.share
            and not user._is_public()
            and self == user.partner_id
        ):
            return "portal"
        raise AccessError(
            _("Only travel managers can export or erase a traveller's personal data.")
        )

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------

    @api.model
    def _travel_privacy_value(self, record, fname):
        """JSON-friendly value of ``record[fname]`` (labels, names, ISO dates)."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "boolean":
            return bool(value)
        if field.type in ("integer", "float", "monetary"):
            return value
        if not value:
            return None
        if field.type == "many2one":
            return value.display_name
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
            return labels.get(value, value)
        if field.type in ("date", "datetime"):
            return value.isoformat()
        if field.type == "html":
            return html2plaintext(value)
        return value

    @api.model
    def _travel_privacy_rows(self, records, fnames):
        fnames = [fname for fname in fnames if fname in records._fields]
        return [
            {fname: self._travel_privacy_value(record, fname) for fname in fnames}
            for record in records
        ]

    def _travel_privacy_threads(self):
        """The traveller's records by kind (sudo, archived included)."""
        self.ensure_one()
        env = self.env
        bookings = env["travel.booking"].search(
            ["|", ("partner_id", "=", self.id), ("traveller_ids", "in", self.ids)],
            order="departure_date desc, id desc",
        )
        return {
            "bookings": bookings,
            "customer_bookings": bookings.filtered(lambda b: b.partner_id == self),
            "complaints": env["travel.complaint"].search(
                [("partner_id", "=", self.id)]
            ),
            "feedback": env["travel.feedback"].search([("partner_id", "=", self.id)]),
            "documents": env["travel.document"].search([("partner_id", "=", self.id)]),
        }

    def _travel_privacy_message_domain(self, threads, whole_threads=False):
        """Messages of the traveller: their contact, their bookings as a
        customer, complaints, feedback and documents; on bookings where they
        only travel, what they wrote or received (``whole_threads``: every
        message of those bookings, to look for quotes)."""
        domain = ["&", ("model", "=", "res.partner"), ("res_id", "=", self.id)]
        customer_bookings = threads["customer_bookings"]
        if whole_threads:
            customer_bookings = threads["bookings"]
        for model, records in (
            ("travel.booking", customer_bookings),
            ("travel.complaint", threads["complaints"]),
            ("travel.feedback", threads["feedback"]),
            ("travel.document", threads["documents"]),
        ):
            if records:
                domain = [
                    "|",
                    *domain,
                    "&",
                    ("model", "=", model),
                    ("res_id", "in", records.ids),
                ]
        others = threads["bookings"] - customer_bookings
        if others:
            domain = [
                "|",
                *domain,
                "&",
                "&",
                ("model", "=", "travel.booking"),
                ("res_id", "in", others.ids),
                "|",
                ("author_id", "=", self.id),
                ("partner_ids", "in", self.ids),
            ]
        return domain

    def _travel_privacy_messages(self, threads, internal_notes):
        messages = self.env["mail.message"].search(
            [
                *self._travel_privacy_message_domain(threads),
                ("message_type", "in", MESSAGE_TYPES),
            ],
            order="date, id",
        )
        rows = []
        for message in messages:
            internal = message.is_internal or message.subtype_id.internal
            body = html2plaintext(message.body or "").strip()
            if (internal and not internal_notes) or not (
                body or message.attachment_ids
            ):
                continue
            rows.append(
                {
                    "model": message.model,
                    "record": message.record_name
                    or self.env[message.model].browse(message.res_id).display_name,
                    "date": message.date.isoformat() if message.date else None,
                    "author": message.author_id.display_name or message.email_from,
                    "subject": message.subject or None,
                    "body": body,
                    "internal": bool(internal),
                    "attachments": message.attachment_ids.mapped("name"),
                }
            )
        return rows

    def _travel_privacy_invoices(self, threads):
        moves = self.env["account.move"].search(
            [
                ("partner_id", "=", self.id),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        moves |= threads["customer_bookings"].invoice_ids.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )
        return self._travel_privacy_rows(moves.sorted("id"), INVOICE_FIELDS)

    def _travel_privacy_bookings(self, threads):
        rows = []
        for booking in threads["bookings"]:
            is_customer = booking.partner_id == self
            fnames = [f for f in BOOKING_FIELDS if is_customer or f not in PRICE_FIELDS]
            line_fnames = [
                f for f in BOOKING_LINE_FIELDS if is_customer or f not in PRICE_FIELDS
            ]
            row = self._travel_privacy_rows(booking, fnames)[0]
            row.update(
                role="customer" if is_customer else "traveller",
                travellers=booking.traveller_ids.mapped("display_name"),
                lines=self._travel_privacy_rows(booking.line_ids, line_fnames),
            )
            rows.append(row)
        return rows

    def _travel_privacy_loyalty(self):
        transactions = self.env["travel.loyalty.transaction"].search(
            [("partner_id", "=", self.id)], order="id"
        )
        return self._travel_privacy_rows(transactions, LOYALTY_FIELDS)

    def _travel_privacy_other_records(self):
        """Other records about the traveller, found by Odoo's privacy lookup.

        ``privacy.lookup.wizard._get_query`` scans every model for the email,
        the name and many2one links to contacts with that email or name; the
        hits are then narrowed to records really linked to *this* contact
        (namesakes are dropped) and to models not exported above.
        """
        email = self.email_normalized or self.email or f"no-email-{self.id}@invalid"
        wizard = self.env["privacy.lookup.wizard"].new(
            {"name": self.name or "", "email": email}
        )
        self.env.flush_all()
        self.env.cr.execute(wizard._get_query())
        found = self.env.cr.dictfetchall()
        hits = {}
        model_names = {
            model.id: model.model
            for model in self.env["ir.model"].search_fetch([], ["model"])
        }
        for row in found:
            model = model_names.get(row["res_model_id"])
            if model and model not in LOOKUP_COVERED_MODELS and model in self.env:
                hits.setdefault(model, set()).add(row["res_id"])
        rows = []
        for model, ids in sorted(hits.items()):
            Model = self.env[model].with_context(active_test=False)
            links = [
                [(fname, "=", self.id)]
                for fname, field in Model._fields.items()
                if field.type == "many2one"
                and field.comodel_name == "res.partner"
                and field.store
            ]
            links += [
                [(fname, "=ilike", self.email_normalized)]
                for fname in ("email_normalized", "email", "email_from")
                if self.email_normalized
                and fname in Model._fields
                and Model._fields[fname].store
            ]
            if not links:
                continue
            domain = [("id", "in", list(ids))] + ["|"] * (len(links) - 1)
            for link in links:
                domain += link
            description = self.env["ir.model"]._get(model).name
            rows += [
                {"model": description, "record": record.display_name}
                for record in Model.search(domain, order="id")
            ]
        return rows

    def _travel_privacy_export_data(self, log_kind="export_json", internal_notes=True):
        """Everything held on this traveller, as a JSON-serialisable dict.

        Travel managers may export anyone, a portal user only themselves.
        The export is logged in ``travel.privacy.log`` (``log_kind``; pass
        ``False`` when the caller logs itself).
        """
        self.ensure_one()
        channel = self._travel_privacy_channel(allow_portal=True)
        partner = self.sudo().with_context(active_test=False)
        threads = partner._travel_privacy_threads()
        data = {
            "generated_at": fields.Datetime.now().isoformat(),
            "partner_id": partner.id,
            "profile": partner._travel_privacy_rows(partner, PROFILE_FIELDS)[0],
            "preferences": partner._travel_privacy_rows(partner, PREFERENCE_FIELDS)[0],
            "consent": {
                **partner._travel_privacy_rows(partner, CONSENT_FIELDS)[0],
                "history": partner._travel_privacy_rows(
                    partner.travel_consent_log_ids.sorted("id"), CONSENT_LOG_FIELDS
                ),
            },
            "documents": partner._travel_privacy_rows(
                threads["documents"], DOCUMENT_FIELDS
            ),
            "companions": partner._travel_privacy_rows(
                partner.companion_ids, COMPANION_FIELDS
            ),
            "bookings": partner._travel_privacy_bookings(threads),
            "invoices": partner._travel_privacy_invoices(threads),
            "complaints": partner._travel_privacy_rows(
                threads["complaints"], COMPLAINT_FIELDS
            ),
            "feedback": partner._travel_privacy_rows(
                threads["feedback"], FEEDBACK_FIELDS
            ),
            "loyalty": partner._travel_privacy_loyalty(),
            "messages": partner._travel_privacy_messages(threads, internal_notes),
            "other_records": partner._travel_privacy_other_records(),
        }
        if log_kind:
            self.env["travel.privacy.log"]._log(self, log_kind, channel=channel)
        return data

    def _travel_privacy_export_json(self):
        """The export as pretty-printed JSON text (logged as export_json)."""
        data = self._travel_privacy_export_data(log_kind="export_json")
        return json.dumps(data, indent=2, ensure_ascii=False, default=str)

    def action_travel_privacy_export_json(self):
        self.ensure_one()
        self._travel_privacy_channel(allow_portal=False)
        return {
            "type": "ir.actions.act_url",
            "url": f"/travel/privacy/export/{self.id}.json",
            "target": "download",
        }

    def action_travel_privacy_export_pdf(self):
        self._travel_privacy_channel(allow_portal=False)
        return self.env.ref(
            "travel_crm.action_report_travel_privacy_export"
        ).report_action(self)

    def action_view_travel_consent_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_consent_log_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Anonymization (right to be forgotten)
    # ------------------------------------------------------------------

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
        """
        Message = self.env["mail.message"]
        removed_body = _(
            "<p>[Content removed: personal data of an anonymized traveller.]</p>"
        )
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
        if to_scrub:
            to_scrub.write(
                {"body": removed_body, "subject": False, "email_from": False}
            )
            mails = self.env["mail.mail"].search(
                [("mail_message_id", "in", to_scrub.ids)]
            )
            mails.write({"body_html": removed_body, "email_to": False})
        new_name = self._travel_anonymized_name()
        own.write({"record_name": new_name})
        Tracking = self.env["mail.tracking.value"]
        scrubbed = Tracking
        # tracked many2one fields pointing to this contact, on any record
        partner_fields = self.env["ir.model.fields"].search(
            [("ttype", "=", "many2one"), ("relation", "=", "res.partner")]
        )
        for side in ("old", "new"):
            links = Tracking.search(
                [
                    ("field_id", "in", partner_fields.ids),
                    (f"{side}_value_integer", "=", self.id),
                ]
            )
            links.write({f"{side}_value_char": new_name})
            scrubbed |= links
        for tracking in Tracking.search([("mail_message_id", "in", related.ids)]):
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
        return len(to_scrub), len(scrubbed)

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
                    if fname in record._fields:
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
        documents = threads["documents"]
        quotes = self._travel_privacy_quotes(documents)
        messages, trackings = self._travel_anonymize_messages(threads, quotes)
        self._travel_anonymize_texts(threads, quotes)
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
        users = self.user_ids  # portal accounts (internal users are refused)
        if users:
            users.write({"active": False, "login": f"anonymized-{self.id}"})
        vals = {fname: False for fname in ANONYMIZED_FIELDS if fname in self._fields}
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
        # active_test on: base refuses to archive a contact of an active user
        # and would count the portal account archived above
        self.with_context(travel_consent_channel="system", active_test=True).write(vals)
        return _(
            "Documents deleted: %(documents)s; companion links removed: "
            "%(companions)s; attachments deleted: %(attachments)s; messages "
            "scrubbed: %(messages)s; tracking values scrubbed: %(trackings)s.",
            messages=messages,
            trackings=trackings,
            **counts,
        )

    def action_anonymize_traveller(self):
        """Right to be forgotten: erase the personal data of the travellers.

        Bookings, their lines and amounts, invoices and the loyalty ledger
        stay as they are, linked to the same (now anonymous) contact. Refused
        as a whole, with nothing written, while one of them travels.
        """
        channel = self._travel_privacy_channel(allow_portal=False)
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

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _travel_retention_candidates(self):
        """Travellers inactive for their company's number of years.

        Activity: the profile's creation, any booking (as customer or
        traveller) created, departing or returning, a complaint reported,
        feedback answered or a message they wrote. Users, companies' own
        contacts, travellers on a trip and companions listed by an active
        traveller (their family) are never candidates. Travellers
        shared between companies follow the settings of the current company.
        """
        today = fields.Date.context_today(self)
        limits = [
            (
                company.id,
                today - relativedelta(years=company.travel_privacy_inactivity_years),
            )
            for company in self.env["res.company"]
            .sudo()
            .search([("travel_privacy_auto_anonymize", "=", True)])
            if company.travel_privacy_inactivity_years > 0
        ]
        if not limits:
            return []
        self.env.flush_all()
        query = SQL(
            """
            WITH limits(company_id, limit_date) AS (VALUES %(limits)s)
            SELECT p.id
              FROM res_partner p
              JOIN limits l
                ON l.company_id = COALESCE(p.company_id, %(company)s)
             WHERE p.is_traveller AND p.active
               AND p.travel_anonymized_date IS NULL
               AND p.create_date::date < l.limit_date
               AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
               AND NOT EXISTS (
                   SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
               AND NOT EXISTS (
                   SELECT 1
                     FROM travel_companion tc
                     JOIN res_partner o ON o.id = tc.partner_id
                    WHERE tc.companion_id = p.id AND o.active)
               AND NOT EXISTS (
                   SELECT 1
                     FROM travel_booking b
                LEFT JOIN travel_booking_traveller_rel r ON r.booking_id = b.id
                    WHERE (b.partner_id = p.id OR r.partner_id = p.id)
                      AND (b.state = 'in_progress'
                           OR b.create_date::date >= l.limit_date
                           OR b.departure_date >= l.limit_date
                           OR b.return_date >= l.limit_date))
               AND NOT EXISTS (
                   SELECT 1 FROM travel_complaint t
                    WHERE t.partner_id = p.id AND t.date_open::date >= l.limit_date)
               AND NOT EXISTS (
                   SELECT 1 FROM travel_feedback f
                    WHERE f.partner_id = p.id AND f.state = 'answered'
                      AND f.date_answered::date >= l.limit_date)
               AND NOT EXISTS (
                   SELECT 1 FROM mail_message m
                    WHERE m.author_id = p.id AND m.date::date >= l.limit_date)
             ORDER BY p.id
            """,
            limits=SQL(", ").join(
                SQL("(%s, %s::date)", company_id, limit) for company_id, limit in limits
            ),
            company=self.env.company.id,
        )
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _cron_travel_privacy_retention(self, batch_size=100):
        """Retention job: anonymize inactive travellers (when enabled) and
        purge identity-document scans past their retention (when enabled).

        Set-based selection, bounded batches, progress reported; a processed
        record no longer matches the selection, so a second run (or a run
        resumed after a crash) changes nothing more.
        """
        partner_ids = self._travel_retention_candidates()
        Attachment = self.env["ir.attachment"].sudo()
        scan_ids = Attachment._travel_retention_scan_ids()
        total = len(partner_ids) + len(scan_ids)
        done = 0
        partners = self.sudo().with_context(travel_privacy_channel="cron")
        for batch in split_every(batch_size, partner_ids, partners.browse):
            for partner in batch:
                try:
                    with self.env.cr.savepoint():
                        partner.action_anonymize_traveller()
                except UserError as error:
                    # e.g. a trip started since the selection: next run
                    _logger.info("Traveller #%s not anonymized: %s", partner.id, error)
            done += len(batch)
            self._travel_retention_progress(done, total)
        for batch in split_every(batch_size, scan_ids, Attachment.browse):
            batch._travel_purge_scans()
            done += len(batch)
            self._travel_retention_progress(done, total)
        return True

    @api.model
    def _travel_retention_progress(self, done, total):
        self.env["ir.cron"]._notify_progress(done=done, remaining=max(total - done, 0))
        if _auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit
