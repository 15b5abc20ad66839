from odoo import api, fields, models


class TravelBookingCancel(models.TransientModel):
    _name = "travel.booking.cancel"
    _description = "Cancel Travel Bookings"

    booking_ids = fields.Many2many("travel.booking", string="Bookings", required=True)
    cancel_reason = fields.Text(string="Reason", required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "booking_ids" in fields_list
            and not res.get("booking_ids")
            and self.env.context.get("active_model") == "travel.booking"
        ):
            res["booking_ids"] = [
                fields.Command.set(self.env.context.get("active_ids", []))
            ]
        return res

    def action_cancel(self):
        self.ensure_one()
        self.booking_ids.write({"cancel_reason": self.cancel_reason})
        self.booking_ids.action_cancel()
        return {"type": "ir.actions.act_window_close"}
