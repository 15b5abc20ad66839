from odoo import models


class MailBlacklist(models.Model):
    """Email opt-outs and opt-ins are logged as the ``email`` consent."""

    _name = "mail.blacklist"
    _inherit = ["mail.blacklist", "travel.blacklist.consent.mixin"]

    _travel_blacklist_key = "email"
    _travel_partner_key = "email_normalized"
    _travel_consent_channel = "email"
