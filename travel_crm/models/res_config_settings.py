from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    travel_deposit_percent = fields.Float(
        related="company_id.travel_deposit_percent", readonly=False
    )
    travel_passport_check = fields.Selection(
        related="company_id.travel_passport_check", readonly=False
    )
