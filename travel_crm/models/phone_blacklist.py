from odoo import api, models


class PhoneBlacklist(models.Model):
    """Record SMS/phone opt-outs and opt-ins in the travel consent log.

    Hooked on ``create``/``write`` like ``mail.blacklist``: every path
    (``_add``/``_remove``, the blacklist screens, imports) goes through them.
    """

    _inherit = "phone.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        existing = self.with_context(active_test=False).search(
            [("number", "in", [vals.get("number") for vals in vals_list])]
        )
        records = super().create(vals_list)
        # existing archived numbers are re-activated through write()
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
        """An active entry withdraws the SMS consent, an archived one gives it."""
        if not self:
            return
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("phone_sanitized", "in", self.mapped("number"))])
        )
        entries = []
        for entry in self:
            for partner in partners.filtered(
                lambda p, number=entry.number: p.phone_sanitized == number
            ):
                entries.append((partner, "sms", not entry.active, False))
        self.env["travel.consent.log"]._record(entries)
