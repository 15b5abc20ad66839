from odoo import api, models
from odoo.tools import email_normalize


class MailBlacklist(models.Model):
    """Record email opt-outs and opt-ins in the travel consent log.

    ``create``/``write`` are the single place every path goes through
    (``_add``/``_remove``, unsubscribe links, the blacklist screens, imports),
    so hooking them logs each change exactly once.
    """

    _inherit = "mail.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        existing = self.with_context(active_test=False).search(
            [
                (
                    "email",
                    "in",
                    [email_normalize(vals.get("email")) for vals in vals_list],
                )
            ]
        )
        records = super().create(vals_list)
        (records - existing)._travel_log_consent()
        return records

    def write(self, vals):
        if "active" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda entry: entry.active != bool(vals["active"]))
        result = super().write(vals)
        changed._travel_log_consent()
        return result

    def _travel_log_consent(self):
        """An active entry withdraws the email consent, an archived one gives it."""
        if not self:
            return
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("email_normalized", "in", self.mapped("email"))])
        )
        entries = []
        for entry in self:
            for partner in partners.filtered(
                lambda p, email=entry.email: p.email_normalized == email
            ):
                entries.append((partner, "email", not entry.active, False))
        self.env["travel.consent.log"]._record(entries)
