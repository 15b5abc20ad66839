from odoo import api, fields, models


class TravelBooking(models.Model):
    """Service-recovery side of a booking: its complaints and feedback."""

    _inherit = "travel.booking"

    complaint_ids = fields.One2many("travel.complaint", "booking_id")
    complaint_count = fields.Integer(
        compute="_compute_complaint_count", compute_sudo=True
    )
    feedback_ids = fields.One2many("travel.feedback", "booking_id")
    feedback_count = fields.Integer(
        compute="_compute_feedback_count", compute_sudo=True
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["travel.complaint"]._read_group(
                [("booking_id", "in", self.ids)], ["booking_id"], ["__count"]
            )
        )
        for booking in self:
            booking.complaint_count = counts.get(booking, 0)

    @api.depends("feedback_ids")
    def _compute_feedback_count(self):
        counts = dict(
            self.env["travel.feedback"]._read_group(
                [("booking_id", "in", self.ids), ("state", "=", "answered")],
                ["booking_id"],
                ["__count"],
            )
        )
        for booking in self:
            booking.feedback_count = counts.get(booking, 0)

    def action_done(self):
        res = super().action_done()
        self.env["travel.feedback"]._create_requests(self)
        return res

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_complaint_action"
        )
        action["domain"] = [("booking_id", "=", self.id)]
        action["context"] = {"default_booking_id": self.id}
        return action

    def action_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_feedback_action"
        )
        action["domain"] = [("booking_id", "=", self.id)]
        action["context"] = {"default_booking_id": self.id}
        return action
