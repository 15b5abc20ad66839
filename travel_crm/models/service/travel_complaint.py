import re
import threading
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from odoo.addons.travel_crm.models.service.travel_sla_policy import PRIORITIES
from odoo.addons.travel_crm.tools import sla as sla_calc

OPEN_STATES = ("new", "in_progress")
SLA_STATUSES = [
    (sla_calc.ON_TRACK, "On Track"),
    (sla_calc.AT_RISK, "At Risk"),
    (sla_calc.BREACHED, "Breached"),
]
# Booking references as produced by the travel.booking sequence (TB/2026/00012).
BOOKING_REF_RE = re.compile(r"\b[A-Z][A-Z0-9]*/\d{4}/\d+\b")
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
    # SLA
    date_open = fields.Datetime(
        string="Reported On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        index=True,
    )
    sla_policy_id = fields.Many2one(
        "travel.sla.policy",
        string="SLA Policy",
        compute="_compute_deadlines",
        store=True,
        ondelete="set null",
    )
    response_deadline = fields.Datetime(
        string="First Response Due",
        compute="_compute_deadlines",
        store=True,
        copy=False,
    )
    deadline = fields.Datetime(
        string="Resolution Due",
        compute="_compute_deadlines",
        store=True,
        copy=False,
        index=True,
        tracking=True,
    )
    first_response_date = fields.Datetime(copy=False, readonly=True)
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
        index=True,
        copy=False,
        help="On track, at risk (80% of the allowed calendar hours used) or "
        "breached, for the first response and the resolution. Refreshed by the "
        "escalation scheduled action as time passes.",
    )
    sla_at_risk_date = fields.Datetime(
        compute="_compute_sla_status", store=True, copy=False, index=True
    )
    sla_breach_date = fields.Datetime(
        compute="_compute_sla_status", store=True, copy=False, index=True
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        compute="_compute_sla_status",
        store=True,
        aggregator="avg",
        help="100 when the SLA was kept, 0 when breached; its average is the "
        "compliance rate.",
    )
    sla_warned = fields.Boolean(copy=False, readonly=True)
    sla_escalated = fields.Boolean(copy=False, readonly=True)
    date_escalated = fields.Datetime(copy=False, readonly=True)
    # Resolution
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
    compensation_type = fields.Selection(
        [
            ("none", "None"),
            ("refund", "Refund"),
            ("voucher", "Voucher"),
            ("loyalty_points", "Loyalty Points"),
            ("upgrade", "Upgrade"),
        ],
        default="none",
        required=True,
        tracking=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        # compensation amounts mean nothing without their currency
        ondelete="restrict",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
    )
    compensation_amount = fields.Monetary(tracking=True, copy=False)
    compensation_points = fields.Integer(tracking=True, copy=False)
    compensation_done = fields.Boolean(
        copy=False,
        readonly=True,
        help="The compensation was issued (credit note or points entry).",
    )
    refund_move_id = fields.Many2one(
        "account.move",
        string="Credit Note",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    date_resolved = fields.Datetime(copy=False, readonly=True, index=True)
    date_closed = fields.Datetime(copy=False, readonly=True)
    resolution_hours = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_resolution_hours",
        store=True,
        aggregator="avg",
    )
    reopen_count = fields.Integer(copy=False, readonly=True, tracking=True)

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A complaint reference must be unique per company.",
        ),
        (
            "compensation_amount_positive",
            "CHECK(compensation_amount >= 0 AND compensation_points >= 0)",
            "A compensation cannot be negative.",
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

    @api.depends("booking_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for complaint in self:
            complaint.currency_id = (
                complaint.booking_id.currency_id or complaint.company_id.currency_id
            )

    @api.depends("date_open", "priority", "company_id")
    def _compute_deadlines(self):
        policies = self.env["travel.sla.policy"]._get_policy_map(self.company_id.ids)
        for complaint in self:
            policy = policies.get((complaint.company_id.id, complaint.priority))
            complaint.sla_policy_id = policy
            complaint.response_deadline = sla_calc.compute_deadline(
                complaint.date_open, policy.response_hours if policy else None
            )
            complaint.deadline = sla_calc.compute_deadline(
                complaint.date_open, policy.resolution_hours if policy else None
            )

    @api.depends(
        "date_open",
        "response_deadline",
        "deadline",
        "first_response_date",
        "date_resolved",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            targets = (
                (complaint.response_deadline, complaint.first_response_date),
                (complaint.deadline, complaint.date_resolved),
            )
            statuses = [
                sla_calc.target_status(complaint.date_open, deadline, now, done_at)
                for deadline, done_at in targets
            ]
            pending = [
                deadline for deadline, done_at in targets if deadline and not done_at
            ]
            status = sla_calc.worst_status(*statuses)
            complaint.sla_status = status
            complaint.sla_breach_date = min(pending) if pending else False
            complaint.sla_at_risk_date = (
                min(sla_calc.at_risk_time(complaint.date_open, d) for d in pending)
                if pending
                else False
            )
            complaint.sla_compliance = 0.0 if status == sla_calc.BREACHED else 100.0

    @api.depends("date_open", "date_resolved")
    def _compute_resolution_hours(self):
        for complaint in self:
            complaint.resolution_hours = sla_calc.hours_between(
                complaint.date_open, complaint.date_resolved
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

    def write(self, vals):
        if "priority" in vals or "date_open" in vals or "company_id" in vals:
            # a new deadline is a new SLA: warn and escalate again if needed
            vals = dict(
                vals, sla_warned=False, sla_escalated=False, date_escalated=False
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_compensated(self):
        if any(self.mapped("compensation_done")):
            raise UserError(
                _("A complaint whose compensation was issued cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a complaint alias: sender -> customer, booking reference in
        the subject -> booking (only when the sender is its customer or one of
        its travellers, so a stranger cannot attach a complaint to someone
        else's trip)."""
        values = dict(custom_values or {})
        subject = msg_dict.get("subject") or _("No Subject")
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        values.update(
            {
                "name": _("New"),
                "subject": subject,
                "description": msg_dict.get("body"),
                "channel": "email",
                "email_from": msg_dict.get("email_from") or msg_dict.get("from"),
            }
        )
        if author:
            values["partner_id"] = author.id
            booking = self._find_booking_from_subject(subject, author)
            if booking:
                values["booking_id"] = booking.id
                values["company_id"] = booking.company_id.id
        return super(
            TravelComplaint, self.with_context(mail_create_nosubscribe=False)
        ).message_new(msg_dict, custom_values=values)

    @api.model
    def _find_booking_from_subject(self, subject, author):
        references = BOOKING_REF_RE.findall(subject or "")
        if not references:
            return self.env["travel.booking"]
        bookings = (
            self.env["travel.booking"].sudo().search([("name", "in", references)])
        )
        commercial = author.commercial_partner_id
        return bookings.filtered(
            lambda b: (
                b.partner_id.commercial_partner_id == commercial
                or author in b.traveller_ids
            )
        )[:1]

    def _message_post_after_hook(self, message, msg_values):
        """The first public answer of an internal user is the first response."""
        if (
            message.message_type == "comment"
            and message.subtype_id
            and not message.subtype_id.internal
            and self.env.user._is_internal()
            and message.author_id == self.env.user.partner_id
        ):
            unanswered = self.filtered(lambda c: not c.first_response_date)
            if unanswered:
                unanswered.sudo().first_response_date = fields.Datetime.now()
        return super()._message_post_after_hook(message, msg_values)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=_("Customer")
            )
        return recipients

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
        self._check_state(("new",), _("Starting work"))
        now = fields.Datetime.now()
        self.filtered(lambda c: not c.first_response_date).write(
            {"first_response_date": now}
        )
        if self.env.user._is_internal():
            self.filtered(lambda c: not c.user_id).write({"user_id": self.env.user.id})
        self.write({"state": "in_progress"})
        return True

    def action_resolve(self):
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
        self.filtered(lambda c: not c.first_response_date).write(
            {"first_response_date": now}
        )
        self.write({"state": "resolved", "date_resolved": now})
        self._issue_compensation()
        return True

    def action_close(self):
        self._check_state(("resolved",), _("Closing"))
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_reopen(self):
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

    def action_view_refund(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.refund_move_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Compensation
    # ------------------------------------------------------------------

    def _check_compensation(self):
        for complaint in self.filtered(lambda c: not c.compensation_done):
            ctype = complaint.compensation_type
            if ctype in ("refund", "voucher") and complaint.compensation_amount <= 0:
                raise UserError(
                    _(
                        "Give the amount of the %(type)s for %(complaint)s.",
                        type=dict(self._fields["compensation_type"].selection)[ctype],
                        complaint=complaint.name,
                    )
                )
            if ctype == "loyalty_points" and complaint.compensation_points <= 0:
                raise UserError(
                    _(
                        "Give the number of loyalty points for %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
            if ctype == "loyalty_points" and not complaint.partner_id:
                raise UserError(
                    _(
                        "Loyalty points need a customer on %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
            if ctype == "refund":
                invoice = complaint._get_refundable_invoice()
                if not invoice:
                    raise UserError(
                        _(
                            "A refund for %(complaint)s needs a posted customer "
                            "invoice on its booking.",
                            complaint=complaint.name,
                        )
                    )
                if complaint.compensation_amount > invoice.amount_total:
                    raise UserError(
                        _(
                            "The refund of %(complaint)s exceeds the invoice "
                            "%(invoice)s.",
                            complaint=complaint.name,
                            invoice=invoice.name,
                        )
                    )

    def _get_refundable_invoice(self):
        self.ensure_one()
        invoices = self.booking_id.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return invoices.sorted(lambda m: (m.invoice_date, m.id), reverse=True)[:1]

    def _issue_compensation(self):
        todo = self.filtered(lambda c: not c.compensation_done)
        refunds = todo.filtered(lambda c: c.compensation_type == "refund")
        refunds._create_refund_moves()
        points = todo.filtered(lambda c: c.compensation_type == "loyalty_points")
        points._post_loyalty_compensation()

    def _create_refund_moves(self):
        """Draft credit notes (out_refund) for the compensation amount, reversing
        the booking's latest posted customer invoice. Built directly rather than
        through ``_reverse_moves`` because the compensation is usually a part of
        the invoice, not all of it; ``reversed_entry_id`` keeps the link."""
        for complaint in self:
            invoice = complaint._get_refundable_invoice()
            account = invoice.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )[:1].account_id
            refund = (
                self.env["account.move"]
                .sudo()
                .with_company(invoice.company_id)
                .create(
                    {
                        "move_type": "out_refund",
                        "partner_id": invoice.partner_id.id,
                        "journal_id": invoice.journal_id.id,
                        "currency_id": invoice.currency_id.id,
                        "reversed_entry_id": invoice.id,
                        "invoice_origin": invoice.name,
                        "ref": _(
                            "Compensation for complaint %(complaint)s",
                            complaint=complaint.name,
                        ),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": _(
                                        "Compensation: %(subject)s",
                                        subject=complaint.subject,
                                    ),
                                    "quantity": 1.0,
                                    "price_unit": complaint.compensation_amount,
                                    "account_id": account.id,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            )
            complaint.booking_id.sudo().invoice_ids = [Command.link(refund.id)]
            complaint.write({"refund_move_id": refund.id, "compensation_done": True})
            complaint.message_post(
                body=Markup(_("Draft credit note %(move)s created for the refund."))
                % {"move": refund._get_html_link()},
                subtype_xmlid="mail.mt_note",
            )

    def _post_loyalty_compensation(self):
        if not self:
            return
        self.env["travel.loyalty.transaction"].sudo().create(
            [
                {
                    "partner_id": complaint.partner_id.commercial_partner_id.id,
                    "booking_id": complaint.booking_id.id,
                    "transaction_type": "bonus",
                    "points": complaint.compensation_points,
                    "date": fields.Date.context_today(complaint),
                }
                for complaint in self
            ]
        )
        self.write({"compensation_done": True})
        self._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "%(points)s loyalty points posted as compensation.",
                    points=complaint.compensation_points,
                )
                for complaint in self
            }
        )

    # ------------------------------------------------------------------
    # SLA escalation (cron)
    # ------------------------------------------------------------------

    @api.model
    def _sla_refresh_domain(self, now):
        return [
            ("state", "in", OPEN_STATES),
            "|",
            "&",
            ("sla_status", "=", sla_calc.ON_TRACK),
            ("sla_at_risk_date", "<=", now),
            "&",
            ("sla_status", "!=", sla_calc.BREACHED),
            ("sla_breach_date", "<=", now),
        ]

    @api.model
    def _sla_warn_domain(self):
        return [
            ("state", "in", OPEN_STATES),
            ("sla_status", "=", sla_calc.AT_RISK),
            ("sla_warned", "=", False),
        ]

    @api.model
    def _sla_escalate_domain(self):
        return [
            ("state", "in", OPEN_STATES),
            ("sla_status", "=", sla_calc.BREACHED),
            ("sla_escalated", "=", False),
        ]

    @api.model
    def _cron_escalate_sla(self, batch_size=200):
        """Refresh the stored SLA status of open complaints whose thresholds
        passed, warn assignees of complaints at risk and escalate breaches to the
        travel managers. Each step flags what it did, so a complaint is warned
        once and escalated once per breach and a second run changes nothing."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        now = fields.Datetime.now()
        steps = [
            (self._sla_refresh_domain(now), "_sla_refresh"),
            (self._sla_warn_domain(), "_sla_warn"),
            (self._sla_escalate_domain(), "_sla_escalate"),
        ]
        total = sum(self.search_count(domain) for domain, _method in steps)
        done = 0
        for domain, method in steps:
            # each complaint is handled once per run, even if a step leaves it
            # matching its domain
            seen = []
            while batch := self.search(
                domain + [("id", "not in", seen)], limit=batch_size
            ):
                getattr(batch, method)()
                seen += batch.ids
                done += len(batch)
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=max(total - done, 0)
                )
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        return True

    def _sla_refresh(self):
        fnames = ["sla_status", "sla_at_risk_date", "sla_breach_date", "sla_compliance"]
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(fnames)

    def _get_travel_managers(self):
        """Active internal travel managers, by company id."""
        managers = (
            self.env.ref("travel_crm.group_travel_manager")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share)
        )
        return {
            company: managers.filtered(lambda u, c=company: c in u.company_ids)
            for company in self.company_id
        }

    def _sla_warn(self):
        managers = self._get_travel_managers()
        by_user = defaultdict(lambda: self.browse())
        for complaint in self:
            user = (
                complaint.user_id
                or complaint.team_id.user_id
                or managers[complaint.company_id][:1]
            )
            by_user[user] |= complaint
        today = fields.Date.context_today(self)
        for user, complaints in by_user.items():
            if user:
                complaints.activity_schedule(
                    "travel_crm.mail_activity_type_complaint_sla_risk",
                    date_deadline=today,
                    user_id=user.id,
                )
        self.write({"sla_warned": True})

    def _sla_escalate(self):
        managers = self._get_travel_managers()
        today = fields.Date.context_today(self)
        for company in self.company_id:
            complaints = self.filtered(lambda c, co=company: c.company_id == co)
            for manager in managers[company]:
                complaints.activity_schedule(
                    "travel_crm.mail_activity_type_complaint_escalation",
                    date_deadline=today,
                    user_id=manager.id,
                )
        self._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "SLA breached (due %(deadline)s): escalated to the travel "
                    "managers.",
                    deadline=fields.Datetime.to_string(complaint.sla_breach_date) or "",
                )
                for complaint in self
            }
        )
        self.write({"sla_escalated": True, "date_escalated": fields.Datetime.now()})
