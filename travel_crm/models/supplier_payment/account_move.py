from odoo import api, fields, models

# worst first: a bill for several bookings shows the least paid one
PAYMENT_STATUS_ORDER = ("not_invoiced", "not_paid", "partial", "paid")


class AccountMove(models.Model):
    _inherit = "account.move"

    travel_supplier_due_date = fields.Date(
        string="Due by Supplier Rule",
        copy=False,
        readonly=True,
        help="Due date the supplier payment rules gave the bill when it was "
        "made from its booking. Such a bill has no payment term, which would "
        "compute another due date.",
    )
    travel_customer_payment_status = fields.Selection(
        selection=lambda self: (
            self.env["travel.booking"]
            ._fields["payment_status"]
            ._description_selection(self.env)
        ),
        string="Customer Payment",
        compute="_compute_travel_customer_payment_status",
        store=True,
        index="btree_not_null",
        help="What the customer has paid for the trip(s) of this entry (the "
        "least paid booking when there are several): do not pay a supplier for "
        "a trip the customer has not paid.",
    )

    @api.depends("travel_booking_ids.payment_status")
    def _compute_travel_customer_payment_status(self):
        for move in self:
            statuses = move.travel_booking_ids.mapped("payment_status")
            move.travel_customer_payment_status = min(
                statuses, key=PAYMENT_STATUS_ORDER.index, default=False
            )

    @api.depends("travel_supplier_due_date")
    def _compute_invoice_payment_term_id(self):
        """A bill due by the supplier payment rules keeps no payment term, even
        when its supplier is changed to one with a default term."""
        res = super()._compute_invoice_payment_term_id()
        for move in self:
            if move.travel_supplier_due_date:
                move.invoice_payment_term_id = False
        return res
