from odoo import fields, models


class TravelBooking(models.Model):
    _inherit = "travel.booking"

    opportunity_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        tracking=True,
        ondelete="set null",
        check_company=True,
        domain="[('type', '=', 'opportunity')]",
    )

    def action_confirm(self):
        result = super().action_confirm()
        self._win_opportunities()
        return result

    def _win_opportunities(self):
        """A confirmed booking is a won deal: mark its open opportunity won."""
        leads = self.opportunity_id.filtered(
            lambda lead: lead.active and not lead.stage_id.is_won
        )
        if leads:
            leads.action_set_won()
