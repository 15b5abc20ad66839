"""What a complaint gives back: a draft credit note against the booking's
invoice, or loyalty points, issued once when the complaint is resolved."""

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class TravelComplaint(models.Model):
    _inherit = "travel.complaint"

    compensation_type = fields.Selection(
        [
            ("none", "None"),
            ("refund", "Refund"),
            ("voucher", "Voucher"),
            ("loyalty_points", "Loyalty Points"),
            ("upgrade", "Upgrade"),
        ],
        default="none",
        required=True,
        tracking=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        # compensation amounts mean nothing without their currency
        ondelete="restrict",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
    )
    compensation_amount = fields.Monetary(tracking=True, copy=False)
    compensation_points = fields.Integer(tracking=True, copy=False)
    compensation_done = fields.Boolean(
        copy=False,
        readonly=True,
        help="The compensation was issued (credit note or points entry).",
    )
    refund_move_id = fields.Many2one(
        "account.move",
        string="Credit Note",
        copy=False,
        readonly=True,
        ondelete="set null",
    )

    _sql_constraints = [
        (
            "compensation_amount_positive",
            "CHECK(compensation_amount >= 0 AND compensation_points >= 0)",
            "A compensation cannot be negative.",
        ),
    ]

    @api.depends("booking_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for complaint in self:
            complaint.currency_id = (
                complaint.booking_id.currency_id or complaint.company_id.currency_id
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_compensated(self):
        if any(self.mapped("compensation_done")):
            raise UserError(
                _("A complaint whose compensation was issued cannot be deleted.")
            )

    def action_view_refund(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.refund_move_id.id,
            "view_mode": "form",
        }

    def _check_compensation(self):
        for complaint in self.filtered(lambda c: not c.compensation_done):
            ctype = complaint.compensation_type
            if ctype in ("refund", "voucher") and complaint.compensation_amount <= 0:
                raise UserError(
                    _(
                        "Give the amount of the %(type)s for %(complaint)s.",
                        type=dict(self._fields["compensation_type"].selection)[ctype],
                        complaint=complaint.name,
                    )
                )
            if ctype == "loyalty_points" and complaint.compensation_points <= 0:
                raise UserError(
                    _(
                        "Give the number of loyalty points for %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
            if ctype == "loyalty_points" and not complaint.partner_id:
                raise UserError(
                    _(
                        "Loyalty points need a customer on %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
            if ctype == "refund":
                invoice = complaint._get_refundable_invoice()
                if not invoice:
                    raise UserError(
                        _(
                            "A refund for %(complaint)s needs a posted customer "
                            "invoice on its booking.",
                            complaint=complaint.name,
                        )
                    )
                if complaint.compensation_amount > invoice.amount_total:
                    raise UserError(
                        _(
                            "The refund of %(complaint)s exceeds the invoice "
                            "%(invoice)s.",
                            complaint=complaint.name,
                            invoice=invoice.name,
                        )
                    )

    def _get_refundable_invoice(self):
        self.ensure_one()
        invoices = self.booking_id.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return invoices.sorted(lambda m: (m.invoice_date, m.id), reverse=True)[:1]

    def _issue_compensation(self):
        todo = self.filtered(lambda c: not c.compensation_done)
        refunds = todo.filtered(lambda c: c.compensation_type == "refund")
        refunds._create_refund_moves()
        points = todo.filtered(lambda c: c.compensation_type == "loyalty_points")
        points._post_loyalty_compensation()

    def _create_refund_moves(self):
        """Draft credit notes (out_refund) for the compensation amount, reversing
        the booking's latest posted customer invoice. Built directly rather than
        through ``_reverse_moves`` because the compensation is usually a part of
        the invoice, not all of it; ``reversed_entry_id`` keeps the link."""
        for complaint in self:
            invoice = complaint._get_refundable_invoice()
            account = invoice.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )[:1].account_id
            refund = (
                self.env["account.move"]
                .sudo()
                .with_company(invoice.company_id)
                .create(
                    {
                        "move_type": "out_refund",
                        "partner_id": invoice.partner_id.id,
                        "journal_id": invoice.journal_id.id,
                        "currency_id": invoice.currency_id.id,
                        "reversed_entry_id": invoice.id,
                        "invoice_origin": invoice.name,
                        "ref": _(
                            "Compensation for complaint %(complaint)s",
                            complaint=complaint.name,
                        ),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": _(
                                        "Compensation: %(subject)s",
                                        subject=complaint.subject,
                                    ),
                                    "quantity": 1.0,
                                    "price_unit": complaint.compensation_amount,
                                    "account_id": account.id,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            complaint.booking_id.sudo().invoice_ids = [Command.link(refund.id)]
            complaint.write({"refund_move_id": refund.id, "compensation_done": True})
            complaint.message_post(
                body=Markup(_("Draft credit note %(move)s created for the refund."))
                % {"move": refund._get_html_link()},
                subtype_xmlid="mail.mt_note",
            )

    def _post_loyalty_compensation(self):
        if not self:
            return
        self.env["travel.loyalty.transaction"].sudo().create(
            [
                {
                    "partner_id": complaint.partner_id.commercial_partner_id.id,
                    "booking_id": complaint.booking_id.id,
                    "transaction_type": "bonus",
                    "points": complaint.compensation_points,
                    "date": fields.Date.context_today(complaint),
                }
                for complaint in self
            ]
        )
        self.write({"compensation_done": True})
        self._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "%(points)s loyalty points posted as compensation.",
                    points=complaint.compensation_points,
                )
                for complaint in self
            }
        )
