from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

PROPOSAL_REPORT = "travel_crm.travel_booking_report_proposal"
PROPOSAL_TEMPLATE = "travel_crm.mail_template_travel_booking_proposal"


class TravelBooking(models.Model):
    """The proposal side of a booking: options, sending, acceptance with a
    signature, decline. A booking sent to its customer is ``sent`` until the
    customer accepts (and pays the first instalment when ``require_payment``)."""

    _inherit = "travel.booking"

    state = fields.Selection(
        selection_add=[("draft",), ("sent", "Proposal Sent"), ("confirmed",)],
        ondelete={"sent": "set default"},
    )
    option_ids = fields.One2many(
        "travel.booking.option", "booking_id", string="Options", copy=False
    )
    selected_option_id = fields.Many2one(
        "travel.booking.option",
        string="Chosen Option",
        copy=False,
        tracking=True,
        ondelete="set null",
        domain="[('booking_id', '=', id)]",
    )
    validity_date = fields.Date(
        string="Valid Until",
        copy=False,
        tracking=True,
        help="The customer can accept the proposal until this day.",
    )
    require_signature = fields.Boolean(
        string="Online Signature",
        default=True,
        help="The customer signs online to accept the proposal.",
    )
    require_payment = fields.Boolean(
        string="Online Payment",
        default=True,
        help="The booking confirms itself once the first instalment is paid.",
    )
    signature = fields.Image(
        copy=False, attachment=True, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False, tracking=True)
    signed_on = fields.Datetime(copy=False, tracking=True)
    proposal_sent_on = fields.Datetime(copy=False, readonly=True, index=True)
    proposal_declined_on = fields.Datetime(copy=False, readonly=True)
    proposal_expired = fields.Boolean(compute="_compute_proposal_expired")

    @api.depends("state", "validity_date")
    @api.depends_context("tz")
    def _compute_proposal_expired(self):
        today = fields.Date.context_today(self)
        for booking in self:
            booking.proposal_expired = bool(
                booking.state == "sent"
                and booking.validity_date
                and booking.validity_date < today
            )

    # ------------------------------------------------------------------
    # Amounts: before acceptance, the chosen (or first) option counts
    # ------------------------------------------------------------------

    def _travel_counted_lines(self):
        """Lines in the booking's totals: the common services and those of the
        chosen option (the first one while nothing is chosen), add-ons out."""
        lines = super()._travel_counted_lines()
        if not self.option_ids and not any(lines.mapped("is_optional")):
            return lines
        option = self.selected_option_id or self.option_ids[:1]
        return lines.filtered(
            lambda line: (
                line.option_id in (option, option.browse()) and not line.is_optional
            )
        )

    @api.depends(
        "line_ids.price_subtotal",
        "line_ids.price_tax",
        "line_ids.cost_subtotal",
        "line_ids.margin",
        "line_ids.option_id",
        "line_ids.is_optional",
        "option_ids.sequence",
        "selected_option_id",
    )
    def _compute_amounts(self):
        return super()._compute_amounts()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send_proposal(self):
        """Mail the proposal (PDF and portal link) and mark it sent."""
        self.check_access("write")
        self._check_state(("draft", "sent"), _("Sending the proposal"))
        self._check_proposal_sendable()
        today = fields.Date.context_today(self)
        for booking in self:
            vals = {"state": "sent"}
            if not booking.validity_date:
                days = booking.company_id.travel_proposal_validity_days
                vals["validity_date"] = today + timedelta(days=days)
            if not booking.proposal_sent_on:
                vals["proposal_sent_on"] = fields.Datetime.now()
            booking.write(vals)
            booking._portal_ensure_token()
        self._send_proposal_mail()
        return True

    def action_draft(self):
        """A sent proposal goes back to draft to be revised and sent again."""
        sent = self.filtered(lambda b: b.state == "sent")
        sent._check_not_accepted()
        sent.write({"state": "draft"})
        rest = self - sent
        return super(TravelBooking, rest).action_draft() if rest else True

    def action_confirm(self):
        """A booking with options is confirmed on the chosen one: its lines and
        the chosen add-ons stay, the rest goes (the proposal as sent stays in
        the chatter as a PDF)."""
        # rights first: a user who may not confirm learns nothing of the state
        self.check_access("write")
        self._check_state(("draft", "sent"), _("Confirming"))
        missing = self.filtered(lambda b: b.option_ids and not b.selected_option_id)
        if missing:
            raise UserError(
                _(
                    "Choose the option the customer accepted before confirming "
                    "%(bookings)s.",
                    bookings=", ".join(missing.mapped("name")),
                )
            )
        self._apply_proposal_choice()
        return super().action_confirm()

    # ------------------------------------------------------------------
    # Acceptance and decline (the portal calls these as superuser)
    # ------------------------------------------------------------------

    def _travel_accept_proposal(self, option, optional_lines, signer_name, signature):
        """Record the customer's choice and signature, apply it, post the first
        instalment's invoice and confirm (at once, or once it is paid)."""
        self.ensure_one()
        self._check_acceptable(option, optional_lines, signer_name, signature)
        if option or self._get_proposal_addons():
            self._post_proposal_pdf()
        optional_lines.write({"is_optional": False})
        signer = (signer_name or "").strip() or self.partner_id.name
        vals = {
            "selected_option_id": option.id,
            "signed_on": fields.Datetime.now(),
            "signed_by": signer,
        }
        if signature:
            vals["signature"] = signature
        self.write(vals)
        if option:
            body = _(
                "Proposal accepted by %(name)s, option %(option)s.",
                name=signer,
                option=option.name,
            )
        else:
            body = _("Proposal accepted by %(name)s.", name=signer)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self._apply_proposal_choice(post_pdf=False)
        return self._travel_after_acceptance()

    def _travel_after_acceptance(self):
        """What follows the customer's acceptance: without ``require_payment``
        the booking confirms at once; with it, the agent is asked to invoice
        the deposit and the booking stays sent until it is confirmed."""
        self.ensure_one()
        if not self.require_payment:
            return self._travel_confirm_after_payment()
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_id.id or self.env.uid,
            summary=_("Invoice the deposit of the accepted proposal"),
        )
        return True

    def _travel_decline_proposal(self, message):
        """The customer declines: the proposal is cancelled with their words."""
        self.ensure_one()
        message = (message or "").strip()
        if not message:
            raise UserError(_("Tell us why you decline the proposal."))
        if self.state != "sent" or self.signed_on:
            raise UserError(
                _("The proposal %(booking)s is not open any more.", booking=self.name)
            )
        self.write(
            {
                "state": "cancel",
                "cancel_reason": message,
                "proposal_declined_on": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=_("Proposal declined by the customer: %(reason)s", reason=message),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _travel_confirm_after_payment(self):
        """Confirm accepted proposals; a refused passport check leaves an
        activity for the agent instead of failing the customer's payment."""
        for booking in self.filtered(lambda b: b.state == "sent" and b.signed_on):
            try:
                with self.env.cr.savepoint():
                    booking.sudo().action_confirm()
            except UserError as error:
                booking.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=booking.user_id.id or self.env.uid,
                    summary=_("Confirm the accepted proposal"),
                    note=_(
                        "The customer accepted the proposal, but it could not be "
                        "confirmed: %(error)s",
                        error=error.args[0] if error.args else "",
                    ),
                )
        return True

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    def _check_proposal_sendable(self):
        today = fields.Date.context_today(self)
        for booking in self:
            booking._check_not_accepted()
            if not booking._travel_counted_lines() and not booking.option_ids:
                raise UserError(
                    _(
                        "Add at least one service before sending %(booking)s.",
                        booking=booking.name,
                    )
                )
            if booking.validity_date and booking.validity_date < today:
                raise UserError(
                    _(
                        "The validity date of %(booking)s is past: set a new one "
                        "before sending.",
                        booking=booking.name,
                    )
                )
            empty = booking.option_ids.filtered(lambda o: not o.line_ids)
            if empty:
                raise UserError(
                    _(
                        "The option %(option)s of %(booking)s has no service of "
                        "its own.",
                        option=empty[0].name,
                        booking=booking.name,
                    )
                )

    def _check_not_accepted(self):
        accepted = self.filtered("signed_on")
        if accepted:
            raise UserError(
                _(
                    "%(bookings)s was already accepted by the customer.",
                    bookings=", ".join(accepted.mapped("name")),
                )
            )

    def _check_acceptable(self, option, optional_lines, signer_name, signature):
        """Everything the customer sends is checked before anything is written."""
        self.ensure_one()
        if self.state != "sent" or self.signed_on:
            raise UserError(
                _(
                    "The proposal %(booking)s is not open for acceptance.",
                    booking=self.name,
                )
            )
        if self.proposal_expired:
            raise UserError(
                _(
                    "The proposal %(booking)s expired on %(date)s: ask your agent "
                    "for a new one.",
                    booking=self.name,
                    date=self.validity_date,
                )
            )
        if option and option.booking_id != self:
            raise UserError(_("This option is not part of the proposal."))
        if self.option_ids and not option:
            raise UserError(_("Choose one of the options."))
        allowed = (
            option._addon_lines()
            if option
            else self.line_ids.filtered(
                lambda line: not line.option_id and line.is_optional
            )
        )
        if optional_lines - allowed:
            raise UserError(_("These add-ons are not part of the chosen option."))
        if self.require_signature and not (signature and (signer_name or "").strip()):
            raise UserError(_("Sign with your name to accept the proposal."))

    def _apply_proposal_choice(self, post_pdf=True):
        """Keep the chosen option's services and the chosen add-ons; remove
        the rest, after posting the proposal as it was sent."""
        for booking in self:
            dropped = booking.line_ids.filtered(
                lambda line, option=booking.selected_option_id: (
                    line.is_optional or (line.option_id and line.option_id != option)
                )
            )
            if not dropped:
                continue
            if post_pdf:
                booking._post_proposal_pdf()
            dropped.sudo().unlink()

    def _post_proposal_pdf(self):
        """Keep the proposal as the customer saw it in the chatter."""
        self.ensure_one()
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(PROPOSAL_REPORT, self.ids)
        )
        name = _("Proposal %(booking)s", booking=self.name).replace("/", "-")
        self.message_post(
            body=_("The proposal as sent, before the customer's choice was applied."),
            attachments=[(f"{name}.pdf", pdf)],
            subtype_xmlid="mail.mt_note",
        )

    def _send_proposal_mail(self):
        template = self.env.ref(PROPOSAL_TEMPLATE)
        for booking in self:
            booking.with_context(lang=booking.partner_id.lang).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_layout_with_responsible_signature",
            )

    def _get_proposal_addons(self):
        """Add-ons of the proposal: the common ones and each option's."""
        self.ensure_one()
        return self.line_ids.filtered("is_optional")

    def action_preview_proposal(self):
        """Open the proposal as the customer sees it in the portal."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    def _get_proposal_options(self):
        """What the proposal compares: its options, or the booking itself as a
        single offer when it has none (``[(option or False, lines, addons,
        total)]``)."""
        self.ensure_one()
        if not self.option_ids:
            common = self.line_ids.filtered(lambda line: not line.option_id)
            priced = common.filtered(lambda line: not line.is_optional)
            return [(False, priced, common - priced, sum(priced.mapped("price_total")))]
        return [
            (option, option._priced_lines(), option._addon_lines(), option.amount_total)
            for option in self.option_ids
        ]
