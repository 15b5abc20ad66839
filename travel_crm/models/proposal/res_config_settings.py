from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    travel_proposal_validity_days = fields.Integer(
        related="company_id.travel_proposal_validity_days", readonly=False
    )
