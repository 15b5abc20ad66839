from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...tools import resident_id
from ...tools.passport_check import ENDORSED_TYPES

# The Chinese travel permits: identity documents for the trips between the
# mainland, Hong Kong, Macau and Taiwan, used there instead of a passport.
PERMIT_TYPES = frozenset(
    {
        "hk_macau_permit",
        "taiwan_permit",
        "home_return_permit",
        "taiwan_compatriot_permit",
    }
)


class TravelDocument(models.Model):
    """Chinese travel permits (with their endorsement) and the check of
    Resident Identity Card numbers issued by China."""

    _inherit = "travel.document"

    document_type = fields.Selection(
        selection_add=[
            (
                "hk_macau_permit",
                "Exit-Entry Permit for Travelling to and from Hong Kong and Macau",
            ),
            ("taiwan_permit", "Travel Permit to and from Taiwan"),
            (
                "home_return_permit",
                "Mainland Travel Permit for Hong Kong and Macao Residents",
            ),
            ("taiwan_compatriot_permit", "Mainland Travel Permit for Taiwan Residents"),
            ("other",),
        ],
        ondelete={
            "hk_macau_permit": "set default",
            "taiwan_permit": "set default",
            "home_return_permit": "set default",
            "taiwan_compatriot_permit": "set default",
        },
    )
    endorsement_expiry_date = fields.Date(
        string="Endorsement Valid Until",
        tracking=True,
        help="Permits to Hong Kong, Macau and Taiwan are valid for a trip only "
        "with an endorsement (签注) in force until the return.",
    )
    endorsement_required = fields.Boolean(compute="_compute_endorsement_required")

    @api.depends("document_type")
    def _compute_endorsement_required(self):
        for document in self:
            document.endorsement_required = document.document_type in ENDORSED_TYPES

    @api.depends("document_type")
    def _compute_expiry_required(self):
        result = super()._compute_expiry_required()
        for document in self:
            if document.document_type in PERMIT_TYPES:
                document.expiry_required = True
        return result

    @api.constrains("endorsement_expiry_date", "expiry_date", "issue_date")
    def _check_endorsement_expiry_date(self):
        for document in self:
            endorsement = document.endorsement_expiry_date
            if not endorsement:
                continue
            if (document.expiry_date and endorsement > document.expiry_date) or (
                document.issue_date and endorsement < document.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "The endorsement of a permit must end between the permit's "
                        "issue and expiry dates (issued %(issue)s, expires "
                        "%(expiry)s, endorsement until %(endorsement)s).",
                        issue=document.issue_date or "-",
                        expiry=document.expiry_date or "-",
                        endorsement=endorsement,
                    )
                )

    def _is_resident_id_card(self):
        self.ensure_one()
        return (
            self.document_type == "id_card"
            and self.issuing_country_id == self.env.ref("base.cn")
        )

    @api.constrains("number", "document_type", "issuing_country_id", "partner_id")
    def _check_resident_id_card(self):
        """An ID card issued by China is a Resident Identity Card: its check
        digit must be right and its birth date the traveller's, when known.
        The number itself is never echoed."""
        today = fields.Date.context_today(self)
        for document in self.sudo():
            if not document._is_resident_id_card():
                continue
            problem = resident_id.check_resident_id(document.number, today)
            if problem == resident_id.BAD_CHECK_DIGIT:
                raise ValidationError(
                    self.env._(
                        "This Resident Identity Card number is wrong: its check "
                        "digit does not match. Check the 18 characters again."
                    )
                )
            if problem == resident_id.BAD_BIRTH_DATE:
                raise ValidationError(
                    self.env._(
                        "This Resident Identity Card number does not hold a valid "
                        "birth date (characters 7 to 14)."
                    )
                )
            if problem:
                raise ValidationError(
                    self.env._(
                        "A Resident Identity Card number has 18 characters: 17 "
                        "digits and a last digit or X."
                    )
                )
            document.partner_id._check_resident_id_birthdate(document)

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._fill_birthdate_from_resident_id()
        return documents

    def write(self, vals):
        result = super().write(vals)
        if {"number", "document_type", "issuing_country_id", "partner_id"} & set(vals):
            self._fill_birthdate_from_resident_id()
        return result

    def _fill_birthdate_from_resident_id(self):
        """The birth date encoded in a Chinese ID card fills the traveller's
        when it is empty."""
        for document in self.sudo():
            partner = document.partner_id
            if partner.birthdate or not document._is_resident_id_card():
                continue
            birthdate = resident_id.resident_id_birth_date(document.number)
            if birthdate:
                partner.birthdate = birthdate
