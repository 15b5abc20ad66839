"""Engagement rules: what to send on which channel, and the cron that sends
it. Whom a rule concerns on a day (its events per trigger and its audience) is
in ``travel_engagement_rule_events.py``."""

import calendar
import logging
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ...tools.cron_batch import CronBatch
from ..value.res_partner import LIFECYCLE_STAGES, VALUE_SEGMENTS

_logger = logging.getLogger(__name__)

# Triggers whose "days" parameter is part of the event (a 7-day and a 1-day
# pre-departure reminder are two different messages).
DAYS_TRIGGERS = {
    "before_departure",
    "after_return",
    "inactivity",
    "document_expiry",
    "points_expiry",
}
# Triggers that are about a trip or an obligation of the traveller rather
# than a promotion: rules on them default to the "service" kind.
SERVICE_TRIGGERS = {
    "before_departure",
    "after_return",
    "document_expiry",
    "points_expiry",
}
# A missed cron day must not lose a post-trip message: events whose sending
# day passed at most this many days ago are still sent.
CATCH_UP_DAYS = 7
# Maximum messages one cron call sends; the cron runner calls again while
# `_notify_progress` reports remaining work.
CRON_LIMIT = 1000
CRON_BATCH_SIZE = 100

TRIGGERS = [
    ("birthday", "Birthday"),
    ("first_trip_anniversary", "Anniversary of the first trip"),
    ("before_departure", "Days before departure"),
    ("after_return", "Days after return"),
    ("inactivity", "Days without booking (win-back)"),
    ("document_expiry", "Travel document expiring within days"),
    ("points_expiry", "Loyalty points expiring within days"),
    ("holiday", "Holiday greeting"),
]
CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("activity", "Activity for the agent"),
]
KINDS = [
    ("marketing", "Marketing"),
    ("service", "Service"),
]
MONTHS = [(str(month), calendar.month_name[month]) for month in range(1, 13)]


