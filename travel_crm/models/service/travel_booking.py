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
        # one feedback request per trip and traveller: the post-trip message
        # carries the link when it is still to come, else the request mail
        Feedback = self.env["travel.feedback"]
        by_post_trip = self._feedback_asked_by_post_trip_message()
        Feedback._create_requests(by_post_trip, send=False)
        Feedback._create_requests(self - by_post_trip)
        return res

    def _feedback_asked_by_post_trip_message(self):
        """The bookings a post-trip email (an active ``after_return`` rule of
        their company) will still reach and has not reached yet: that message
        links the feedback page, so no request mail is sent for them."""
        rules = (
            self.env["travel.engagement.rule"]
            .sudo()
            .search(
                [
                    ("trigger", "=", "after_return"),
                    ("channel", "=", "email"),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        if not rules:
            return self.browse()
        already_sent = {
            booking
            for [booking] in self.env["travel.engagement.message"]
            .sudo()
            ._read_group(
                [
                    ("booking_id", "in", self.ids),
                    ("trigger", "=", "after_return"),
                    ("state", "=", "sent"),
                ],
                ["booking_id"],
            )
        }
        today = fields.Date.context_today(self)
        # the earliest return date a rule of the company still thanks
        oldest_return = {}
        for rule in rules:
            first, _last = rule._engagement_return_window(today)
            company = rule.company_id
            oldest_return[company] = min(first, oldest_return.get(company, first))
        return self.filtered(
            lambda b: (
                b.company_id in oldest_return
                and b.return_date
                and b.return_date >= oldest_return[b.company_id]
                and b not in already_sent
            )
        )

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
