import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]
# The NPS scale: a whole score from 0 to 10.
SCORES = range(11)
DETRACTOR_MAX_SCORE = 6
PROMOTER_MIN_SCORE = 9


def nps_category(score):
    """NPS bucket of a 0..10 score: 9-10 promoter, 7-8 passive, 0-6 detractor."""
    if score >= PROMOTER_MIN_SCORE:
        return "promoter"
    if score > DETRACTOR_MAX_SCORE:
        return "passive"
    return "detractor"


class TravelFeedback(models.Model):
    """Post-trip feedback of one traveller on one booking, on the NPS scale.

    Odoo's ``rating.rating`` measures satisfaction on 1..5 with its own
    satisfied/unsatisfied thresholds; Net Promoter Score needs the 0..10 scale
    and promoter/passive/detractor buckets, one answer per booking and
    traveller, so a small dedicated model is clearer than bending ratings.
    """

    _name = "travel.feedback"
    _description = "Travel Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_answered desc, id desc"
    _rec_name = "booking_id"
    _check_company_auto = True

    booking_id = fields.Many2one(
        "travel.booking",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Traveller",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        related="booking_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        related="booking_id.user_id",
        string="Agent",
        store=True,
        index=True,
    )
    state = fields.Selection(
        [("requested", "Requested"), ("answered", "Answered")],
        default="answered",
        required=True,
        index=True,
        tracking=True,
    )
    score = fields.Integer(
        tracking=True,
        aggregator="avg",
        help="0 (not at all likely to recommend us) to 10 (extremely likely).",
    )
    comment = fields.Text()
    date_answered = fields.Datetime(
        string="Answered On", copy=False, index=True, default=fields.Datetime.now
    )
    nps_category = fields.Selection(
        NPS_CATEGORIES,
        string="NPS Category",
        compute="_compute_nps",
        store=True,
        index=True,
    )
    nps_value = fields.Float(
        string="NPS",
        compute="_compute_nps",
        store=True,
        aggregator="avg",
        help="+100 for a promoter, 0 for a passive, -100 for a detractor: the "
        "average over a group is its Net Promoter Score.",
    )
    access_token = fields.Char(
        copy=False,
        index=True,
        readonly=True,
        groups="travel_crm.group_travel_agent",
    )
    feedback_url = fields.Char(
        compute="_compute_feedback_url", groups="travel_crm.group_travel_agent"
    )
    followup_done = fields.Boolean(
        string="Follow-up Opened",
        copy=False,
        readonly=True,
        help="A detractor follow-up activity was scheduled for the agent.",
    )
    complaint_id = fields.Many2one(
        "travel.complaint",
        copy=False,
        readonly=True,
        ondelete="set null",
    )

    _sql_constraints = [
        (
            "booking_partner_uniq",
            "unique(booking_id, partner_id)",
            "A traveller gives feedback on a booking only once.",
        ),
        (
            "access_token_uniq",
            "unique(access_token)",
            "Feedback links must be unique.",
        ),
    ]

    @api.depends("score", "state")
    def _compute_nps(self):
        values = {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}
        for feedback in self:
            if feedback.state != "answered":
                feedback.nps_category = False
                feedback.nps_value = 0.0
                continue
            category = nps_category(feedback.score)
            feedback.nps_category = category
            feedback.nps_value = values[category]

    def _compute_feedback_url(self):
        for feedback in self:
            feedback.feedback_url = (
                f"{feedback.get_base_url()}/travel/feedback/{feedback.access_token}"
                if feedback.access_token
                else False
            )

    @api.constrains("score")
    def _check_score(self):
        for feedback in self:
            if feedback.score not in SCORES:
                raise ValidationError(
                    _(
                        "A feedback score goes from 0 to 10, not %(score)s.",
                        score=feedback.score,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") == "requested":
                vals.setdefault("access_token", secrets.token_urlsafe(32))
                vals["date_answered"] = False
        feedbacks = super().create(vals_list)
        feedbacks._apply_answer()
        return feedbacks

    def write(self, vals):
        """A score written on a pending request answers it, whoever writes it
        (the portal page, the form, an import, the API)."""
        if vals.get("score") is None or vals["score"] is False:
            return super().write(vals)
        requested = self.filtered(lambda f: f.state == "requested")
        others = self - requested
        if requested and vals.get("state", "answered") == "answered":
            answer = {"state": "answered", "date_answered": fields.Datetime.now()}
            super(TravelFeedback, requested).write({**answer, **vals})
            if others:
                super(TravelFeedback, others).write(vals)
        else:
            super().write(vals)
        self._apply_answer()
        return True

    # ------------------------------------------------------------------
    # Requests and answers
    # ------------------------------------------------------------------

    @api.model
    def _create_requests(self, bookings, send=True):
        """One pending feedback per done booking and traveller (the customer
        when the booking names no traveller); existing ones are kept."""
        bookings = bookings.filtered(lambda b: b.state == "done")
        existing = {
            (feedback.booking_id.id, feedback.partner_id.id)
            for feedback in self.sudo().search([("booking_id", "in", bookings.ids)])
        }
        vals_list = [
            {"booking_id": booking.id, "partner_id": partner.id, "state": "requested"}
            for booking in bookings
            for partner in (booking.traveller_ids or booking.partner_id)
            if (booking.id, partner.id) not in existing
        ]
        requests = self.sudo().create(vals_list)
        if send:
            to_mail = requests.filtered(lambda f: f.partner_id.email)
            if to_mail:
                to_mail._send_request_mail()
        return requests

    def _send_request_mail(self):
        template = self.env.ref("travel_crm.mail_template_feedback_request")
        template.sudo().send_mail_batch(
            self.ids, email_layout_xmlid="mail.mail_notification_light"
        )

    def _submit(self, score, comment=None):
        """Record the traveller's answer from the feedback page; the link is
        single use. Writing the score does the rest (see ``_apply_answer``)."""
        self.ensure_one()
        if self.state != "requested":
            raise UserError(_("This feedback was already given, thank you."))
        return self.write({"score": score, "comment": comment or False})

    def _apply_answer(self):
        """What an answer brings, however its score arrived (created with one,
        written on a request through the form, an import or the API, or given
        on the portal): the detractor follow-up once per feedback and the
        customer's feedback bonus once per booking. The answered date and
        state come with the write, the NPS from its compute, and the timeline
        entry (``travel.interaction``) reads answered feedback as it is."""
        answered = self.filtered(lambda f: f.state == "answered")
        if not answered:
            return
        answered._open_detractor_followups()
        answered.booking_id._loyalty_grant_feedback_bonus()

    def _open_detractor_followups(self):
        """A detractor (0..6) gets a follow-up activity for the booking's agent."""
        detractors = self.filtered(
            lambda f: (
                f.state == "answered"
                and f.score <= DETRACTOR_MAX_SCORE
                and not f.followup_done
            )
        )
        if not detractors:
            return
        today = fields.Date.context_today(self)
        for feedback in detractors:
            user = feedback.booking_id.user_id or feedback.booking_id.create_uid
            feedback.activity_schedule(
                "travel_crm.mail_activity_type_feedback_detractor",
                date_deadline=today,
                summary=_(
                    "Detractor: %(partner)s scored %(booking)s %(score)s/10",
                    partner=feedback.partner_id.name,
                    booking=feedback.booking_id.name,
                    score=feedback.score,
                ),
                note=feedback.comment or "",
                user_id=user.id,
            )
        detractors.write({"followup_done": True})

    def action_create_complaint(self):
        """Turn a feedback into a complaint the service team works on."""
        for feedback in self.filtered(lambda f: not f.complaint_id):
            complaint = self.env["travel.complaint"].create(
                {
                    "subject": _(
                        "Feedback %(score)s/10 on %(booking)s",
                        score=feedback.score,
                        booking=feedback.booking_id.name,
                    ),
                    "description": feedback.comment or False,
                    "booking_id": feedback.booking_id.id,
                    "partner_id": feedback.partner_id.id,
                    "channel": "web",
                    "priority": "2",
                }
            )
            feedback.complaint_id = complaint
        if len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "travel.complaint",
                "res_id": self.complaint_id.id,
                "view_mode": "form",
            }
        return True

    def action_send_request(self):
        pending = self.filtered(lambda f: f.state == "requested" and f.partner_id.email)
        if not pending:
            raise UserError(_("There is no pending feedback request with an email."))
        pending._send_request_mail()
        return True
