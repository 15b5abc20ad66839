import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .travel_booking import STAFF_GROUPS

# Booking states in which suppliers are no longer asked, nor answer.
SUPPLIER_CLOSED_STATES = ("done", "cancel")
# Fields checked by the amount rule (_check_amount_values).
AMOUNT_FIELDS = ("price_unit", "cost_unit", "quantity")
# Fields that change what the customer pays or what the agency pays.
PRICE_FIELDS = {
    "quantity",
    "price_unit",
    "cost_unit",
    "tax_ids",
    "supplier_tax_ids",
    "booking_id",
}


class TravelBookingLine(models.Model):
    _name = "travel.booking.line"
    _description = "Travel Booking Service"
    _order = "booking_id, sequence, date_start, id"
    _check_company_auto = True

    booking_id = fields.Many2one(
        "travel.booking",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="booking_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(
        related="booking_id.currency_id", store=True, precompute=True
    )
    service_type = fields.Selection(
        [
            ("flight", "Flight"),
            ("hotel", "Hotel"),
            ("tour", "Tour"),
            ("transfer", "Transfer"),
            ("insurance", "Insurance"),
            ("visa", "Visa"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        index=True,
    )
    name = fields.Char(string="Description", required=True)
    supplier_id = fields.Many2one(
        "res.partner",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="To")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(string="Sale Price")
    cost_unit = fields.Monetary(string="Unit Cost", groups=STAFF_GROUPS)
    tax_ids = fields.Many2many(
        "account.tax",
        "travel_booking_line_tax_rel",
        string="Customer Taxes",
        domain="[('type_tax_use', '=', 'sale')]",
        check_company=True,
    )
    supplier_tax_ids = fields.Many2many(
        "account.tax",
        "travel_booking_line_supplier_tax_rel",
        string="Supplier Taxes",
        groups=STAFF_GROUPS,
        domain="[('type_tax_use', '=', 'purchase')]",
        check_company=True,
    )
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_amounts", store=True
    )
    price_tax = fields.Monetary(string="Tax", compute="_compute_amounts", store=True)
    price_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True
    )
    cost_subtotal = fields.Monetary(
        compute="_compute_amounts", store=True, groups=STAFF_GROUPS
    )
    margin = fields.Monetary(
        compute="_compute_amounts", store=True, groups=STAFF_GROUPS
    )
    # Stored copies of the booking for the services analysis (pivot, graph).
    booking_state = fields.Selection(
        related="booking_id.state", string="Booking Status", store=True
    )
    partner_id = fields.Many2one(
        related="booking_id.partner_id", string="Customer", store=True, index=True
    )
    user_id = fields.Many2one(
        related="booking_id.user_id", string="Agent", store=True, index=True
    )
    departure_date = fields.Date(
        related="booking_id.departure_date", store=True, index=True
    )
    commission_rate = fields.Float(
        string="Commission (%)",
        compute="_compute_commission_rate",
        store=True,
        groups=STAFF_GROUPS,
        help="From the agent's commission rules when the service or its agent "
        "last changed.",
    )
    commission_amount = fields.Monetary(
        string="Commission",
        compute="_compute_commission_amount",
        store=True,
        groups=STAFF_GROUPS,
    )
    supplier_state = fields.Selection(
        [
            ("to_request", "To Request"),
            ("requested", "Requested"),
            ("confirmed", "Confirmed"),
            ("declined", "Declined"),
        ],
        string="Supplier Confirmation",
        default="to_request",
        required=True,
        copy=False,
        index=True,
    )
    supplier_reference = fields.Char(
        copy=False, help="The supplier's confirmation or reservation number."
    )
    supplier_note = fields.Text(copy=False, help="Message from the supplier.")
    supplier_answer_date = fields.Datetime(copy=False, readonly=True)
    supplier_access_token = fields.Char(copy=False, groups=STAFF_GROUPS)
    _sql_constraints = [
        (
            "price_unit_positive",
            "CHECK(price_unit >= 0)",
            "The sale price of a service cannot be negative.",
        ),
        (
            "cost_unit_positive",
            "CHECK(cost_unit >= 0)",
            "The cost of a service cannot be negative.",
        ),
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The quantity of a service must be positive.",
        ),
    ]

    @api.depends("quantity", "price_unit", "cost_unit", "tax_ids", "currency_id")
    def _compute_amounts(self):
        for line in self:
            currency = line.currency_id or line.booking_id.currency_id
            taxes = line.tax_ids.compute_all(
                line.price_unit,
                currency=currency,
                quantity=line.quantity,
                partner=line.booking_id.partner_id,
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]
            line.price_tax = taxes["total_included"] - taxes["total_excluded"]
            line.cost_subtotal = (
                currency.round(line.quantity * line.cost_unit)
                if currency
                else line.quantity * line.cost_unit
            )
            line.margin = line.price_subtotal - line.cost_subtotal

    @api.depends("service_type", "booking_id.user_id", "booking_id.company_id")
    def _compute_commission_rate(self):
        rates = self.env["travel.commission.rule"]._get_rates(self)
        for line in self:
            line.commission_rate = rates.get(line, 0.0)

    @api.depends("margin", "commission_rate")
    def _compute_commission_amount(self):
        for line in self:
            # no commission on a service sold at a loss
            amount = max(line.margin, 0.0) * line.commission_rate / 100
            line.commission_amount = (
                line.currency_id.round(amount) if line.currency_id else amount
            )

    @api.constrains("price_unit", "cost_unit", "quantity")
    def _check_amounts(self):
        for line in self:
            line._check_amount_values(
                {fname: line[fname] for fname in ("name", *AMOUNT_FIELDS)}
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_start and line.date_end and line.date_end < line.date_start:
                raise ValidationError(
                    _(
                        "The end date of %(line)s must be on or after its start date.",
                        line=line.name,
                    )
                )

    @api.constrains("date_start", "date_end", "booking_id")
    def _check_dates_inside_trip(self):
        for line in self:
            booking = line.booking_id
            start, end = booking.departure_date, booking.return_date
            dates = [d for d in (line.date_start, line.date_end) if d]
            if (start and any(d < start for d in dates)) or (
                end and any(d > end for d in dates)
            ):
                raise ValidationError(
                    _(
                        "The dates of %(line)s must be inside the trip of "
                        "%(booking)s (%(start)s to %(end)s).",
                        line=line.name,
                        booking=booking.name,
                        start=start or "…",
                        end=end or "…",
                    )
                )

    @api.model
    def _check_amount_values(self, vals):
        """The one rule on amounts: prices and costs not negative, a positive
        quantity. Checked on the values before they reach the table's CHECK
        constraints, so that the ORM raises a ValidationError, not a database
        error (found by test_input_properties), and on the records by
        ``_check_amounts``. Values are rounded as they will be stored."""
        value = {
            fname: self._fields[fname].convert_to_cache(vals[fname], self)
            for fname in AMOUNT_FIELDS
            if fname in vals
        }
        name = vals.get("name") or _("this service")
        if value.get("price_unit", 0) < 0 or value.get("cost_unit", 0) < 0:
            raise ValidationError(
                _("Prices and costs of %(line)s cannot be negative.", line=name)
            )
        if value.get("quantity", 1) <= 0:
            raise ValidationError(
                _("The quantity of %(line)s must be positive.", line=name)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_amount_values(vals)
        lines = super().create(vals_list)
        lines.booking_id._check_prices_editable()
        return lines

    def write(self, vals):
        self._check_amount_values(dict(vals, name=False))
        if PRICE_FIELDS.intersection(vals):
            self.booking_id._check_prices_editable()
        if "supplier_id" in vals and "supplier_state" not in vals:
            # a new supplier has not confirmed anything yet
            changed = self.filtered(lambda li: li.supplier_id.id != vals["supplier_id"])
            if changed:
                super(TravelBookingLine, changed).write(
                    {
                        "supplier_state": "to_request",
                        "supplier_access_token": False,
                        "supplier_reference": False,
                        "supplier_answer_date": False,
                    }
                )
        res = super().write(vals)
        if "booking_id" in vals:
            self.booking_id._check_prices_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_prices(self):
        self.booking_id._check_prices_editable()

    # ------------------------------------------------------------------
    # Supplier confirmation
    # ------------------------------------------------------------------

    def _get_supplier_confirmation_url(self):
        self.ensure_one()
        base_url = self.get_base_url()
        return f"{base_url}/travel/supplier/{self.id}/{self.supplier_access_token}"

    def action_request_supplier_confirmation(self):
        """Email each supplier a link to confirm or decline its service."""
        lines = self.filtered(
            lambda li: li.supplier_state in ("to_request", "declined")
        )
        if not lines:
            raise UserError(_("No service is waiting for a supplier confirmation."))
        wrong = lines.filtered(
            lambda li: (
                li.booking_id.state in SUPPLIER_CLOSED_STATES
                or not li.supplier_id.email
            )
        )
        if wrong:
            raise UserError(
                _(
                    "A confirmation can only be requested from a supplier with an "
                    "email address, for a booking that is not done or cancelled: "
                    "%(services)s.",
                    services=", ".join(wrong.mapped("name")),
                )
            )
        template = self.env.ref("travel_crm.mail_template_supplier_confirmation")
        for line in lines:
            line.write(
                {
                    "supplier_access_token": str(uuid.uuid4()),
                    "supplier_state": "requested",
                    "supplier_answer_date": False,
                }
            )
            template.send_mail(line.id)
            line.booking_id.message_post(
                body=_(
                    "Confirmation of %(service)s requested from %(supplier)s.",
                    service=line.name,
                    supplier=line.supplier_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _supplier_can_answer(self):
        """The supplier's link takes an answer: asked, and the trip still open."""
        self.ensure_one()
        return (
            self.supplier_state == "requested"
            and self.booking_id.state not in SUPPLIER_CLOSED_STATES
        )

    def _supplier_answer(self, confirmed, reference=None, note=None):
        """Record the supplier's answer given through its tokenized link.

        Called by the public controller (sudo) once the token matched; tells
        the booking's agent in the chatter, with an activity when declined.
        """
        self.ensure_one()
        self.write(
            {
                "supplier_state": "confirmed" if confirmed else "declined",
                "supplier_reference": (reference or "").strip()[:64] or False,
                "supplier_note": (note or "").strip()[:2000] or False,
                "supplier_answer_date": fields.Datetime.now(),
            }
        )
        booking = self.booking_id
        if confirmed:
            body = _(
                "%(supplier)s confirmed %(service)s (reference: %(reference)s).",
                supplier=self.supplier_id.display_name,
                service=self.name,
                reference=self.supplier_reference or "-",
            )
        else:
            body = _(
                "%(supplier)s declined %(service)s.",
                supplier=self.supplier_id.display_name,
                service=self.name,
            )
        if self.supplier_note:
            body = f"{body} {self.supplier_note}"
        booking.message_post(
            body=body,
            author_id=self.supplier_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=booking.user_id.partner_id.ids,
        )
        if not confirmed and booking.user_id:
            booking.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Find an alternative for %(service)s", service=self.name),
                user_id=booking.user_id.id,
            )
