import re

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

DOCUMENT_TYPES = [
    ("passport", "Passport"),
    ("visa", "Visa"),
    ("id_card", "ID Card"),
    ("other", "Other"),
]
# After normalisation (upper case, no blanks): letters and digits, with '-' or
# '/' as inner separators, 3 to 30 characters.
NUMBER_PATTERN = re.compile(r"^[A-Z0-9](?:[A-Z0-9/-]{1,28})[A-Z0-9]$")
EXPIRES_SOON_MONTHS = 6
# The document types that are never valid without an expiry date: the one rule
# behind the constraint and the forms (through ``expiry_required``).
EXPIRY_REQUIRED_TYPES = frozenset({"passport"})


class TravelDocument(models.Model):
    """A travel document (passport, visa, ID card) of a traveller.

    The document number is personal data: only travel staff may read it
    (``groups`` on the field) and it is never tracked, so it never reaches
    the chatter; ``display_name`` does not contain it either.
    """

    _name = "travel.document"
    _description = "Travel Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "expiry_date, id"
    _check_company_auto = True

    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Traveller",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    document_type = fields.Selection(
        DOCUMENT_TYPES, string="Type", required=True, default="passport", tracking=True
    )
    number = fields.Char(
        required=True,
        copy=False,
        groups="travel_crm.group_travel_agent",
        help="Stored in upper case without blanks. Visible to travel staff only "
        "and never logged in the chatter.",
    )
    issuing_country_id = fields.Many2one(
        "res.country", ondelete="restrict", index=True, tracking=True
    )
    issue_date = fields.Date(tracking=True)
    expiry_date = fields.Date(index=True, tracking=True)
    expiry_required = fields.Boolean(
        compute="_compute_expiry_required",
        help="Documents of this type are not valid without an expiry date.",
    )
    company_id = fields.Many2one(
        "res.company",
        # "set null" would share a passport with every company: refuse instead
        ondelete="restrict",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    expires_soon = fields.Boolean(
        compute="_compute_expiry_state",
        search="_search_expires_soon",
        help="Valid today and expires within the next six months.",
    )
    is_expired = fields.Boolean(
        string="Expired",
        compute="_compute_expiry_state",
        search="_search_is_expired",
    )

    @api.depends("document_type", "issuing_country_id", "expiry_date")
    def _compute_display_name(self):
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for document in self:
            parts = [labels.get(document.document_type) or _("Document")]
            if document.issuing_country_id:
                parts.append(document.issuing_country_id.code)
            if document.expiry_date:
                parts.append(_("exp. %s", fields.Date.to_string(document.expiry_date)))
            document.display_name = " · ".join(parts)

    @api.depends("document_type")
    def _compute_expiry_required(self):
        for document in self:
            document.expiry_required = document.document_type in EXPIRY_REQUIRED_TYPES

    @api.depends("partner_id")
    def _compute_company_id(self):
        for document in self:
            document.company_id = (
                document.partner_id.company_id
                or document.company_id
                or self.env.company
            )

    @api.model
    def _expires_soon_limit(self):
        today = fields.Date.context_today(self)
        return today, today + relativedelta(months=EXPIRES_SOON_MONTHS)

    @api.depends("expiry_date")
    @api.depends_context("tz")
    def _compute_expiry_state(self):
        today, limit = self._expires_soon_limit()
        for document in self:
            expiry = document.expiry_date
            document.is_expired = bool(expiry and expiry < today)
            document.expires_soon = bool(expiry and today <= expiry <= limit)

    def _search_expires_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on Expires Soon."))
        today, limit = self._expires_soon_limit()
        if (operator == "=") == value:
            return [("expiry_date", ">=", today), ("expiry_date", "<=", limit)]
        return [
            "|",
            ("expiry_date", "=", False),
            "|",
            ("expiry_date", "<", today),
            ("expiry_date", ">", limit),
        ]

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on Expired."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("expiry_date", "<", today)]
        return ["|", ("expiry_date", "=", False), ("expiry_date", ">=", today)]

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for document in self:
            if (
                document.issue_date
                and document.expiry_date
                and document.expiry_date <= document.issue_date
            ):
                raise ValidationError(
                    _(
                        "The expiry date of a travel document must be after its "
                        "issue date (issued %(issue)s, expires %(expiry)s).",
                        issue=document.issue_date,
                        expiry=document.expiry_date,
                    )
                )

    @api.constrains("document_type", "expiry_date")
    def _check_expiry_date_required(self):
        """Only on create and on a change of type or expiry date: documents
        recorded before the rule keep their empty date until edited."""
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for document in self:
            if document.expiry_required and not document.expiry_date:
                raise ValidationError(
                    _(
                        "A %(type)s needs an expiry date.",
                        type=labels[document.document_type].lower(),
                    )
                )

    @api.constrains("number", "document_type")
    def _check_number(self):
        for document in self.sudo():
            if not NUMBER_PATTERN.match(document.number or ""):
                # the number itself is never echoed (error messages end up in
                # logs and screenshots)
                raise ValidationError(
                    _(
                        "The document number must have 3 to 30 letters or digits "
                        "(inner '-' or '/' allowed)."
                    )
                )

    @api.constrains("number", "document_type", "issuing_country_id")
    def _check_number_unique(self):
        """One document per (type, number, issuing country), archived included.

        One search for the whole recordset; ``sudo`` because the same passport
        may already be recorded for a traveller of another company.
        """
        documents = self.sudo().with_context(active_test=False)
        domain = expression.OR(
            [
                [
                    ("document_type", "=", document.document_type),
                    ("number", "=", document.number),
                    ("issuing_country_id", "=", document.issuing_country_id.id),
                ]
                for document in documents
            ]
        )
        matches = documents.search(
            expression.AND([domain, [("id", "not in", self.ids)]])
        )
        keys = {
            (document.document_type, document.number, document.issuing_country_id)
            for document in matches
        }
        seen = set()
        for document in documents:
            key = (document.document_type, document.number, document.issuing_country_id)
            if key in keys or key in seen:
                raise ValidationError(document._duplicate_number_message())
            seen.add(key)

    def _duplicate_number_message(self):
        """Why this document's number is refused as already recorded. A portal
        traveller is not told that the number exists elsewhere (it would let
        them probe other travellers' numbers)."""
        self.ensure_one()
        if self.env.user.share:
            return _(
                "This document cannot be saved as it is: "
                "please contact your travel agent."
            )
        return _(
            "A %(type)s with this number issued by %(country)s is "
            "already recorded (it may be archived).",
            type=self._fields["document_type"]
            .convert_to_export(self.document_type, self)
            .lower(),
            country=self.issuing_country_id.name or _("no country"),
        )

    @api.model
    def _normalize_number(self, number):
        if not isinstance(number, str):
            return number
        return re.sub(r"\s+", "", number).upper()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "number" in vals:
                vals["number"] = self._normalize_number(vals["number"])
        return super().create(vals_list)

    def write(self, vals):
        if "number" in vals:
            vals = dict(vals, number=self._normalize_number(vals["number"]))
        return super().write(vals)
