from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Partner merge keeps one ledger and one balance.

    The wizard moves every many2one pointing at the merged partners in SQL
    (so the ledger rows move with their consumptions untouched); the stored
    balance of the kept partner is then recomputed from the moved ledger, and
    the programme fields are not copied from the merged-away partners: the
    kept partner's tier is reviewed on the merged ledger instead.
    """

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        result = super()._update_foreign_keys(src_partners, dst_partner)
        self.env.invalidate_all()
        field = dst_partner._fields["loyalty_points"]
        self.env.add_to_compute(field, dst_partner | src_partners)
        (dst_partner | src_partners).flush_recordset(["loyalty_points"])
        return result

    def _update_values(self, src_partners, dst_partner):
        return super()._update_values(
            src_partners, dst_partner.with_context(loyalty_merge=True)
        )

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        result = super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        kept = self.env["res.partner"].browse(partner_ids).exists()
        kept._loyalty_review_tiers(allow_downgrade=False)
        return result
