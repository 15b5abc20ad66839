from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL, float_is_zero

from .travel_booking import INVOICEABLE_STATES

SALE_TYPES = ("out_invoice", "out_refund")
PURCHASE_TYPES = ("in_invoice", "in_refund")
PAID_STATES = ("paid", "in_payment", "reversed")


class TravelBooking(models.Model):
    """Invoicing side of a booking: customer invoices, deposits, vendor bills."""

    _inherit = "travel.booking"

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="Carried onto the booking's invoice and bill lines, so revenue, cost "
        "and margin per booking show in the analytic reports.",
    )
    invoice_status = fields.Selection(
        [
            ("no", "Nothing to Invoice"),
            ("to_invoice", "To Invoice"),
            ("invoiced", "Fully Invoiced"),
        ],
        compute="_compute_invoice_status",
        store=True,
        index=True,
        tracking=True,
    )
    payment_status = fields.Selection(
        [
            ("not_invoiced", "Not Invoiced"),
            ("not_paid", "Not Paid"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
        ],
        compute="_compute_payment_status",
        store=True,
        index=True,
        tracking=True,
        help="From the payment status of the posted customer invoices: paid once "
        "everything is invoiced and every invoice is paid.",
    )
    invoice_count = fields.Integer(
        compute="_compute_invoice_figures", compute_sudo=True
    )
    bill_count = fields.Integer(compute="_compute_invoice_figures", compute_sudo=True)
    amount_invoiced = fields.Monetary(
        compute="_compute_invoice_figures",
        compute_sudo=True,
        help="Total of the posted customer invoices minus credit notes.",
    )
    amount_due = fields.Monetary(
        compute="_compute_invoice_figures",
        compute_sudo=True,
        help="What the customer still owes on the posted invoices.",
    )
    deposit_amount = fields.Monetary(
        string="Outstanding Deposit",
        compute="_compute_invoice_figures",
        compute_sudo=True,
        help="Deposit invoiced and not yet deducted from a later invoice.",
    )

    @api.depends("state", "line_ids.qty_to_invoice", "line_ids.qty_invoiced")
    def _compute_invoice_status(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for booking in self:
            lines = booking.line_ids
            if booking.state not in INVOICEABLE_STATES:
                booking.invoice_status = "no"
            elif any(line._has_qty_to_invoice() for line in lines):
                booking.invoice_status = "to_invoice"
            elif lines and any(
                not float_is_zero(q, precision_digits=digits)
                for q in lines.mapped("qty_invoiced")
            ):
                booking.invoice_status = "invoiced"
            else:
                booking.invoice_status = "no"

    @api.depends(
        "invoice_status",
        "invoice_ids.state",
        "invoice_ids.move_type",
        "invoice_ids.payment_state",
    )
    def _compute_payment_status(self):
        for booking in self:
            invoices = booking.invoice_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            )
            states = set(invoices.mapped("payment_state"))
            if not invoices:
                booking.payment_status = "not_invoiced"
            elif states <= set(PAID_STATES):
                booking.payment_status = (
                    "paid" if booking.invoice_status != "to_invoice" else "partial"
                )
            elif states & {"partial", "paid", "in_payment"}:
                booking.payment_status = "partial"
            else:
                booking.payment_status = "not_paid"

    @api.depends("invoice_ids.state", "invoice_ids.amount_residual")
    def _compute_invoice_figures(self):
        deposits = self._get_outstanding_deposits()
        for booking in self:
            moves = booking.invoice_ids
            sales = moves.filtered(lambda m: m.move_type in SALE_TYPES)
            posted = sales.filtered(lambda m: m.state == "posted")
            booking.invoice_count = len(sales)
            booking.bill_count = len(
                moves.filtered(lambda m: m.move_type in PURCHASE_TYPES)
            )
            booking.amount_invoiced = sum(
                m.amount_total * (-1 if m.move_type == "out_refund" else 1)
                for m in posted
            )
            booking.amount_due = sum(
                m.amount_residual * (-1 if m.move_type == "out_refund" else 1)
                for m in posted
            )
            booking.deposit_amount = sum(
                amount
                for (deposit_booking, _taxes, _account), amount in deposits.items()
                if deposit_booking == booking
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        """Bookings with invoices or bills (any state) or loyalty points keep
        the documents and the ledger they explain: archive them instead."""
        Ledger = self.env["travel.loyalty.transaction"].sudo()
        with_points = {
            booking.id
            for [booking] in Ledger._read_group(
                [("booking_id", "in", self.ids)], ["booking_id"]
            )
        }
        kept = self.filtered(lambda b: b.sudo().invoice_ids or b.id in with_points)
        if kept:
            raise UserError(
                _(
                    "%(bookings)s have invoices, bills or loyalty points: archive "
                    "or cancel the booking instead of deleting it.",
                    bookings=", ".join(kept.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_invoice(self):
        """Invoice what is not invoiced yet, deducting outstanding deposits."""
        # rights first: a user who may not invoice learns nothing of the state
        self.env["account.move"].check_access("create")
        self.check_access("read")
        self._check_invoiceable()
        deposits = self._get_outstanding_deposits()
        vals_list = []
        for booking in self:
            lines = booking.line_ids.filtered(lambda line: line._has_qty_to_invoice())
            if not lines:
                continue
            vals = booking._prepare_invoice("out_invoice", booking.partner_id)
            fiscal_position = booking._get_fiscal_position(booking.partner_id)
            vals["invoice_line_ids"] = [
                Command.create(line._prepare_invoice_line(fiscal_position))
                for line in lines
            ]
            vals["invoice_line_ids"] += [
                Command.create(
                    booking._prepare_deposit_deduction_line(taxes, account, amount)
                )
                for (deposit_booking, taxes, account), amount in deposits.items()
                if deposit_booking == booking
            ]
            vals["invoice_line_ids"] += [
                Command.create(extra) for extra in booking._invoice_extra_line_vals()
            ]
            vals_list.append(vals)
        if not vals_list:
            raise UserError(
                _(
                    "Nothing left to invoice on %(bookings)s.",
                    bookings=", ".join(self.mapped("name")),
                )
            )
        return self._create_moves(vals_list)

    def _invoice_extra_line_vals(self):
        """Further customer invoice lines of the booking (hook for features)."""
        self.ensure_one()
        return []

    def action_create_deposit_invoice(self):
        """Bill the company's deposit percentage of what is still to invoice."""
        # rights first: a user who may not invoice learns nothing of the state
        self.env["account.move"].check_access("create")
        self.check_access("read")
        self._check_invoiceable()
        deposits = self._get_outstanding_deposits()
        pending = self.filtered(
            lambda b: (
                any(key[0] == b for key in deposits)
                or not b.line_ids.filtered(lambda line: line._has_qty_to_invoice())
            )
        )
        if pending:
            raise UserError(
                _(
                    "%(bookings)s already have a deposit waiting to be deducted or "
                    "nothing left to invoice.",
                    bookings=", ".join(pending.mapped("name")),
                )
            )
        vals_list = []
        for booking in self:
            percent = booking.company_id.travel_deposit_percent
            # formatted outside _(): the translation extractor reads no f-string
            percent_label = f"{percent:g}"
            fiscal_position = booking._get_fiscal_position(booking.partner_id)
            bases = defaultdict(float)
            for line in booking.line_ids.filtered(lambda li: li._has_qty_to_invoice()):
                taxes = fiscal_position.map_tax(line.tax_ids)
                bases[taxes] += line.price_unit * line.qty_to_invoice
            vals = booking._prepare_invoice("out_invoice", booking.partner_id)
            vals["invoice_line_ids"] = [
                Command.create(
                    {
                        "name": self.env._(
                            "Deposit of %(percent)s%% on booking %(booking)s",
                            percent=percent_label,
                            booking=booking.name,
                        ),
                        "quantity": 1.0,
                        "price_unit": booking.currency_id.round(base * percent / 100),
                        "tax_ids": [Command.set(taxes.ids)],
                        "travel_deposit_booking_id": booking.id,
                    }
                )
                for taxes, base in bases.items()
            ]
            vals_list.append(vals)
        return self._create_moves(vals_list)

    def action_create_vendor_bills(self):
        """One draft vendor bill per booking and supplier for the unbilled cost."""
        # rights first: a user who may not invoice learns nothing of the state
        self.env["account.move"].check_access("create")
        self.check_access("read")
        self._check_invoiceable()
        vals_list = []
        for booking in self:
            by_supplier = defaultdict(lambda: self.env["travel.booking.line"])
            for line in booking.line_ids:
                if line._has_qty_to_bill():
                    by_supplier[line.supplier_id] |= line
            for supplier, lines in by_supplier.items():
                fiscal_position = booking._get_fiscal_position(supplier)
                vals = booking._prepare_invoice("in_invoice", supplier)
                # the supplier's confirmation numbers: what the bill will quote
                references = lines.filtered("supplier_reference").mapped(
                    "supplier_reference"
                )
                if references:
                    vals["ref"] = ", ".join(dict.fromkeys(references))
                vals["invoice_line_ids"] = [
                    Command.create(line._prepare_bill_line(fiscal_position))
                    for line in lines
                ]
                vals_list.append(vals)
        if not vals_list:
            raise UserError(
                _(
                    "No supplier cost left to bill on %(bookings)s: bills are made "
                    "for services with a supplier.",
                    bookings=", ".join(self.mapped("name")),
                )
            )
        return self._create_moves(vals_list)

    def action_view_invoices(self):
        self.ensure_one()
        moves = self.invoice_ids.filtered(lambda m: m.move_type in SALE_TYPES)
        return self._action_view_moves(
            moves, "account.action_move_out_invoice_type", "out_invoice"
        )

    def action_view_bills(self):
        self.ensure_one()
        moves = self.invoice_ids.filtered(lambda m: m.move_type in PURCHASE_TYPES)
        return self._action_view_moves(
            moves, "account.action_move_in_invoice_type", "in_invoice"
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _check_invoiceable(self):
        self._lock_for_invoicing()
        wrong = self.filtered(lambda b: b.state not in INVOICEABLE_STATES)
        if wrong:
            raise UserError(
                _(
                    "Only confirmed bookings can be invoiced or billed: %(bookings)s.",
                    bookings=", ".join(wrong.mapped("name")),
                )
            )

    def _get_fiscal_position(self, partner):
        self.ensure_one()
        return (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._get_fiscal_position(partner)
        )

    def _prepare_invoice(self, move_type, partner):
        """Header values of an invoice or bill made from the booking."""
        self.ensure_one()
        if move_type in SALE_TYPES:
            partner = partner.browse(partner.address_get(["invoice"])["invoice"])
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "fiscal_position_id": self._get_fiscal_position(partner).id,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "travel_booking_ids": [Command.link(self.id)],
            "invoice_line_ids": [],
        }

    def _get_analytic_distribution(self):
        self.ensure_one()
        if not self.analytic_account_id:
            return False
        return {str(self.analytic_account_id.id): 100.0}

    def _get_outstanding_deposits(self):
        """Deposits not deducted yet: {(booking, taxes, account): amount}."""
        if not self.ids:
            return {}
        deposit_lines = self.env["account.move.line"].search(
            [
                ("travel_deposit_booking_id", "in", self.ids),
                ("parent_state", "!=", "cancel"),
                ("display_type", "=", "product"),
            ]
        )
        amounts = defaultdict(float)
        for line in deposit_lines:
            sign = -1 if line.move_id.move_type == "out_refund" else 1
            key = (line.travel_deposit_booking_id, line.tax_ids, line.account_id)
            amounts[key] += sign * line.quantity * line.price_unit
        return {
            key: amount
            for key, amount in amounts.items()
            if not key[0].currency_id.is_zero(amount)
        }

    def _prepare_deposit_deduction_line(self, taxes, account, amount):
        self.ensure_one()
        return {
            "name": _(
                "Deduction of the deposit on booking %(booking)s", booking=self.name
            ),
            "quantity": -1.0,
            "price_unit": amount,
            "tax_ids": [Command.set(taxes.ids)],
            "account_id": account.id,
            "travel_deposit_booking_id": self.id,
        }

    def _lock_for_invoicing(self):
        """Serialise invoicing and billing of these bookings.

        Rewrites the bookings' rows (values unchanged) before anything is read
        for the invoice: a concurrent transaction doing the same waits for the
        row lock and, once this one commits, fails with a serialisation error
        (Odoo retries the request, which then sees the new invoice and finds
        nothing left to do). Row order by id avoids deadlocks between
        multi-booking calls. Deposits need it: they change no stored figure
        that would otherwise make two invoicings collide.
        """
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE travel_booking SET write_date = write_date
                 WHERE id IN (SELECT id FROM travel_booking WHERE id = ANY(%s)
                               ORDER BY id FOR NO KEY UPDATE)
                """,
                list(self.ids),
            )
        )

    def _create_moves(self, vals_list):
        for vals in vals_list:
            # travel_booking_ids holds the Command.link of the source booking
            booking = self.browse(vals["travel_booking_ids"][0][1])
            distribution = booking._get_analytic_distribution()
            if distribution:
                for command in vals["invoice_line_ids"]:
                    command[2].setdefault("analytic_distribution", distribution)
        moves = self.env["account.move"].create(vals_list)
        for move in moves:
            move.message_post_with_source(
                "mail.message_origin_link",
                render_values={"self": move, "origin": move.travel_booking_ids},
                subtype_xmlid="mail.mt_note",
            )
        if moves.filtered(lambda m: m.move_type in PURCHASE_TYPES):
            xmlid, move_type = "account.action_move_in_invoice_type", "in_invoice"
        else:
            xmlid, move_type = "account.action_move_out_invoice_type", "out_invoice"
        return self._action_view_moves(moves, xmlid, move_type)

    def _action_view_moves(self, moves, xmlid, move_type):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if len(moves) == 1:
            action["views"] = [(self.env.ref("account.view_move_form").id, "form")]
            action["res_id"] = moves.id
        else:
            action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"default_move_type": move_type, "create": False}
        return action
