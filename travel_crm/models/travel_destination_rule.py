from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.passport_check import DEFAULT_VALIDITY_MONTHS


class TravelDestinationRule(models.Model):
    """Entry requirements of a destination country, kept by travel managers.

    By nationality, with one rule per destination, company and nationality:
    ``models/entry/travel_destination_rule.py``.
    """

    _name = "travel.destination.rule"
    _description = "Destination Entry Rule"
    _order = "country_id, company_id"
    _rec_name = "country_id"

    country_id = fields.Many2one(
        "res.country", required=True, index=True, ondelete="cascade"
    )
    passport_validity_months = fields.Integer(
        string="Document Validity (months)",
        default=DEFAULT_VALIDITY_MONTHS,
        required=True,
        help="Months the travel document must still be valid after the return date.",
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

    @api.constrains("passport_validity_months")
    def _check_passport_validity_months(self):
        for rule in self:
            if not 0 <= rule.passport_validity_months <= 120:
                raise ValidationError(
                    _(
                        "The document validity for %(country)s must be between 0 "
                        "and 120 months.",
                        country=rule.country_id.name,
                    )
                )
