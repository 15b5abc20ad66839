from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    travel_booking_ids = fields.Many2many(
        "travel.booking",
        "travel_booking_account_move_rel",
        "move_id",
        "booking_id",
        string="Travel Bookings",
        copy=True,
        readonly=True,
    )
    travel_booking_count = fields.Integer(compute="_compute_travel_booking_count")

    @api.depends("travel_booking_ids")
    def _compute_travel_booking_count(self):
        for move in self:
            move.travel_booking_count = len(move.travel_booking_ids)

    def action_view_travel_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_booking_action"
        )
        bookings = self.travel_booking_ids
        if len(bookings) == 1:
            action.update(views=[(False, "form")], res_id=bookings.id)
        else:
            action["domain"] = [("id", "in", bookings.ids)]
        return action
