from odoo import api, fields, models

from ..travel_booking import INTERNAL_AMOUNT_GROUPS


class TravelBookingOption(models.Model):
    """An alternative of a proposal: a 5-star or a 4-star hotel, a direct or a
    cheaper flight. Its price is its own services plus the services common to
    every option (lines without an option); add-ons are not counted."""

    _name = "travel.booking.option"
    _description = "Travel Proposal Option"
    _order = "booking_id, sequence, id"
    _check_company_auto = True

    booking_id = fields.Many2one(
        "travel.booking", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="What Is Included",
        help="Shown to the customer beside the option's services and price.",
    )
    company_id = fields.Many2one(
        related="booking_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(
        related="booking_id.currency_id", store=True, precompute=True
    )
    line_ids = fields.One2many(
        "travel.booking.line", "option_id", string="Own Services"
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True
    )
    margin = fields.Monetary(
        compute="_compute_amounts", store=True, groups=INTERNAL_AMOUNT_GROUPS
    )
    date_start = fields.Date(compute="_compute_dates")
    date_end = fields.Date(compute="_compute_dates")
    duration_days = fields.Integer(
        string="Days", compute="_compute_dates", help="Days of the trip, both ends."
    )
    is_selected = fields.Boolean(compute="_compute_is_selected")

    def _priced_lines(self):
        """The option's services with the common ones, add-ons left out."""
        self.ensure_one()
        return self.booking_id.line_ids.filtered(
            lambda line: (
                line.option_id in (self, self.browse()) and not line.is_optional
            )
        )

    def _addon_lines(self):
        """The add-ons the customer may tick with this option."""
        self.ensure_one()
        return self.booking_id.line_ids.filtered(
            lambda line: line.option_id in (self, self.browse()) and line.is_optional
        )

    @api.depends(
        "booking_id.line_ids.option_id",
        "booking_id.line_ids.is_optional",
        "booking_id.line_ids.price_subtotal",
        "booking_id.line_ids.price_total",
        "booking_id.line_ids.margin",
    )
    def _compute_amounts(self):
        for option in self:
            lines = option._priced_lines()
            option.amount_untaxed = sum(lines.mapped("price_subtotal"))
            option.amount_total = sum(lines.mapped("price_total"))
            option.margin = sum(lines.sudo().mapped("margin"))

    @api.depends(
        "booking_id.line_ids.date_start",
        "booking_id.line_ids.date_end",
        "booking_id.departure_date",
        "booking_id.return_date",
    )
    def _compute_dates(self):
        for option in self:
            lines = option._priced_lines()
            starts = [d for d in lines.mapped("date_start") if d]
            ends = [d for d in lines.mapped("date_end") + starts if d]
            start = min(starts) if starts else option.booking_id.departure_date
            end = max(ends) if ends else option.booking_id.return_date
            option.date_start = start
            option.date_end = end
            option.duration_days = (end - start).days + 1 if start and end else 0

    @api.depends("booking_id.selected_option_id")
    def _compute_is_selected(self):
        for option in self:
            option.is_selected = option.booking_id.selected_option_id == option
