"""Complaints: what a traveller reports, who works on it, how it ends.

The SLA (deadlines, status, escalation cron) is in ``travel_complaint_sla.py``,
the compensation (credit note, loyalty points) in
``travel_complaint_compensation.py``, the mail gateway in
``travel_complaint_mail.py``.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from .travel_sla_policy import PRIORITIES

# Not solved yet; the SLA clock runs in CLOCK_STATES and stands still while a
# complaint waits on the customer or a supplier.
OPEN_STATES = ("new", "in_progress", "waiting")
CLOCK_STATES = ("new", "in_progress")
# What a portal user may set when submitting a complaint; everything else is
# decided by the agency.
PORTAL_CREATE_FIELDS = {"subject", "description", "booking_id", "category_id"}


class TravelComplaint(models.Model):
    _name = "travel.complaint"
    _description = "Travel Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, deadline, id desc"
    _rec_names_search = ["name", "subject"]
    _check_company_auto = True
    _mailing_enabled = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: _("New"),
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="restrict",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        ondelete="restrict",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    email_from = fields.Char(
        string="Email",
        compute="_compute_email_from",
        store=True,
        readonly=False,
        precompute=True,
    )
    booking_id = fields.Many2one(
        "travel.booking",
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    booking_line_id = fields.Many2one(
        "travel.booking.line",
        string="Service",
        ondelete="set null",
        domain="[('booking_id', '=', booking_id)]",
        help="The booked service the complaint is about, when there is one.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        ondelete="restrict",
        compute="_compute_supplier_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    category_id = fields.Many2one(
        "travel.complaint.category",
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("web", "Website / Portal"),
            ("social", "Social Media"),
            ("in_person", "In Person"),
        ],
        default="phone",
        required=True,
    )
    priority = fields.Selection(
        PRIORITIES, default="1", required=True, index=True, tracking=True
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("waiting", "Waiting"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    team_id = fields.Many2one(
        "travel.complaint.team",
        index=True,
        tracking=True,
        ondelete="set null",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        index=True,
        tracking=True,
        ondelete="set null",
        domain="[('share', '=', False)]",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    # Resolution (its SLA and compensation fields: see the other files)
    resolution = fields.Html(copy=False)
    root_cause = fields.Selection(
        [
            ("supplier", "Supplier failure"),
            ("agency", "Agency error"),
            ("expectation", "Customer expectation"),
            ("information", "Missing or wrong information"),
            ("billing", "Billing error"),
            ("force_majeure", "Force majeure"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    satisfaction = fields.Selection(
        [
            ("unsatisfied", "Unsatisfied"),
            ("neutral", "Neutral"),
            ("satisfied", "Satisfied"),
        ],
        string="Satisfaction with Resolution",
        tracking=True,
        copy=False,
    )
    date_resolved = fields.Datetime(copy=False, readonly=True, index=True)
    date_closed = fields.Datetime(copy=False, readonly=True)
    reopen_count = fields.Integer(copy=False, readonly=True, tracking=True)

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A complaint reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("booking_id")
    def _compute_company_id(self):
        for complaint in self:
            complaint.company_id = (
                complaint.booking_id.company_id
                or complaint.company_id
                or self.env.company
            )

    @api.depends("booking_id")
    def _compute_partner_id(self):
        for complaint in self:
            complaint.partner_id = (
                complaint.partner_id or complaint.booking_id.partner_id
            )

    @api.depends("partner_id")
    def _compute_email_from(self):
        for complaint in self:
            complaint.email_from = complaint.partner_id.email or complaint.email_from

    @api.depends("booking_id", "booking_line_id", "category_id")
    def _compute_supplier_id(self):
        for complaint in self:
            if complaint.booking_line_id.supplier_id:
                complaint.supplier_id = complaint.booking_line_id.supplier_id
                continue
            lines = complaint.booking_id.line_ids
            service_type = complaint.category_id.service_type
            if service_type:
                lines = lines.filtered(
                    lambda line, st=service_type: line.service_type == st
                )
            suppliers = lines.supplier_id
            if len(suppliers) == 1:
                complaint.supplier_id = suppliers
            elif not complaint.supplier_id:
                complaint.supplier_id = False

    @api.depends("company_id", "user_id")
    def _compute_team_id(self):
        todo = self.filtered(lambda c: not c.team_id)
        if not todo:
            return
        teams = self.env["travel.complaint.team"].search(
            [("company_id", "in", todo.company_id.ids + [False])]
        )
        for complaint in todo:
            candidates = teams.filtered(
                lambda t, c=complaint: (
                    t.company_id in (c.company_id, self.env["res.company"])
                )
            )
            complaint.team_id = (
                candidates.filtered(lambda t, c=complaint: c.user_id in t.member_ids)[
                    :1
                ]
                or candidates[:1]
            )

    @api.depends("booking_id", "team_id")
    def _compute_user_id(self):
        default_user = (
            self.env.user
            if not self.env.su and self.env.user._is_internal()
            else self.env["res.users"]
        )
        for complaint in self:
            complaint.user_id = (
                complaint.user_id
                or complaint.booking_id.user_id
                or complaint.team_id.user_id
                or default_user
            )

    @api.onchange("booking_id")
    def _onchange_booking_id(self):
        if self.booking_line_id and self.booking_line_id.booking_id != self.booking_id:
            self.booking_line_id = False
        if self.booking_id:
            self.partner_id = self.booking_id.partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self.env.user.share:
            vals_list = [self._portal_sanitize_vals(vals) for vals in vals_list]
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company_id = vals.get("company_id")
                if not company_id and vals.get("booking_id"):
                    company_id = (
                        self.env["travel.booking"]
                        .sudo()
                        .browse(vals["booking_id"])
                        .company_id.id
                    )
                company = self.env["res.company"].browse(
                    company_id or self.env.company.id
                )
                vals["name"] = sequence.with_company(company).next_by_code(
                    "travel.complaint"
                ) or _("New")
        return super().create(vals_list)

    def _portal_sanitize_vals(self, vals):
        """Keep what a traveller may decide and tie the complaint to them."""
        partner = self.env.user.partner_id
        clean = {
            key: value for key, value in vals.items() if key in PORTAL_CREATE_FIELDS
        }
        if clean.get("booking_id"):
            booking = self.env["travel.booking"].sudo().browse(clean["booking_id"])
            customers = booking.partner_id.commercial_partner_id | booking.traveller_ids
            if not (
                partner.commercial_partner_id in customers
                or partner in booking.traveller_ids
            ):
                raise AccessError(
                    _("You can only file complaints about your own bookings.")
                )
        clean.update({"partner_id": partner.id, "channel": "web"})
        return clean

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda c: c.state not in allowed)
        if wrong:
            raise UserError(
                _(
                    "%(action)s is not possible for %(complaints)s in its current "
                    "state.",
                    action=action,
                    complaints=", ".join(wrong.mapped("name")),
                )
            )

    def action_start(self):
        """Start working on new complaints, or take waiting ones back: their
        SLA clock runs again (the first response is the first reply sent to the
        customer, not this step)."""
        self.check_access("write")
        self._check_state(("new", "waiting"), _("Starting work"))
        if self.env.user._is_internal():
            self.filtered(lambda c: not c.user_id).write({"user_id": self.env.user.id})
        self.write({"state": "in_progress"})  # ends the waits going on
        return True

    def action_resolve(self):
        self.check_access("write")
        self._check_state(OPEN_STATES, _("Resolving"))
        missing = self.filtered(lambda c: is_html_empty(c.resolution))
        if missing:
            raise UserError(
                _(
                    "Describe the resolution of %(complaints)s before resolving.",
                    complaints=", ".join(missing.mapped("name")),
                )
            )
        self._check_compensation()
        now = fields.Datetime.now()
        self.write({"state": "resolved", "date_resolved": now})
        self._issue_compensation()
        return True

    def action_close(self):
        self.check_access("write")
        self._check_state(("resolved",), _("Closing"))
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_reopen(self):
        self.check_access("write")
        self._check_state(("resolved", "closed"), _("Reopening"))
        for complaint in self:
            complaint.write(
                {
                    "state": "in_progress",
                    "date_resolved": False,
                    "date_closed": False,
                    "satisfaction": False,
                    "reopen_count": complaint.reopen_count + 1,
                }
            )
        self._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "Complaint reopened by %(user)s.", user=self.env.user.name
                )
                for complaint in self
            }
        )
        return True
