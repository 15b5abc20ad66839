from ast import literal_eval

from odoo import fields, models


class TravelComplaintTeam(models.Model):
    """Customer-care team handling complaints.

    Odoo Community has no helpdesk team; this small model groups agents, gives
    a leader to fall back to for assignment and owns an optional mail alias
    (``complaints@``) whose incoming mails become complaints of the team.
    """

    _name = "travel.complaint.team"
    _description = "Complaint Team"
    _inherit = ["mail.alias.mixin.optional"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        ondelete="set null",
        domain="[('share', '=', False)]",
        help="Receives the complaints of the team that have no agent yet.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "travel_complaint_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
    )
    color = fields.Integer()
    complaint_ids = fields.One2many("travel.complaint", "team_id")

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("travel.complaint")
        if self.id:
            defaults = literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            if self.company_id:
                defaults["company_id"] = self.company_id.id
            values["alias_defaults"] = defaults
        return values
