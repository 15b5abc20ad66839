import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .travel_engagement_rule import (
    CHANNELS,
    KINDS,
    TRIGGERS,
)

_logger = logging.getLogger(__name__)

EMAIL_LAYOUT = "travel_crm.mail_notification_engagement"


class TravelEngagementMessage(models.Model):
    _name = "travel.engagement.message"
    _description = "Travel Message"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    rule_id = fields.Many2one(
        "travel.engagement.rule",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Traveller",
        required=True,
        index=True,
        ondelete="cascade",
    )
    booking_id = fields.Many2one(
        "travel.booking",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    trigger = fields.Selection(TRIGGERS, required=True, index=True)
    channel = fields.Selection(CHANNELS, required=True)
    kind = fields.Selection(KINDS, required=True)
    event_date = fields.Date(required=True)
    dedupe_key = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [
            ("sent", "Sent"),
            ("skipped", "Skipped"),
            ("failed", "Failed"),
        ],
        required=True,
        default="sent",
        index=True,
    )
    skip_reason = fields.Selection(
        [
            ("no_consent", "No marketing consent"),
            ("blacklisted", "Email or phone blacklisted"),
            ("no_email", "No email address"),
            ("no_phone", "No phone number"),
            ("no_agent", "No agent to assign"),
        ]
    )
    error_message = fields.Text()
    res_model = fields.Char(string="Related Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Related Document ID", model_field="res_model", readonly=True
    )
    points = fields.Float(
        readonly=True, help="Loyalty points concerned (points expiry)."
    )
    lang = fields.Selection(related="partner_id.lang")
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Chatter Message",
        ondelete="set null",
        readonly=True,
    )
    activity_id = fields.Many2one("mail.activity", ondelete="set null", readonly=True)

    _sql_constraints = [
        (
            "dedupe_key_uniq",
            "unique(dedupe_key)",
            "This traveller already got this message for this event.",
        ),
    ]

    @api.depends("rule_id", "partner_id")
    def _compute_display_name(self):
        for message in self:
            message.display_name = self.env._(
                "%(rule)s: %(partner)s",
                rule=message.rule_id.name,
                partner=message.partner_id.display_name,
            )

    # ------------------------------------------------------------------
    # Template helpers (used by the shipped mail and SMS templates)
    # ------------------------------------------------------------------

    def _get_related_record(self):
        """The travel document (document expiry) the message is about."""
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    def _get_feedback_url(self):
        """The traveller's pending feedback page for the booking, if any: the
        post-trip message carries it instead of a second feedback request."""
        self.ensure_one()
        if not self.booking_id:
            return False
        feedback = (
            self.env["travel.feedback"]
            .sudo()
            .search(
                [
                    ("booking_id", "=", self.booking_id.id),
                    ("partner_id", "=", self.partner_id.id),
                    ("state", "=", "requested"),
                ],
                limit=1,
            )
        )
        return feedback.feedback_url or False

    def _get_unsubscribe_url(self):
        self.ensure_one()
        return self.partner_id._travel_marketing_unsubscribe_url()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_retry(self):
        """Forget failed messages and run their rules again: anything still due
        is sent again."""
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise UserError(self.env._("Only travel managers can retry messages."))
        failed = self.filtered(lambda m: m.state == "failed")
        if not failed:
            raise UserError(self.env._("Only failed messages can be retried."))
        rules = failed.rule_id.filtered("active")
        failed.sudo().unlink()
        rules.sudo()._engagement_process(limit=None)
        return True

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    @api.model
    def _engagement_existing_keys(self, keys):
        """{dedupe_key: (message id, state)} for the keys already recorded."""
        if not keys:
            return {}
        self.flush_model(["dedupe_key", "state"])
        rows = self.env.execute_query(
            SQL(
                "SELECT dedupe_key, id, state FROM travel_engagement_message "
                "WHERE dedupe_key = ANY(%s)",
                list(keys),
            )
        )
        return {key: (message_id, state) for key, message_id, state in rows}

    @api.model
    def _engagement_send(self, vals_list):
        """Send (or record why not) one message per values dict."""
        vals_list = [dict(vals) for vals in vals_list]
        replaced_ids = [vals.pop("replace_id", False) for vals in vals_list]
        # skips whose reason went away make room for the message
        self.browse([rid for rid in replaced_ids if rid]).sudo().unlink()
        logged_vals = []
        sent = self.browse()
        for vals in vals_list:
            if vals["skip_reason"]:
                logged_vals.append({**vals, "state": "skipped"})
                continue
            try:
                with self.env.cr.savepoint():
                    message = self.create({**vals, "state": "sent"})
                    message._engagement_deliver()
                    sent |= message
            except Exception as error:  # noqa: BLE001 pylint: disable=broad-except
                # One broken template or number must not stop the others.
                _logger.warning(
                    "Travel engagement: rule %s for partner %s failed: %s",
                    vals["rule_id"],
                    vals["partner_id"],
                    error,
                )
                logged_vals.append(
                    {**vals, "state": "failed", "error_message": str(error)}
                )
        if logged_vals:
            self.create(logged_vals)
        channels = set(sent.mapped("channel"))
        if "email" in channels:
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        if "sms" in channels:
            self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        return sent

    @api.model
    def _engagement_skip_reason(self, rule, partner, booking):
        marketing = rule.kind == "marketing"
        if marketing and not partner.marketing_consent:
            return "no_consent"
        if rule.channel == "email":
            if not partner.email_normalized:
                return "no_email"
            if marketing and partner.is_blacklisted:
                return "blacklisted"
        elif rule.channel == "sms":
            if not (partner.phone_sanitized or partner.mobile or partner.phone):
                return "no_phone"
            if marketing and partner.phone_sanitized_blacklisted:
                return "blacklisted"
        elif rule.channel == "activity":
            if not self._engagement_agent(rule, partner, booking):
                return "no_agent"
            # a marketing call to a number that asked not to be contacted
            if (
                marketing
                and rule.activity_type_id.category == "phonecall"
                and partner.phone_sanitized_blacklisted
            ):
                return "blacklisted"
        return False

    @api.model
    def _engagement_agent(self, rule, partner, booking):
        return booking.user_id or partner.user_id or rule.activity_user_id

    def _engagement_deliver(self):
        self.ensure_one()
        getattr(self, f"_engagement_deliver_{self.channel}")()

    def _engagement_log_on_booking(self, channel_label):
        if not self.booking_id:
            return
        self.booking_id._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(rule)s sent to %(partner)s by %(channel)s.",
                rule=self.rule_id.name,
                partner=self.partner_id.display_name,
                channel=channel_label,
            )
        )

    def _engagement_deliver_email(self):
        """Queue the email, rendered in the traveller's language, and keep it
        in the traveller's chatter (the mail.message stays after sending)."""
        partner = self.partner_id
        email_values = {
            "model": "res.partner",
            "res_id": partner.id,
            "is_notification": True,
            "author_id": self.company_id.partner_id.id,
            "recipient_ids": [Command.link(partner.id)],
        }
        if self.kind == "marketing":
            # RFC 8058 one-click unsubscribe, as mass_mailing does
            email_values["headers"] = repr(
                {
                    "List-Unsubscribe": f"<{self._get_unsubscribe_url()}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                }
            )
        mail_id = self.rule_id.mail_template_id.send_mail(
            self.id, email_layout_xmlid=EMAIL_LAYOUT, email_values=email_values
        )
        mail = self.env["mail.mail"].sudo().browse(mail_id)
        self.mail_message_id = mail.mail_message_id
        self._engagement_log_on_booking(self.env._("email"))

    def _engagement_deliver_sms(self):
        """Post the SMS on the traveller (chatter + sms.sms queued for IAP)."""
        partner = self.partner_id
        body = self.rule_id.sms_template_id._render_field(
            "body", self.ids, compute_lang=True
        )[self.id]
        self.mail_message_id = partner._message_sms(
            body,
            partner_ids=partner.ids,
            author_id=self.company_id.partner_id.id,
            put_in_queue=True,
        )
        self._engagement_log_on_booking(self.env._("SMS"))

    def _engagement_deliver_activity(self):
        rule = self.rule_id
        agent = self._engagement_agent(rule, self.partner_id, self.booking_id)
        record = self.booking_id or self.partner_id
        self.activity_id = record.activity_schedule(
            activity_type_id=rule.activity_type_id.id,
            summary=rule.activity_summary or rule.name,
            note=rule.activity_note or "",
            user_id=agent.id,
            date_deadline=fields.Date.context_today(self),
        )
        if self.booking_id:
            self.partner_id._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "%(rule)s: activity planned for %(agent)s on %(booking)s.",
                    rule=rule.name,
                    agent=agent.name,
                    booking=self.booking_id.name,
                )
            )