class TravelEngagementRule(models.Model):
    _name = "travel.engagement.rule"
    _description = "Travel Engagement Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    trigger = fields.Selection(
        TRIGGERS,
        required=True,
        default="birthday",
        index=True,
    )
    days = fields.Integer(
        default=7,
        help="Before departure: days before the departure date. After return: "
        "days after the return date. Inactivity: days since the last booking "
        "or trip. Document and points expiry: how many days ahead to warn.",
    )
    holiday_month = fields.Selection(MONTHS)
    holiday_day = fields.Integer()
    kind = fields.Selection(
        KINDS,
        compute="_compute_kind",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Marketing messages go only to customers who gave marketing consent "
        "and whose email or phone is not blacklisted. Service messages go to "
        "every traveller concerned.",
    )
    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="email",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'travel.engagement.message')]",
        ondelete="restrict",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain="[('model', '=', 'travel.engagement.message')]",
        ondelete="restrict",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        ondelete="restrict",
    )
    activity_summary = fields.Char(translate=True)
    activity_note = fields.Html(translate=True)
    activity_user_id = fields.Many2one(
        "res.users",
        string="Fallback Agent",
        domain="[('share', '=', False)]",
        ondelete="set null",
        help="Gets the activity when neither the booking nor the customer has "
        "an agent or salesperson.",
    )
    partner_domain = fields.Char(
        string="Audience Filter",
        default="[]",
        help="Only customers matching this filter are messaged.",
    )
    category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="When set, only customers with at least one of these tags.",
    )
    loyalty_tier_ids = fields.Many2many(
        "travel.loyalty.tier",
        string="Loyalty Tiers",
        help="When set, only customers currently in one of these tiers.",
    )
    value_segment = fields.Selection(
        VALUE_SEGMENTS,
        help="When set, only customers in this value segment (from the "
        "customer value segmentation).",
    )
    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        help="When set, only customers at this lifecycle stage (from the "
        "customer value segmentation).",
    )
    message_ids = fields.One2many(
        "travel.engagement.message", "rule_id", string="Messages"
    )
    message_count = fields.Integer(compute="_compute_message_count")

    @api.depends("trigger")
    def _compute_kind(self):
        for rule in self:
            rule.kind = "service" if rule.trigger in SERVICE_TRIGGERS else "marketing"

    def _compute_message_count(self):
        counts = dict(
            self.env["travel.engagement.message"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.message_count = counts.get(rule, 0)

    @api.constrains("trigger", "days", "holiday_month", "holiday_day")
    def _check_trigger_parameters(self):
        for rule in self:
            if rule.trigger in DAYS_TRIGGERS and rule.days < 0:
                raise ValidationError(
                    self.env._(
                        "The number of days of rule %(rule)s cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.trigger == "inactivity" and rule.days < 1:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs at least one day of inactivity.",
                        rule=rule.name,
                    )
                )
            if rule.trigger == "holiday":
                try:
                    # 2024 is a leap year: 29 February is a valid holiday.
                    date(2024, int(rule.holiday_month or 0), rule.holiday_day)
                except ValueError as error:
                    raise ValidationError(
                        self.env._(
                            "Give rule %(rule)s a valid holiday month and day.",
                            rule=rule.name,
                        )
                    ) from error

    @api.constrains(
        "channel", "mail_template_id", "sms_template_id", "activity_type_id"
    )
    def _check_channel_template(self):
        for rule in self:
            missing = (
                (rule.channel == "email" and not rule.mail_template_id)
                or (rule.channel == "sms" and not rule.sms_template_id)
                or (rule.channel == "activity" and not rule.activity_type_id)
            )
            if missing:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s needs an email template, an SMS template or "
                        "an activity type matching its channel.",
                        rule=rule.name,
                    )
                )

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for rule in self:
            try:
                self.env["res.partner"]._search(rule._get_partner_domain_filter())
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The audience filter of rule %(rule)s is not valid: %(error)s",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_messages(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_engagement_message_action"
        )
        action["domain"] = [("rule_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_run_now(self):
        """Send what the selected rules would send on today's cron run."""
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise UserError(self.env._("Only travel managers can run rules."))
        inactive = self.filtered(lambda r: not r.active)
        if inactive:
            raise UserError(
                self.env._(
                    "Activate %(rules)s before running it.",
                    rules=", ".join(inactive.mapped("name")),
                )
            )
        self.sudo()._engagement_process(limit=None)
        return self.action_view_messages()

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_travel_engagement(self, batch_size=CRON_BATCH_SIZE, limit=CRON_LIMIT):
        """Send the messages of every active rule that are due today.

        Idempotent: what was already sent (or deliberately skipped) for an event
        is recorded with its dedupe key and never sent again.
        """
        rules = self.sudo().search([])
        return rules._engagement_process(batch_size=batch_size, limit=limit)

    def _engagement_process(self, batch_size=CRON_BATCH_SIZE, limit=CRON_LIMIT):
        """Send the due messages of these rules, at most ``limit`` of them
        (``None``: all); what the limit leaves stays ``remaining`` so that the
        cron runner calls again."""
        today = fields.Date.context_today(self)
        pending = self._engagement_collect(today)
        to_send = pending[:limit] if limit else pending
        progress = CronBatch(self.env, len(pending))
        Message = self.env["travel.engagement.message"]
        for batch in progress.batches(to_send, batch_size):
            Message._engagement_send(batch)
        done = progress.close()
        _logger.info(
            "Travel engagement: %s messages handled, %s left",
            done,
            progress.remaining,
        )
        return done

    def _engagement_collect(self, today):
        """Return the messages due today, as a list of value dicts.

        Per rule: one query for the events, one for the audience and one for
        the dedupe keys already used; consent, blacklist and contact data are
        checked in memory on the prefetched partners. Two rules for the same
        event and channel yield one message: the first rule (in sequence
        order) that may send wins, else the first one records the skip.

        A skip does not close the event: when the reason goes away while the
        event is still due (consent given, email added, a service rule
        overlapping a marketing one), the skip is replaced by the message.
        """
        pending = {}
        for rule in self:
            rule._engagement_collect_rule(today, pending)
        return list(pending.values())

    def _engagement_collect_rule(self, today, pending):
        """Add the rule's due messages to ``pending`` ({dedupe key: vals})."""
        self.ensure_one()
        Message = self.env["travel.engagement.message"]
        events, partners, bookings = self._engagement_audience_events(today)
        existing = Message._engagement_existing_keys([e["dedupe_key"] for e in events])
        for event in events:
            key = event["dedupe_key"]
            partner = partners.browse(event["partner_id"]).with_prefetch(
                partners._prefetch_ids
            )
            booking = bookings.browse(event.get("booking_id") or []).with_prefetch(
                bookings._prefetch_ids
            )
            reason = Message._engagement_skip_reason(self, partner, booking)
            previous = pending.get(key)
            if previous:
                # an earlier rule has the event: a message beats its skip
                if previous["skip_reason"] and not reason:
                    pending[key] = self._engagement_message_vals(
                        event, reason, previous.get("replace_id")
                    )
                continue
            replace_id = False
            if key in existing:
                message_id, state = existing[key]
                # sent or failed stays; a recorded skip gives way to a message
                if state != "skipped" or reason:
                    continue
                replace_id = message_id
            pending[key] = self._engagement_message_vals(event, reason, replace_id)

    def _engagement_message_vals(self, event, skip_reason, replace_id):
        self.ensure_one()
        return {
            "rule_id": self.id,
            "company_id": self.company_id.id,
            "trigger": self.trigger,
            "channel": self.channel,
            "kind": self.kind,
            "partner_id": event["partner_id"],
            "booking_id": event.get("booking_id") or False,
            "event_date": event["event_date"],
            "res_model": event.get("res_model") or False,
            "res_id": event.get("res_id") or False,
            "points": event.get("points") or 0.0,
            "dedupe_key": event["dedupe_key"],
            "skip_reason": skip_reason or False,
            "replace_id": replace_id or False,
        }

    def _engagement_dedupe_key(self, event):
        """trigger:days:event:partner:channel -- the rule id is left out on
        purpose so overlapping rules never message the same event twice on the
        same channel; the days are kept for the triggers where a different
        offset is a different message (7-day and 1-day reminders)."""
        self.ensure_one()
        days = self.days if self.trigger in DAYS_TRIGGERS else 0
        return (
            f"{self.trigger}:{days}:{event['event_ref']}:"
            f"{event['partner_id']}:{self.channel}"
        )
