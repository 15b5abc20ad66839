from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    travel_booking_line_id = fields.Many2one(
        "travel.booking.line",
        string="Booked Service",
        index="btree_not_null",
        ondelete="set null",
        copy=True,
    )
    travel_deposit_booking_id = fields.Many2one(
        "travel.booking",
        string="Deposit of Booking",
        help="Set on a booking's deposit line and on the lines that deduct it.",
        index="btree_not_null",
        ondelete="set null",
        copy=True,
    )
    travel_points_booking_id = fields.Many2one(
        "travel.booking",
        string="Loyalty Points of Booking",
        help="Set on the line that deducts the loyalty points used on a booking.",
        index="btree_not_null",
        ondelete="set null",
        copy=True,
    )
