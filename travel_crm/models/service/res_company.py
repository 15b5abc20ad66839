from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    travel_sla_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Default Service Calendar",
        ondelete="set null",
        check_company=True,
        domain="[('flexible_hours', '=', False)]",
        help="The working calendar new SLA policies count by default. Empty: "
        "round the clock.",
    )
