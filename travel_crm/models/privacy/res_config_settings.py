from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    travel_privacy_auto_anonymize = fields.Boolean(
        related="company_id.travel_privacy_auto_anonymize", readonly=False
    )
    travel_privacy_inactivity_years = fields.Integer(
        related="company_id.travel_privacy_inactivity_years", readonly=False
    )
    travel_privacy_scan_purge = fields.Boolean(
        related="company_id.travel_privacy_scan_purge", readonly=False
    )
    travel_privacy_scan_days = fields.Integer(
        related="company_id.travel_privacy_scan_days", readonly=False
    )
