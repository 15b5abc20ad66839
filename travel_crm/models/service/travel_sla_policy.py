from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class TravelSlaPolicy(models.Model):
    """Hours allowed to answer and to solve a complaint of one priority.

    A policy without company applies to every company that has no policy of
    its own for that priority.
    """

    _name = "travel.sla.policy"
    _description = "Complaint SLA Policy"
    _order = "company_id, priority desc, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        ondelete="cascade",
        help="Leave empty for the default policy of every company.",
    )
    priority = fields.Selection(PRIORITIES, required=True, default="1", index=True)
    response_hours = fields.Float(
        string="First Response (hours)",
        required=True,
        help="Calendar hours allowed between reporting and the first answer.",
    )
    resolution_hours = fields.Float(
        string="Resolution (hours)",
        required=True,
        help="Calendar hours allowed between reporting and the resolution.",
    )
    active = fields.Boolean(default=True)

    @api.depends("priority", "company_id")
    def _compute_name(self):
        labels = dict(PRIORITIES)
        for policy in self:
            policy.name = _(
                "%(priority)s priority (%(company)s)",
                priority=labels.get(policy.priority, ""),
                company=policy.company_id.name or _("all companies"),
            )

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolution_hours <= 0:
                raise ValidationError(_("SLA hours must be positive."))
            if policy.response_hours > policy.resolution_hours:
                raise ValidationError(
                    _(
                        "The first response of %(policy)s cannot be due after "
                        "the resolution.",
                        policy=policy.name,
                    )
                )

    @api.constrains("company_id", "priority", "active")
    def _check_unique_priority(self):
        for policy in self.filtered("active"):
            duplicate = self.search_count(
                [
                    ("id", "!=", policy.id),
                    ("company_id", "=", policy.company_id.id),
                    ("priority", "=", policy.priority),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    _(
                        "There is already an active SLA policy for %(policy)s.",
                        policy=policy.name,
                    )
                )

    @api.model
    def _get_policy_map(self, company_ids):
        """{(company_id, priority): policy} for the given companies, company
        policies taking precedence over the shared default ones (one query)."""
        policies = self.sudo().search(
            [("company_id", "in", list(company_ids) + [False])],
            order="company_id desc",
        )
        result = {}
        shared = {p.priority: p for p in policies if not p.company_id}
        for company_id in company_ids:
            for priority, policy in shared.items():
                result[(company_id, priority)] = policy
        for policy in policies.filtered("company_id"):
            result[(policy.company_id.id, policy.priority)] = policy
        return result
