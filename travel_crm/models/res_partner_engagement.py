from markupsafe import Markup

from odoo import fields, models, tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    # provided by the profiles branch; remove at merge
    marketing_consent = fields.Boolean()
    # provided by the profiles branch; remove at merge
    birth_date = fields.Date()

    travel_engagement_message_ids = fields.One2many(
        "travel.engagement.message",
        "partner_id",
        string="Engagement Messages",
        groups="travel_crm.group_travel_agent",
    )

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
