from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda m: m.move_type == "out_refund")
        if refunds:
            moves = refunds | refunds.reversed_entry_id
            bookings = (
                self.env["travel.booking"]
                .sudo()
                .search([("invoice_ids", "in", moves.ids), ("state", "=", "done")])
            )
            bookings._loyalty_reverse_for_refunds()
        return posted
