from odoo import models


class PhoneBlacklist(models.Model):
    """SMS/phone opt-outs and opt-ins are logged as the ``sms`` consent."""

    _name = "phone.blacklist"
    _inherit = ["phone.blacklist", "travel.blacklist.consent.mixin"]

    _travel_blacklist_key = "number"
    _travel_partner_key = "phone_sanitized"
    _travel_consent_channel = "sms"
