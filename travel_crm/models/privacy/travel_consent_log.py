from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

CONSENT_TYPES = [
    ("marketing", "Marketing Messages"),
    ("email", "Mass Emails"),
    ("sms", "SMS / Phone Marketing"),
]
CONSENT_ACTIONS = [
    ("given", "Given"),
    ("withdrawn", "Withdrawn"),
]
CONSENT_CHANNELS = [
    ("backend", "Backend User"),
    ("portal", "Portal"),
    ("email", "Email (reply or unsubscribe link)"),
    ("import", "Data Import"),
    ("system", "System (automatic)"),
]


class TravelConsentLog(models.Model):
    """Who gave or withdrew which consent, when and through which channel.

    Lines are written by code only (marketing consent changes on the partner,
    email and phone blacklist entries) and are append-only for everybody,
    managers and administrators included: a consent record that can be edited
    proves nothing. They go away only with the contact itself.
    """

    _name = "travel.consent.log"
    _description = "Travel Consent Log"
    _order = "date desc, id desc"
    _rec_name = "consent_type"

    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        context={"active_test": False},
    )
    consent_type = fields.Selection(
        CONSENT_TYPES, string="Consent", required=True, readonly=True
    )
    action = fields.Selection(CONSENT_ACTIONS, required=True, readonly=True)
    channel = fields.Selection(CONSENT_CHANNELS, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    source = fields.Char(
        readonly=True, help="Where the consent came from, as told by the user."
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True, readonly=True
    )

    @api.model
    def _current_channel(self):
        """Channel of the current request: explicit context, import or user."""
        channel = self.env.context.get("travel_consent_channel")
        if channel:
            return channel
        if self.env.context.get("import_file"):
            return "import"
        user = self.env.user
        if user._is_public():
            # public requests that change consent are unsubscribe links
            return "email"
        if user.share:
            return "portal"
        if self.env.uid == SUPERUSER_ID:
            return "system"
        return "backend"

    @api.model
    def _record(self, entries):
        """Append consent lines; ``entries`` is a list of
        ``(partner, consent_type, given, source)`` tuples."""
        if not entries:
            return self.browse()
        channel = self._current_channel()
        return self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "consent_type": consent_type,
                    "action": "given" if given else "withdrawn",
                    "channel": channel,
                    "user_id": self.env.uid,
                    "source": source or False,
                }
                for partner, consent_type, given, source in entries
            ]
        )

    def write(self, vals):
        if self:
            raise UserError(_("The consent log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_audit_trail(self):
        raise UserError(_("The consent log cannot be deleted."))
