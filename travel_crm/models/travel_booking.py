from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Who may see what the agency pays: staff and accounting, not portal users.
STAFF_GROUPS = (
    "travel_crm.group_travel_agent,"
    "account.group_account_invoice,"
    "account.group_account_readonly"
)

# Costs and margins of a whole booking: staff and invoicing accountants only,
# never a traveller, not even over RPC with the portal read access on bookings.
INTERNAL_AMOUNT_GROUPS = "travel_crm.group_travel_agent,account.group_account_invoice"

# States in which a booking's services are invoiced and billed.
INVOICEABLE_STATES = ("confirmed", "in_progress", "done")

# Allowed state changes after creation: from -> targets.
_TRANSITIONS = {
    "draft": ("sent", "confirmed", "cancel"),
    "sent": ("draft", "confirmed", "cancel"),
    "confirmed": ("in_progress", "done", "cancel"),
    "in_progress": ("done", "cancel"),
    "done": ("cancel",),  # managers only: see loyalty/travel_booking.action_cancel
    "cancel": ("draft",),
}


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
        # anonymized travellers are archived and stay on the trips they took
        context={"active_test": False},
    )
    destination_country_ids = fields.Many2many(
        "res.country",
        "travel_booking_res_country_rel",
        "booking_id",
        "country_id",
        string="Destinations",
        tracking=True,
    )
    destination = fields.Char(
        string="Destination Details",
        help="Cities, regions or the itinerary in the customer's words.",
    )
    departure_date = fields.Date(index=True, tracking=True)
    return_date = fields.Date(tracking=True)
    calendar_name = fields.Char(
        compute="_compute_calendar_name",
        help="The booking's title in the calendar: customer and destination.",
    )
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
    active = fields.Boolean(
        default=True,
        tracking=True,
        help="Archive a booking that has invoices, bills or loyalty points: "
        "such bookings cannot be deleted.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        ondelete="restrict",
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
    amount_cost = fields.Monetary(
        string="Cost",
        compute="_compute_amounts",
        store=True,
        tracking=True,
        groups=INTERNAL_AMOUNT_GROUPS,
    )
    margin = fields.Monetary(
        compute="_compute_amounts", store=True, groups=INTERNAL_AMOUNT_GROUPS
    )
    margin_percent = fields.Float(
        string="Margin (%)",
        compute="_compute_amounts",
        store=True,
        aggregator="avg",
        groups=INTERNAL_AMOUNT_GROUPS,
    )
    commission_amount = fields.Monetary(
        string="Agent Commission",
        compute="_compute_commission_amount",
        store=True,
        groups=STAFF_GROUPS,
    )
    date_confirmed = fields.Date(
        string="Confirmation Date",
        copy=False,
        readonly=True,
        index=True,
        help="When the booking was confirmed: the month its agent's commission "
        "is reported in.",
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
    prices_locked = fields.Boolean(
        compute="_compute_prices_locked",
        help="Services and prices are fixed for the current user: the booking is "
        "past draft and only travel managers may still change them.",
    )
    # internal notes: travel staff and accounting, never the customer's portal
    notes = fields.Html(groups=STAFF_GROUPS)

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
        "line_ids.margin",
    )
    def _compute_amounts(self):
        """Sums of the lines. The margin adds up the lines' margins, so that
        "sale minus cost" is computed in one place (the line's
        ``_compute_amounts``)."""
        for booking in self:
            lines = booking._travel_counted_lines()
            untaxed = sum(lines.mapped("price_subtotal"))
            margin = sum(lines.mapped("margin"))
            booking.amount_untaxed = untaxed
            booking.amount_tax = sum(lines.mapped("price_tax"))
            booking.amount_total = untaxed + booking.amount_tax
            booking.amount_cost = sum(lines.mapped("cost_subtotal"))
            booking.margin = margin
            booking.margin_percent = margin / untaxed * 100 if untaxed else 0.0

    def _travel_counted_lines(self):
        """The lines that make the booking's totals (hook: a proposal counts
        only its chosen option)."""
        self.ensure_one()
        return self.line_ids

    @api.depends("line_ids.commission_amount")
    def _compute_commission_amount(self):
        for booking in self:
            booking.commission_amount = sum(
                booking.line_ids.mapped("commission_amount")
            )

    @api.depends("partner_id.name", "destination", "destination_country_ids.name")
    def _compute_calendar_name(self):
        for booking in self:
            parts = (booking.partner_id.name, booking._portal_destination_label())
            booking.calendar_name = " · ".join(filter(None, parts)) or booking.name

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_prices_locked(self):
        """Prices of a booking past its proposal are fixed, except for managers."""
        is_manager = self.env.user.has_group("travel_crm.group_travel_manager")
        for booking in self:
            booking.prices_locked = (
                booking.state not in ("draft", "sent") and not is_manager
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/bookings/{booking.id}"
        return result

    @api.onchange("partner_id")
    def _onchange_partner_id_travellers(self):
        """Start the traveller list with the customer and their companions."""
        if self.partner_id and not self.traveller_ids:
            self.traveller_ids = (
                self.partner_id | self.partner_id.companion_ids.companion_id
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

    @api.constrains("departure_date", "return_date")
    def _check_line_dates_inside_trip(self):
        self.line_ids._check_dates_inside_trip()

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

    def write(self, vals):
        if "state" in vals and not self.env.su:
            self._check_transition(vals["state"])
        if "currency_id" in vals:
            locked = self.filtered(
                lambda b: b.state != "draft" and b.currency_id.id != vals["currency_id"]
            )
            if locked:
                raise UserError(
                    _(
                        "The currency of %(bookings)s cannot change once confirmed.",
                        bookings=", ".join(locked.mapped("name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self.check_access("write")
        self._check_state(("draft", "sent"), _("Confirming"))
        empty = self.filtered(lambda b: not b.line_ids)
        if empty:
            raise UserError(
                _(
                    "Add at least one service before confirming %(bookings)s.",
                    bookings=", ".join(empty.mapped("name")),
                )
            )
        warnings = self._check_travel_documents()
        self.write(
            {"state": "confirmed", "date_confirmed": fields.Date.context_today(self)}
        )
        return warnings or True

    def action_start(self):
        self.check_access("write")
        self._check_state(("confirmed",), _("Starting the trip"))
        self.write({"state": "in_progress"})
        return True

    def action_done(self):
        self.check_access("write")
        self._check_state(("confirmed", "in_progress"), _("Completing"))
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.check_access("write")
        self._check_state(
            ("draft", "sent", "confirmed", "in_progress"), _("Cancelling")
        )
        self._check_cancel_reason()
        self.write({"state": "cancel"})
        self._reverse_on_cancel()
        return True

    def action_draft(self):
        self._check_state(("cancel",), _("Resetting to draft"))
        self.write({"state": "draft", "cancel_reason": False})
        return True

    def action_request_supplier_confirmation(self):
        return self.line_ids.filtered(
            "supplier_id"
        ).action_request_supplier_confirmation()

    # ------------------------------------------------------------------
    # Business rules
    # ------------------------------------------------------------------

    def _check_transition(self, new_state):
        """Refuse a state change that the lifecycle does not allow.

        ``create`` stays free so that historical bookings can be imported in
        any state; every later change by a user (UI, RPC) has to follow
        ``_TRANSITIONS``. Code running as superuser (migrations, fixtures of
        other features' tests) may set a state directly.
        """
        wrong = self.filtered(
            lambda b: (
                b.state != new_state and new_state not in _TRANSITIONS.get(b.state, ())
            )
        )
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(bookings)s cannot go from %(old)s to %(new)s.",
                    bookings=", ".join(wrong.mapped("name")),
                    old=", ".join({states[s] for s in wrong.mapped("state")}),
                    new=states.get(new_state, new_state),
                )
            )

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

    def _check_cancel_reason(self):
        """A booking is cancelled with a reason (``cancel_reason``)."""
        missing = self.filtered(lambda b: not (b.cancel_reason or "").strip())
        if missing:
            raise UserError(
                _(
                    "Give a cancellation reason for %(bookings)s before cancelling.",
                    bookings=", ".join(missing.mapped("name")),
                )
            )

    def _check_prices_editable(self):
        """Refuse a change of services or prices where ``prices_locked``."""
        if self.env.is_superuser():
            return
        locked = self.filtered("prices_locked")
        if locked:
            raise AccessError(
                _(
                    "Only a travel manager can change the services or prices of "
                    "%(bookings)s once it is confirmed.",
                    bookings=", ".join(locked.mapped("name")),
                )
            )

    def _reverse_on_cancel(self):
        """Undo what a cancelled trip leaves behind in accounting.

        Draft invoices and bills are cancelled; posted ones need a credit note
        from accounting, so the booking says which.
        """
        # sudo: agents need no accounting rights to cancel a trip; cancelling
        # it voids its unposted documents, nothing that was booked in accounts
        moves = self.sudo().invoice_ids
        moves.filtered(lambda m: m.state == "draft").button_cancel()
        for booking in self:
            posted = booking.sudo().invoice_ids.filtered(
                lambda m: (
                    m.state == "posted"
                    and m.move_type in ("out_invoice", "in_invoice")
                    and m.payment_state != "reversed"
                )
            )
            if posted:
                booking.message_post(
                    body=_(
                        "Booking cancelled: the posted documents %(moves)s need a "
                        "credit note or refund from accounting.",
                        moves=", ".join(posted.mapped("name")),
                    )
                )
