from odoo import fields, models

from ..travel_booking_invoicing import PURCHASE_TYPES


class TravelBooking(models.Model):
    _inherit = "travel.booking"

    def _create_moves(self, vals_list):
        self._set_supplier_due_dates(vals_list)
        return super()._create_moves(vals_list)

    def _set_supplier_due_dates(self, vals_list):
        """Vendor bills fall due on the earliest day their services' payment
        rules give, today at the earliest (a supplier to pay before the bill
        exists is paid at once). Such a bill gets no payment term: the term
        would set the due date again."""
        bills = [vals for vals in vals_list if vals["move_type"] in PURCHASE_TYPES]
        line_ids = {
            command[2]["travel_booking_line_id"]
            for vals in bills
            for command in vals["invoice_line_ids"]
            if command[0] == fields.Command.CREATE
            and command[2].get("travel_booking_line_id")
        }
        if not line_ids:
            return
        lines = self.env["travel.booking.line"].browse(line_ids)
        due_dates = {
            line.id: due for line, due in lines._travel_supplier_due_dates().items()
        }
        today = fields.Date.context_today(self)
        for vals in bills:
            dates = [
                due_dates[command[2].get("travel_booking_line_id")]
                for command in vals["invoice_line_ids"]
                if command[2].get("travel_booking_line_id") in due_dates
            ]
            if not dates:
                continue
            due = max(min(dates), today)
            vals.update(
                {
                    "travel_supplier_due_date": due,
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                }
            )
