from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .mailing_list import MANAGER

CRITERIA = {
    "value_segment": "travel_value_segment",
    "lifecycle_stage": "travel_lifecycle_stage",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _cron_travel_segmentation(self, batch_size=None, max_batches=None):
        """Once a segmentation run has scored everybody (no candidate left for
        another call), sync the lists that follow a segment or stage (their own
        cron runs soon after)."""
        remaining = super()._cron_travel_segmentation(
            batch_size=batch_size, max_batches=max_batches
        )
        if not remaining:
            self.env.ref(
                "travel_crm_mass_mailing.ir_cron_travel_mailing_list_sync"
            ).sudo()._trigger()
        return remaining

    def action_travel_segment_mailing_list(self):
        """One click from the travellers list: the mailing list of each value
        segment among the selected travellers, created when missing, synced."""
        return self._travel_mailing_lists_by("value_segment")

    def action_travel_stage_mailing_list(self):
        """Same as the segment action, for lifecycle stages."""
        return self._travel_mailing_lists_by("lifecycle_stage")

    def _travel_mailing_lists_by(self, field_name):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only travel managers can sync travel mailing lists.")
            )
        company = self.env.company
        values = sorted(
            {
                partner[field_name]
                for partner in self
                if partner.value_company_id == company and partner[field_name]
            }
        )
        if not values:
            raise UserError(
                self.env._(
                    "None of the selected contacts has been scored by %(company)s "
                    "yet: run the customer value update first.",
                    company=company.name,
                )
            )
        lists = self.env["mailing.list"]
        for value in values:
            lists |= self._travel_mailing_list_for(field_name, value, company)
        lists.action_travel_sync()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mass_mailing.action_view_mass_mailing_lists"
        )
        if len(lists) == 1:
            action.update(
                {"res_id": lists.id, "views": [(False, "form")], "view_mode": "form"}
            )
        else:
            action["domain"] = [("id", "in", lists.ids)]
        return action

    def _travel_mailing_list_for(self, field_name, value, company):
        """The list following exactly this segment (or stage) for the company;
        created, named after it, when there is none yet."""
        list_field = CRITERIA[field_name]
        other_field = next(name for name in CRITERIA.values() if name != list_field)
        MailingList = self.env["mailing.list"]
        existing = MailingList.search(
            [
                (list_field, "=", value),
                (other_field, "=", False),
                ("travel_company_id", "=", company.id),
            ],
            order="id",
            limit=1,
        )
        if existing:
            return existing
        label = dict(self._fields[field_name]._description_selection(self.env))[value]
        return MailingList.create(
            {
                "name": self.env._("Travellers: %(label)s", label=label),
                list_field: value,
                "travel_company_id": company.id,
            }
        )
