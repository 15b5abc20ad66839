from odoo import api, models


class TravelBlacklistConsentMixin(models.AbstractModel):
    """Record blacklist opt-outs and opt-ins in the travel consent log.

    Mixed into ``mail.blacklist`` and ``phone.blacklist``. ``create``/``write`` are
    the single place every path goes through (``_add``/``_remove``, unsubscribe
    links, the blacklist screens, imports), so hooking them logs each change
    exactly once. An active entry withdraws the channel's consent, an archived
    one gives it back.
    """

    _name = "travel.blacklist.consent.mixin"
    _description = "Travel consent log for blacklists"

    # set by each blacklist: its key field, the partner field holding the same
    # normalized value, and the consent channel it stands for
    _travel_blacklist_key = None
    _travel_partner_key = None
    _travel_consent_channel = None

    @api.model_create_multi
    def create(self, vals_list):
        # The blacklists' own ``create`` runs first (this mixin comes after them
        # in the MRO): it normalizes the keys and re-activates existing entries
        # through ``write``, so only brand-new entries arrive here.
        records = super().create(vals_list)
        records._travel_log_consent()
        return records

    def write(self, vals):
        if "active" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda entry: entry.active != bool(vals["active"]))
        result = super().write(vals)
        changed._travel_log_consent()
        return result

    def _travel_log_consent(self):
        if not self:
            return
        key, partner_key = self._travel_blacklist_key, self._travel_partner_key
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([(partner_key, "in", self.mapped(key))])
        )
        partners_by_key = {}
        for partner in partners:
            partners_by_key.setdefault(partner[partner_key], []).append(partner)
        entries = [
            (partner, self._travel_consent_channel, not entry.active, False)
            for entry in self
            for partner in partners_by_key.get(entry[key], [])
        ]
        self.env["travel.consent.log"]._record(entries)
