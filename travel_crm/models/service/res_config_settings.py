from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    travel_sla_calendar_id = fields.Many2one(
        related="company_id.travel_sla_calendar_id", readonly=False
    )
