import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...tools import resident_id
from ...tools.passport_name import normalise_passport_name, suggest_passport_name

# Passports of these places print names in their own romanisation (Cantonese,
# Wade-Giles...), never Hanyu Pinyin: no suggestion for their nationals.
OWN_ROMANISATION = ("hk", "mo", "tw")
# What a machine-readable passport may print in a name: Latin letters, blanks,
# hyphens and apostrophes (the agent types them as printed).
PASSPORT_NAME = re.compile(r"^[A-Z][A-Z '\-]*$")


class ResPartner(models.Model):
    """The traveller's name as printed in the passport, which airline tickets
    must match, and the birth date read from a Chinese ID card."""

    _inherit = "res.partner"

    passport_surname = fields.Char(
        groups="travel_crm.group_travel_agent",
        copy=False,
        index=True,
        compute="_compute_passport_name",
        store=True,
        readonly=False,
        precompute=True,
        help="Surname in Latin letters exactly as printed in the passport. "
        "Suggested in pinyin from a name written in Chinese characters.",
    )
    passport_given_name = fields.Char(
        string="Passport Given Names",
        groups="travel_crm.group_travel_agent",
        copy=False,
        compute="_compute_passport_name",
        store=True,
        readonly=False,
        precompute=True,
        help="Given names in Latin letters exactly as printed in the passport.",
    )

    @api.depends("name", "nationality_id", "is_company")
    def _compute_passport_name(self):
        """Suggest the pinyin of a Chinese name (mainland passports); other
        names and a name that did not change keep what was typed."""
        for partner in self:
            code = (partner.nationality_id.code or "").lower()
            suggestion = (
                not partner.is_company
                and code not in OWN_ROMANISATION
                and suggest_passport_name(partner.name)
            )
            if suggestion:
                partner.passport_surname, partner.passport_given_name = suggestion
            else:
                partner.passport_surname = partner.passport_surname
                partner.passport_given_name = partner.passport_given_name

    @api.constrains("passport_surname", "passport_given_name")
    def _check_passport_name(self):
        for partner in self:
            for value in (partner.passport_surname, partner.passport_given_name):
                if value and not PASSPORT_NAME.match(value):
                    raise ValidationError(
                        self.env._(
                            "The passport name of %(partner)s must be written in "
                            "Latin capital letters as printed in the passport "
                            "(blanks, hyphens and apostrophes allowed).",
                            partner=partner.display_name,
                        )
                    )

    @api.constrains("birthdate")
    def _check_birthdate_resident_id(self):
        cards = (
            self.env["travel.document"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("document_type", "=", "id_card"),
                    ("issuing_country_id", "=", self.env.ref("base.cn").id),
                ]
            )
        )
        for card in cards:
            card.partner_id._check_resident_id_birthdate(card)

    def _check_resident_id_birthdate(self, card):
        """The birth date in the Chinese ID card ``card`` is the partner's."""
        self.ensure_one()
        encoded = resident_id.resident_id_birth_date(card.sudo().number)
        if encoded and self.birthdate and encoded != self.birthdate:
            raise ValidationError(
                self.env._(
                    "The birth date of %(partner)s (%(birthdate)s) is not the one "
                    "in their Resident Identity Card (%(encoded)s).",
                    partner=self.display_name,
                    birthdate=self.birthdate,
                    encoded=encoded,
                )
            )

    @api.onchange("travel_document_ids")
    def _onchange_travel_document_ids_birthdate(self):
        """Fill the birth date from a Chinese ID card typed in the form."""
        if self.birthdate:
            return
        for card in self.travel_document_ids:
            if card.document_type == "id_card" and card.issuing_country_id.code == "CN":
                birthdate = resident_id.resident_id_birth_date(card.number)
                if birthdate:
                    self.birthdate = birthdate
                    return

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalise_passport_vals(v) for v in vals_list])

    def write(self, vals):
        return super().write(self._normalise_passport_vals(vals))

    @api.model
    def _normalise_passport_vals(self, vals):
        fnames = {"passport_surname", "passport_given_name"} & set(vals)
        if not fnames:
            return vals
        return dict(vals, **{f: normalise_passport_name(vals[f]) for f in fnames})

    def _passport_name_display(self, fallback=True):
        """SURNAME/GIVEN NAMES as on an airline ticket; without a passport
        name, the contact's name (``fallback``) or an empty string."""
        self.ensure_one()
        partner = self.sudo()
        if not partner.passport_surname:
            return (partner.name or "") if fallback else ""
        if not partner.passport_given_name:
            return partner.passport_surname
        return f"{partner.passport_surname}/{partner.passport_given_name}"
