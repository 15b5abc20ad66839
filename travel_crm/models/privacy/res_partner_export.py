import json

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import html2plaintext

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
    "passport_surname",
    "passport_given_name",
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
    "endorsement_expiry_date",
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


class ResPartner(models.Model):
    """The export of everything held on a traveller (JSON and PDF)."""

    _inherit = "res.partner"

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
        return [
            {fname: self._travel_privacy_value(record, fname) for fname in fnames}
            for record in records
        ]

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

    def _travel_privacy_lookup_hits(self):
        """Records Odoo's privacy lookup finds for the traveller, by model.

        ``privacy.lookup.wizard._get_query`` scans every model for the email,
        the name and many2one links to contacts with that email or name.
        Models exported in their own section are left out.
        """
        email = self.email_normalized or self.email or f"no-email-{self.id}@invalid"
        wizard = self.env["privacy.lookup.wizard"].new(
            {"name": self.name or "", "email": email}
        )
        self.env.flush_all()
        self.env.cr.execute(wizard._get_query())
        found = self.env.cr.dictfetchall()
        model_names = {
            model.id: model.model
            for model in self.env["ir.model"].search_fetch([], ["model"])
        }
        hits = {}
        for row in found:
            model = model_names.get(row["res_model_id"])
            if model and model not in LOOKUP_COVERED_MODELS and model in self.env:
                hits.setdefault(model, set()).add(row["res_id"])
        return hits

    def _travel_privacy_links(self, Model):
        """Domains of what links a record of ``Model`` to *this* contact: a
        stored many2one to it, or its normalized email (empty: no link)."""
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
        return links

    def _travel_privacy_other_records(self):
        """Other records about the traveller, found by Odoo's privacy lookup
        and narrowed to records really linked to *this* contact (namesakes
        are dropped)."""
        rows = []
        for model, ids in sorted(self._travel_privacy_lookup_hits().items()):
            Model = self.env[model].with_context(active_test=False)
            links = self._travel_privacy_links(Model)
            if not links:
                continue
            domain = expression.AND([[("id", "in", list(ids))], expression.OR(links)])
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
