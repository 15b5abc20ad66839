from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.passport_name import normalise_passport_name


class ResPartner(models.Model):
    """Duplicate guard of the traveller profile: another active traveller with
    the same email, phone number or passport number, or the same passport name
    and birth date, is shown on the form, with Odoo's merge wizard one click
    away."""

    _inherit = "res.partner"

    duplicate_partner_id = fields.Many2one(
        "res.partner",
        string="Possible Duplicate",
        compute="_compute_duplicate_partner_id",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
    )
    duplicate_reason = fields.Selection(
        [
            ("passport", "same passport number"),
            ("email", "same email"),
            ("phone", "same phone number"),
            ("passport_name", "same passport name and birth date"),
        ],
        compute="_compute_duplicate_partner_id",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
    )

    @api.depends(
        "is_traveller",
        "active",
        "email_normalized",
        "phone_sanitized",
        "travel_document_ids.number",
        "travel_document_ids.document_type",
        "travel_document_ids.active",
        "passport_surname",
        "passport_given_name",
        "birthdate",
    )
    def _compute_duplicate_partner_id(self):
        """Flag another active traveller sharing an email, phone or passport.

        One query for the whole recordset; works on unsaved records too (the
        form's values are matched), so the warning shows while typing.
        """
        wanted = {}  # partner -> [(reason, key)]
        for partner in self:
            keys = []
            if partner.is_traveller:
                passports = partner.travel_document_ids.filtered(
                    lambda doc: doc.active and doc.document_type == "passport"
                )
                keys += [
                    ("passport", self.env["travel.document"]._normalize_number(number))
                    for number in passports.mapped("number")
                    if number
                ]
                if partner.email_normalized:
                    keys.append(("email", partner.email_normalized))
                if partner.phone_sanitized:
                    keys.append(("phone", partner.phone_sanitized))
                if partner.passport_surname and partner.birthdate:
                    keys.append(("passport_name", partner._passport_name_key()))
            wanted[partner] = keys
        matches = self._duplicate_candidates(
            {key for keys in wanted.values() for key in keys}
        )
        for partner, keys in wanted.items():
            own_id = partner._origin.id
            found = [
                (match_id, reason)
                for reason, key in keys
                for match_id in matches.get((reason, key), ())
                if match_id != own_id
            ]
            match_id, reason = min(found) if found else (False, False)
            partner.duplicate_partner_id = match_id
            partner.duplicate_reason = reason

    def _passport_name_key(self):
        """SURNAME/GIVEN NAMES|YYYY-MM-DD, as _duplicate_candidates' query
        builds it."""
        self.ensure_one()
        surname = normalise_passport_name(self.passport_surname)
        given = normalise_passport_name(self.passport_given_name) or ""
        return f"{surname}/{given}|{self.birthdate}"

    @api.model
    def _duplicate_candidates(self, keys):
        """{(reason, key): [partner ids]} for active travellers matching ``keys``."""
        if not keys:
            return {}
        values = {
            reason: [] for reason in ("email", "phone", "passport", "passport_name")
        }
        for reason, key in keys:
            values[reason].append(key)
        self.flush_model(
            [
                "email_normalized",
                "phone_sanitized",
                "is_traveller",
                "passport_surname",
                "passport_given_name",
                "birthdate",
            ]
        )
        self.env["travel.document"].flush_model(
            ["partner_id", "number", "document_type", "active"]
        )
        result = {}
        for partner_id, reason, key in self.env.execute_query(
            self._duplicate_query(values)
        ):
            result.setdefault((reason, key), []).append(partner_id)
        return result

    @api.model
    def _duplicate_query(self, values):
        """The one query of ``_duplicate_candidates``: ``values`` are the keys
        to match, by reason."""
        return SQL(
            """
            SELECT p.id, 'email', p.email_normalized
              FROM res_partner p
             WHERE p.email_normalized = ANY(%(emails)s)
               AND p.active AND p.is_traveller
               AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
            UNION ALL
            SELECT p.id, 'phone', p.phone_sanitized
              FROM res_partner p
             WHERE p.phone_sanitized = ANY(%(phones)s)
               AND p.active AND p.is_traveller
               AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
            UNION ALL
            SELECT p.id, 'passport', d.number
              FROM travel_document d
              JOIN res_partner p ON p.id = d.partner_id
             WHERE d.number = ANY(%(passports)s)
               AND d.document_type = 'passport' AND d.active
               AND p.active AND p.is_traveller
               AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
            UNION ALL
            SELECT p.id, 'passport_name', key.value
              FROM res_partner p,
                   LATERAL (SELECT p.passport_surname || '/'
                                   || COALESCE(p.passport_given_name, '') || '|'
                                   || to_char(p.birthdate, 'YYYY-MM-DD') AS value
                           ) key
             WHERE p.passport_surname = ANY(%(passport_surnames)s)
               AND key.value = ANY(%(passport_names)s)
               AND p.active AND p.is_traveller
               AND (p.company_id IS NULL OR p.company_id = ANY(%(companies)s))
            ORDER BY 1
            """,
            emails=values["email"],
            phones=values["phone"],
            passports=values["passport"],
            passport_names=values["passport_name"],
            passport_surnames=[k.split("/")[0] for k in values["passport_name"]],
            companies=self.env.companies.ids,
        )

    def action_open_duplicate(self):
        self.ensure_one()
        if not self.duplicate_partner_id:
            raise UserError(_("No possible duplicate was found for %s.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.duplicate_partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_merge_duplicate(self):
        """Odoo's standard merge wizard, preset with this contact and its match.

        The wizard keeps the oldest contact as destination by default (the
        match when both were created together).
        """
        self.ensure_one()
        if not self.duplicate_partner_id:
            raise UserError(_("No possible duplicate was found for %s.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge Contacts"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": [self.id, self.duplicate_partner_id.id],
            },
        }
