from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class TravelBooking(models.Model):
    _name = "travel.booking"
    _description = "Travel Booking"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "utm.mixin",
    ]
    _order = "departure_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: _("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    traveller_ids = fields.Many2many(
        "res.partner",
        "travel_booking_traveller_rel",
        "booking_id",
        "partner_id",
        string="Travellers",
        check_company=True,
    )
    departure_date = fields.Date(index=True, tracking=True)
    return_date = fields.Date(tracking=True)
    line_ids = fields.One2many(
        "travel.booking.line", "booking_id", string="Services", copy=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        ondelete="set null",
        domain="[('share', '=', False)]",
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True, tracking=True
    )
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True, tracking=True
    )
    amount_cost = fields.Monetary(string="Cost", compute="_compute_amounts", store=True)
    margin = fields.Monetary(compute="_compute_amounts", store=True)
    margin_percent = fields.Float(
        string="Margin (%)", compute="_compute_amounts", store=True, aggregator="avg"
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "travel_booking_account_move_rel",
        "booking_id",
        "move_id",
        string="Invoices and Bills",
        copy=False,
    )
    cancel_reason = fields.Text(copy=False, tracking=True)
    notes = fields.Html()

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A booking reference must be unique per company.",
        ),
    ]

    @api.depends(
        "line_ids.price_subtotal",
        "line_ids.price_tax",
        "line_ids.cost_subtotal",
    )
    def _compute_amounts(self):
        for booking in self:
            lines = booking.line_ids
            untaxed = sum(lines.mapped("price_subtotal"))
            cost = sum(lines.mapped("cost_subtotal"))
            booking.amount_untaxed = untaxed
            booking.amount_tax = sum(lines.mapped("price_tax"))
            booking.amount_total = untaxed + booking.amount_tax
            booking.amount_cost = cost
            booking.margin = untaxed - cost
            booking.margin_percent = (
                (untaxed - cost) / untaxed * 100 if untaxed else 0.0
            )

    @api.constrains("departure_date", "return_date")
    def _check_dates(self):
        for booking in self:
            if (
                booking.departure_date
                and booking.return_date
                and booking.return_date < booking.departure_date
            ):
                raise ValidationError(
                    _(
                        "The return date of %(booking)s must be on or after its "
                        "departure date.",
                        booking=booking.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("travel.booking") or _("New")
        return super().create(vals_list)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/bookings/{booking.id}"
        return result

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda b: b.state not in allowed)
        if wrong:
            raise UserError(
                _(
                    "%(action)s is not possible for %(bookings)s in its current state.",
                    action=action,
                    bookings=", ".join(wrong.mapped("name")),
                )
            )

    def action_confirm(self):
        self._check_state(("draft",), _("Confirming"))
        empty = self.filtered(lambda b: not b.line_ids)
        if empty:
            raise UserError(
                _(
                    "Add at least one service before confirming %(bookings)s.",
                    bookings=", ".join(empty.mapped("name")),
                )
            )
        self.write({"state": "confirmed"})
        return True

    def action_start(self):
        self._check_state(("confirmed",), _("Starting the trip"))
        self.write({"state": "in_progress"})
        return True

    def action_done(self):
        self._check_state(("confirmed", "in_progress"), _("Completing"))
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self._check_state(("draft", "confirmed", "in_progress"), _("Cancelling"))
        missing = self.filtered(lambda b: not (b.cancel_reason or "").strip())
        if missing:
            raise UserError(
                _(
                    "Give a cancellation reason for %(bookings)s before cancelling.",
                    bookings=", ".join(missing.mapped("name")),
                )
            )
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        self._check_state(("cancel",), _("Resetting to draft"))
        self.write({"state": "draft", "cancel_reason": False})
        return True
