from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    travel_proposal_validity_days = fields.Integer(
        string="Proposal Validity (days)",
        default=14,
        help="A proposal sent without a validity date can be accepted for this "
        "many days.",
    )

    @api.constrains("travel_proposal_validity_days")
    def _check_travel_proposal_validity_days(self):
        if any(company.travel_proposal_validity_days < 1 for company in self):
            raise ValidationError(_("A proposal must stay valid for at least one day."))
