from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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
    cost_unit = fields.Monetary(string="Unit Cost")
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
    cost_subtotal = fields.Monetary(compute="_compute_amounts", store=True)

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

    @api.constrains("price_unit", "cost_unit", "quantity")
    def _check_amounts(self):
        for line in self:
            if line.price_unit < 0 or line.cost_unit < 0:
                raise ValidationError(
                    _(
                        "Prices and costs of %(line)s cannot be negative.",
                        line=line.name,
                    )
                )
            if line.quantity <= 0:
                raise ValidationError(
                    _("The quantity of %(line)s must be positive.", line=line.name)
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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.booking_id._check_prices_editable()
        return lines

    def write(self, vals):
        if PRICE_FIELDS.intersection(vals):
            self.booking_id._check_prices_editable()
        res = super().write(vals)
        if "booking_id" in vals:
            self.booking_id._check_prices_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_prices(self):
        self.booking_id._check_prices_editable()
