from odoo import api, models

from odoo.addons.travel_crm.tools.input_guard import refuse_malformed_values


class TravelLoyaltyTransactionInputGuard(models.Model):
    """Outermost create/write of ``travel.loyalty.transaction``: values of the wrong
    type are refused with a ValidationError (loaded last: it wraps every
    override)."""

    _inherit = "travel.loyalty.transaction"

    @api.model_create_multi
    def create(self, vals_list):
        with refuse_malformed_values(self):
            return super().create(vals_list)

    def write(self, vals):
        with refuse_malformed_values(self):
            return super().write(vals)
