from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    travel_booking_ids = fields.One2many(
        "travel.booking", "opportunity_id", string="Travel Bookings"
    )
    travel_booking_count = fields.Integer(
        compute="_compute_travel_booking_count", compute_sudo=True
    )

    def _compute_travel_booking_count(self):
        counts = dict(
            self.env["travel.booking"]._read_group(
                [("opportunity_id", "in", self.ids)],
                ["opportunity_id"],
                ["__count"],
            )
        )
        for lead in self:
            lead.travel_booking_count = counts.get(lead, 0)

    def action_create_travel_booking(self):
        """Open a new booking for the opportunity's customer, agent and channel."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Set the customer of %(lead)s before creating a booking.",
                    lead=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "travel.booking",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_opportunity_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_user_id": (self.user_id or self.env.user).id,
                "default_company_id": (self.company_id or self.env.company).id,
                "default_source_id": self.source_id.id,
                "default_medium_id": self.medium_id.id,
                "default_campaign_id": self.campaign_id.id,
            },
        }

    def action_view_travel_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_booking_action"
        )
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {"default_opportunity_id": self.id}
        return action
