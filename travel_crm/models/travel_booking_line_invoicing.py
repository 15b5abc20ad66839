from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import float_compare

from .travel_booking import INVOICEABLE_STATES

REFUND_TYPES = ("out_refund", "in_refund")


class TravelBookingLine(models.Model):
    """Invoicing side of a booked service: what is invoiced to the customer and
    billed by the supplier, and the invoice and bill lines made from it."""

    _inherit = "travel.booking.line"

    account_move_line_ids = fields.One2many(
        "account.move.line",
        "travel_booking_line_id",
        string="Journal Items",
        copy=False,
    )
    qty_invoiced = fields.Float(
        string="Invoiced Quantity",
        compute="_compute_qty_invoiced",
        store=True,
        digits="Product Unit of Measure",
    )
    qty_to_invoice = fields.Float(
        compute="_compute_qty_invoiced",
        store=True,
        digits="Product Unit of Measure",
    )
    qty_billed = fields.Float(
        string="Billed Quantity",
        compute="_compute_qty_invoiced",
        store=True,
        digits="Product Unit of Measure",
    )
    qty_to_bill = fields.Float(
        compute="_compute_qty_invoiced",
        store=True,
        digits="Product Unit of Measure",
    )

    @api.depends(
        "quantity",
        "supplier_id",
        "booking_id.state",
        "account_move_line_ids.quantity",
        "account_move_line_ids.parent_state",
        "account_move_line_ids.move_id.move_type",
    )
    def _compute_qty_invoiced(self):
        """Quantities on the customer invoices and the vendor bills (credit
        notes and refunds count back); what is left is invoiced or billed once
        the booking is confirmed, and billed only for a service with a
        supplier."""
        for line in self:
            invoiced = billed = 0.0
            for aml in line.account_move_line_ids:
                move = aml.move_id
                if aml.parent_state == "cancel":
                    continue
                sign = -1 if move.move_type in REFUND_TYPES else 1
                if move.is_sale_document():
                    invoiced += sign * aml.quantity
                elif move.is_purchase_document():
                    billed += sign * aml.quantity
            line.qty_invoiced = invoiced
            line.qty_billed = billed
            billable = line.booking_id.state in INVOICEABLE_STATES
            line.qty_to_invoice = line.quantity - invoiced if billable else 0.0
            line.qty_to_bill = (
                line.quantity - billed if billable and line.supplier_id else 0.0
            )

    def _is_positive_qty(self, quantity):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        return float_compare(quantity, 0.0, precision_digits=digits) > 0

    def _has_qty_to_invoice(self):
        self.ensure_one()
        return self._is_positive_qty(self.qty_to_invoice)

    def _has_qty_to_bill(self):
        """Something left to bill (never on a service without a supplier:
        ``qty_to_bill`` is 0 there), and the supplier has not declined it."""
        self.ensure_one()
        return self.supplier_state != "declined" and self._is_positive_qty(
            self.qty_to_bill
        )

    def _get_invoice_line_name(self):
        self.ensure_one()
        service = dict(self._fields["service_type"]._description_selection(self.env))
        name = f"{service[self.service_type]}: {self.name}"
        if self.date_start and self.date_end and self.date_end != self.date_start:
            name += f" ({self.date_start} - {self.date_end})"
        elif self.date_start:
            name += f" ({self.date_start})"
        return name

    def _prepare_invoice_line(self, fiscal_position):
        """Customer invoice line for what is left to invoice of the service.

        Without a product, account.move.line takes the journal's default income
        account (or the one most used for the partner), mapped by the invoice's
        fiscal position.
        """
        self.ensure_one()
        return {
            "display_type": "product",
            "sequence": self.sequence,
            "name": self._get_invoice_line_name(),
            "quantity": self.qty_to_invoice,
            "price_unit": self.price_unit,
            "tax_ids": [Command.set(fiscal_position.map_tax(self.tax_ids).ids)],
            "travel_booking_line_id": self.id,
        }

    def _prepare_bill_line(self, fiscal_position):
        """Vendor bill line for the cost of the service not billed yet."""
        self.ensure_one()
        return {
            "display_type": "product",
            "sequence": self.sequence,
            "name": f"{self.booking_id.name} - {self._get_invoice_line_name()}",
            "quantity": self.qty_to_bill,
            "price_unit": self.cost_unit,
            "tax_ids": [
                Command.set(fiscal_position.map_tax(self.supplier_tax_ids).ids)
            ],
            "travel_booking_line_id": self.id,
        }
