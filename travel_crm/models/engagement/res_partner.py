from markupsafe import Markup

from odoo import fields, models, tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    travel_engagement_message_ids = fields.One2many(
        "travel.engagement.message",
        "partner_id",
        string="Engagement Messages",
        groups="travel_crm.group_travel_agent",
    )

    travel_interaction_count = fields.Integer(
        compute="_compute_travel_interaction_count",
        groups="travel_crm.group_travel_agent",
    )

    def _compute_travel_interaction_count(self):
        counts = dict(
            self.env["travel.interaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.travel_interaction_count = counts.get(partner._origin, 0)

    def action_view_travel_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_interaction_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["display_name"] = self.env._(
            "Timeline of %(partner)s", partner=self.display_name
        )
        return action

    def _travel_unsubscribe_token(self):
        self.ensure_one()
        return tools.hmac(self.env(su=True), "travel-crm-unsubscribe", self.id)

    def _travel_marketing_unsubscribe_url(self):
        """Public link withdrawing marketing consent; mail has no unsubscribe
        route of its own outside mass_mailing, so travel_crm ships one."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/travel/unsubscribe/{self.id}"
            f"?token={self._travel_unsubscribe_token()}"
        )

    def _travel_withdraw_marketing_consent(self):
        """The traveller asked to stop receiving marketing messages."""
        consenting = self.filtered("marketing_consent")
        consenting.write({"marketing_consent": False})
        for partner in consenting:
            partner._message_log(
                body=Markup("<p>%s</p>")
                % self.env._("Withdrew marketing consent through the unsubscribe link.")
            )
        return True
