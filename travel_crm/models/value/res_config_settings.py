from odoo import fields, models
from odoo.exceptions import AccessError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    travel_value_window_months = fields.Integer(
        related="company_id.travel_value_window_months", readonly=False
    )
    travel_value_monetary_basis = fields.Selection(
        related="company_id.travel_value_monetary_basis", readonly=False
    )
    travel_value_high_score = fields.Integer(
        related="company_id.travel_value_high_score", readonly=False
    )
    travel_value_potential_score = fields.Integer(
        related="company_id.travel_value_potential_score", readonly=False
    )
    travel_value_new_days = fields.Integer(
        related="company_id.travel_value_new_days", readonly=False
    )
    travel_value_loyal_trips = fields.Integer(
        related="company_id.travel_value_loyal_trips", readonly=False
    )
    travel_value_lost_days = fields.Integer(
        related="company_id.travel_value_lost_days", readonly=False
    )
    travel_value_risk_threshold = fields.Float(
        related="company_id.travel_value_risk_threshold", readonly=False
    )
    travel_value_default_interval = fields.Integer(
        related="company_id.travel_value_default_interval", readonly=False
    )
    travel_value_default_retention = fields.Float(
        related="company_id.travel_value_default_retention", readonly=False
    )
    travel_value_retention_rate = fields.Float(
        related="company_id.travel_value_retention_rate"
    )
    travel_value_retention_date = fields.Date(
        related="company_id.travel_value_retention_date"
    )

    def action_travel_value_recompute(self):
        """Queue the segmentation cron to run as soon as possible."""
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise AccessError(
                self.env._("Only travel managers can recompute customer value.")
            )
        self.env.ref("travel_crm.ir_cron_travel_segmentation").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "Customer value is being recomputed in the background."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
