from odoo import _, api, fields, models
from odoo.exceptions import UserError

PRIVACY_KINDS = [
    ("export_json", "Export (JSON)"),
    ("export_pdf", "Export (PDF)"),
    ("anonymize", "Anonymization"),
    ("scan_purge", "Identity Scans Purged"),
]
PRIVACY_CHANNELS = [
    ("backend", "Backend"),
    ("portal", "Portal"),
    ("cron", "Scheduled Action"),
]


class TravelPrivacyLog(models.Model):
    """Audit trail of what was done with a traveller's personal data.

    Append-only: records are created by the privacy methods (``_log``, in
    sudo) and never changed or deleted, by anyone. The log itself holds no
    erased data: the partner link (an anonymized partner shows its new name),
    the partner id kept as a number in case the partner is ever deleted, and
    counts in ``note``.
    """

    _name = "travel.privacy.log"
    _description = "Travel Privacy Log"
    _order = "date desc, id desc"
    _rec_name = "kind"

    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Done By",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Traveller",
        readonly=True,
        index=True,
        ondelete="set null",
        context={"active_test": False},
    )
    partner_ref = fields.Integer(
        string="Traveller ID",
        readonly=True,
        index=True,
        aggregator=False,
        help="Database id of the traveller, kept even if the contact is deleted.",
    )
    kind = fields.Selection(PRIVACY_KINDS, required=True, readonly=True, index=True)
    channel = fields.Selection(
        PRIVACY_CHANNELS, required=True, readonly=True, default="backend"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.company,
    )
    note = fields.Text(readonly=True)

    @api.model
    def _log(self, partners, kind, channel="backend", note=False):
        """Write one log line per partner (sudo: nobody writes this model)."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "partner_ref": partner.id,
                        "kind": kind,
                        "channel": channel,
                        "user_id": self.env.uid,
                        "company_id": (partner.company_id or self.env.company).id,
                        "note": note,
                    }
                    for partner in partners
                ]
            )
        )

    def write(self, vals):
        if self:
            raise UserError(_("The privacy log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_audit_trail(self):
        raise UserError(_("The privacy log cannot be deleted."))
