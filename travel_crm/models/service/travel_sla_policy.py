from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ...tools import sla as sla_calc

PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class TravelSlaPolicy(models.Model):
    """Hours allowed to answer and to solve a complaint of one priority.

    A policy without company applies to every company that has no policy of
    its own for that priority. With a working calendar the hours are working
    hours of that calendar, in its timezone and without its leaves (public
    holidays); without one they run round the clock.
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
        help="Hours allowed between reporting and the first reply sent to the "
        "customer: working hours of the calendar, or round the clock without one.",
    )
    resolution_hours = fields.Float(
        string="Resolution (hours)",
        required=True,
        help="Hours allowed between reporting and the resolution: working hours "
        "of the calendar, or round the clock without one.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        ondelete="restrict",
        check_company=True,
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('flexible_hours', '=', False)]",
        help="The hours count the working hours of this calendar, in its "
        "timezone, and skip its leaves (public holidays). Empty: round the clock, "
        "for problems that cannot wait (a traveller stranded abroad). A change "
        "applies to complaints reported afterwards.",
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

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        """The default service calendar of the settings: the policy's company's
        (the current company's for a shared policy), kept only where the
        calendar may serve the policy's company."""
        for policy in self:
            calendar = (
                policy.resource_calendar_id
                or (policy.company_id or self.env.company).travel_sla_calendar_id
            )
            if calendar.company_id and calendar.company_id != policy.company_id:
                calendar = calendar.browse()
            policy.resource_calendar_id = calendar

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

    @api.constrains("resource_calendar_id")
    def _check_calendar(self):
        for policy in self.filtered("resource_calendar_id"):
            calendar = policy.resource_calendar_id
            hours = calendar.attendance_ids.filtered(
                lambda a: (
                    not a.resource_id
                    and not a.display_type
                    and a.day_period != "lunch"
                    and a.hour_to > a.hour_from
                )
            )
            if calendar.flexible_hours or not hours:
                raise ValidationError(
                    _(
                        "The working calendar %(calendar)s of %(policy)s has no "
                        "fixed working hours: an SLA cannot count them.",
                        calendar=calendar.display_name,
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

    @api.model
    def _sla_work_calendars(self, calendars, since=None):
        """{calendar id: sla WorkCalendar}: weekly hours and global leaves
        (no resource; of the calendar or of every calendar, as resource's own
        leave intervals) ending after ``since`` (two queries)."""
        attendances = (
            self.env["resource.calendar.attendance"]
            .sudo()
            .search_read(
                [
                    ("calendar_id", "in", calendars.ids),
                    ("resource_id", "=", False),
                    ("display_type", "=", False),
                    ("day_period", "!=", "lunch"),
                ],
                ["calendar_id", "dayofweek", "hour_from", "hour_to", "week_type"]
                + ["date_from", "date_to"],
            )
        )
        leave_domain = [
            ("calendar_id", "in", calendars.ids + [False]),
            ("resource_id", "=", False),
            ("time_type", "=", "leave"),
        ]
        if since:
            leave_domain.append(("date_to", ">=", since))
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_read(leave_domain, ["calendar_id", "date_from", "date_to"])
        )
        result = {}
        for calendar in calendars.sudo():
            result[calendar.id] = sla_calc.WorkCalendar(
                calendar.tz or "UTC",
                [
                    sla_calc.Attendance(
                        int(a["dayofweek"]),
                        a["hour_from"],
                        a["hour_to"],
                        a["week_type"],
                        a["date_from"] or None,
                        a["date_to"] or None,
                    )
                    for a in attendances
                    if a["calendar_id"][0] == calendar.id
                ],
                [
                    (leave["date_from"], leave["date_to"])
                    for leave in leaves
                    if not leave["calendar_id"]
                    or leave["calendar_id"][0] == calendar.id
                ],
                two_weeks=calendar.two_weeks_calendar,
            )
        return result
