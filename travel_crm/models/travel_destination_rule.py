from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.passport_check import DEFAULT_VALIDITY_MONTHS


class TravelDestinationRule(models.Model):
    """Entry requirements of a destination country, kept by travel managers."""

    _name = "travel.destination.rule"
    _description = "Destination Entry Rule"
    _order = "country_id, company_id"
    _rec_name = "country_id"

    country_id = fields.Many2one(
        "res.country", required=True, index=True, ondelete="cascade"
    )
    passport_validity_months = fields.Integer(
        string="Passport Validity (months)",
        default=DEFAULT_VALIDITY_MONTHS,
        required=True,
        help="Months the passport must still be valid after the return date.",
    )
    visa_required = fields.Boolean(
        help="Travellers need a visa issued by this country, valid until return."
    )
    note = fields.Text(help="Other requirements to tell travellers about.")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        ondelete="cascade",
        help="Leave empty to apply the rule in every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "country_company_uniq",
            "unique (country_id, company_id)",
            "There is already a rule for this country in this company.",
        ),
    ]

    @api.constrains("country_id", "company_id", "active")
    def _check_one_shared_rule_per_country(self):
        # unique() lets NULL companies repeat: one shared rule per country
        shared = self.filtered(lambda r: not r.company_id)
        if not shared:
            return
        counts = self.with_context(active_test=False)._read_group(
            [("country_id", "in", shared.country_id.ids), ("company_id", "=", False)],
            ["country_id"],
            ["__count"],
        )
        doubles = [country.name for country, count in counts if count > 1]
        if doubles:
            raise ValidationError(
                _(
                    "There is already a rule for all companies for %(countries)s.",
                    countries=", ".join(doubles),
                )
            )

    @api.constrains("passport_validity_months")
    def _check_passport_validity_months(self):
        for rule in self:
            if not 0 <= rule.passport_validity_months <= 120:
                raise ValidationError(
                    _(
                        "The passport validity for %(country)s must be between 0 "
                        "and 120 months.",
                        country=rule.country_id.name,
                    )
                )
