import calendar
import logging
import threading
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, split_every
from odoo.tools.safe_eval import safe_eval

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
        [
            ("high", "High value"),
            ("potential", "Potential"),
            ("low", "Low value"),
            ("at_risk", "At risk"),
            ("lost", "Lost"),
            ("new", "New"),
        ],
        help="Applies once customer value analytics are installed.",
    )
    lifecycle_stage = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("first_time", "First-time"),
            ("repeat", "Repeat"),
            ("loyal", "Loyal"),
            ("at_risk", "At risk"),
            ("churned", "Churned"),
        ],
        help="Applies once customer value analytics are installed.",
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
        today = fields.Date.context_today(self)
        pending = self._engagement_collect(today)
        total = len(pending)
        to_send = pending[:limit] if limit else pending
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        Message = self.env["travel.engagement.message"]
        done = 0
        for batch in split_every(batch_size, to_send):
            Message._engagement_send(batch)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if not done:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
        _logger.info(
            "Travel engagement: %s messages handled, %s left", done, total - done
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
        Message = self.env["travel.engagement.message"]
        pending = {}
        for rule in self:
            events = rule._engagement_events(today)
            if not events:
                continue
            partners = (
                self.env["res.partner"]
                .with_context(active_test=True)
                .search(
                    rule._get_audience_domain()
                    + [("id", "in", list({e["partner_id"] for e in events}))]
                )
            )
            bookings = self.env["travel.booking"].browse(
                {e["booking_id"] for e in events if e.get("booking_id")}
            )
            events = [e for e in events if e["partner_id"] in partners._ids]
            for event in events:
                event["dedupe_key"] = rule._engagement_dedupe_key(event)
            existing = Message._engagement_existing_keys(
                [e["dedupe_key"] for e in events]
            )
            for event in events:
                key = event["dedupe_key"]
                partner = partners.browse(event["partner_id"]).with_prefetch(
                    partners._prefetch_ids
                )
                booking = bookings.browse(event.get("booking_id") or []).with_prefetch(
                    bookings._prefetch_ids
                )
                reason = Message._engagement_skip_reason(rule, partner, booking)
                previous = pending.get(key)
                if previous:
                    if previous["skip_reason"] and not reason:
                        pending[key] = rule._engagement_message_vals(
                            event, reason, previous.get("replace_id")
                        )
                    continue
                replace_id = False
                if key in existing:
                    message_id, state = existing[key]
                    if state != "skipped" or reason:
                        continue
                    replace_id = message_id
                pending[key] = rule._engagement_message_vals(event, reason, replace_id)
        return list(pending.values())

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

    # ------------------------------------------------------------------
    # Audience
    # ------------------------------------------------------------------

    def _get_partner_domain_filter(self):
        self.ensure_one()
        domain = safe_eval(self.partner_domain or "[]")
        if not isinstance(domain, list):
            raise ValidationError(self.env._("The audience filter must be a list."))
        return domain

    def _get_audience_domain(self):
        self.ensure_one()
        Partner = self.env["res.partner"]
        domain = [("company_id", "in", [self.company_id.id, False])]
        domain += self._get_partner_domain_filter()
        if self.category_ids:
            domain.append(("category_id", "in", self.category_ids.ids))
        if self.loyalty_tier_ids:
            domain.append(("loyalty_tier_id", "in", self.loyalty_tier_ids.ids))
        # Guarded: these partner fields come with the customer value feature.
        if self.value_segment and "value_segment" in Partner._fields:
            domain.append(("value_segment", "=", self.value_segment))
        if self.lifecycle_stage and "lifecycle_stage" in Partner._fields:
            domain.append(("lifecycle_stage", "=", self.lifecycle_stage))
        return domain

    # ------------------------------------------------------------------
    # Events per trigger: each returns a list of dicts with partner_id,
    # event_date, event_ref (identity of the event for the dedupe key) and
    # optionally booking_id, res_model/res_id, points.
    # ------------------------------------------------------------------

    def _engagement_events(self, today):
        self.ensure_one()
        return getattr(self, f"_engagement_events_{self.trigger}")(today)

    @api.model
    def _engagement_same_day_domain(self, fname, month, day, today):
        """Domain matching dates on (month, day); 29 February is celebrated
        on 28 February in common years."""
        days = [day]
        if month == 2 and day == 28 and not calendar.isleap(today.year):
            days.append(29)
        # 18.0 compiles date-part "in" into invalid SQL: one "=" per day
        day_domain = expression.OR(
            [[(f"{fname}.day_of_month", "=", day)] for day in days]
        )
        return [(f"{fname}.month_number", "=", month)] + day_domain

    def _engagement_events_birthday(self, today):
        partners = self.env["res.partner"].search(
            self._engagement_same_day_domain("birthdate", today.month, today.day, today)
        )
        return [
            {
                "partner_id": partner.id,
                "event_date": today,
                "event_ref": str(today.year),
            }
            for partner in partners
        ]

    def _engagement_events_holiday(self, today):
        month, day = int(self.holiday_month or 0), self.holiday_day
        if (month, day) == (2, 29) and not calendar.isleap(today.year):
            day = 28
        if (today.month, today.day) != (month, day):
            return []
        partners = self.env["res.partner"].search(self._travel_customer_domain())
        return [
            {
                "partner_id": partner.id,
                "event_date": today,
                "event_ref": f"{month:02d}-{self.holiday_day:02d}:{today.year}",
            }
            for partner in partners
        ]

    def _travel_customer_domain(self):
        """Partners who ordered or travelled on a booking of the rule's company."""
        self.ensure_one()
        customers = SQL(
            """
            SELECT b.partner_id FROM travel_booking b
             WHERE b.company_id = %(company)s AND b.state != 'cancel'
            UNION
            SELECT r.partner_id FROM travel_booking_traveller_rel r
              JOIN travel_booking b ON b.id = r.booking_id
             WHERE b.company_id = %(company)s AND b.state != 'cancel'
            """,
            company=self.company_id.id,
        )
        self.env["travel.booking"].flush_model(["partner_id", "company_id", "state"])
        self.env["travel.booking"].flush_model(["traveller_ids"])
        ids = [row[0] for row in self.env.execute_query(customers)]
        return [("id", "in", ids)]

    def _engagement_booking_events(self, bookings, date_fname):
        events = []
        for booking in bookings:
            event_date = booking[date_fname]
            for partner in booking.partner_id | booking.traveller_ids:
                events.append(
                    {
                        "partner_id": partner.id,
                        "booking_id": booking.id,
                        "event_date": event_date,
                        "event_ref": f"{booking.id}:{event_date}",
                    }
                )
        return events

    def _engagement_events_before_departure(self, today):
        bookings = self.env["travel.booking"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "confirmed"),
                ("departure_date", ">=", today),
                ("departure_date", "<=", today + timedelta(days=self.days)),
            ]
        )
        return self._engagement_booking_events(bookings, "departure_date")

    def _engagement_events_after_return(self, today):
        last = today - timedelta(days=self.days)
        bookings = self.env["travel.booking"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("in_progress", "done")),
                ("return_date", "<=", last),
                ("return_date", ">=", last - timedelta(days=CATCH_UP_DAYS)),
            ]
        )
        return self._engagement_booking_events(bookings, "return_date")

    def _engagement_events_first_trip_anniversary(self, today):
        days = [today.day]
        if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
            days.append(29)
        Booking = self.env["travel.booking"]
        Booking.flush_model(["partner_id", "company_id", "state", "departure_date"])
        Booking.flush_model(["traveller_ids"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, booking_id, departure_date FROM (
                    SELECT DISTINCT ON (trip.partner_id)
                           trip.partner_id, trip.booking_id, trip.departure_date
                      FROM (
                        SELECT b.partner_id, b.id AS booking_id, b.departure_date
                          FROM travel_booking b
                         WHERE b.company_id = %(company)s AND b.state = 'done'
                           AND b.departure_date IS NOT NULL
                        UNION ALL
                        SELECT r.partner_id, b.id, b.departure_date
                          FROM travel_booking_traveller_rel r
                          JOIN travel_booking b ON b.id = r.booking_id
                         WHERE b.company_id = %(company)s AND b.state = 'done'
                           AND b.departure_date IS NOT NULL
                      ) trip
                  ORDER BY trip.partner_id, trip.departure_date, trip.booking_id
                ) first_trip
                WHERE EXTRACT(MONTH FROM departure_date) = %(month)s
                  AND EXTRACT(DAY FROM departure_date) IN %(days)s
                  AND departure_date < %(year_start)s
                """,
                company=self.company_id.id,
                month=today.month,
                days=tuple(days),
                year_start=date(today.year, 1, 1),
            )
        )
        return [
            {
                "partner_id": partner_id,
                "booking_id": booking_id,
                "event_date": today,
                "event_ref": str(today.year),
            }
            for partner_id, booking_id, _departure in rows
        ]

    def _engagement_events_inactivity(self, today):
        """Customers whose last trip (return date, else departure date, else
        the day an undated booking was made) is at least `days` old.

        One win-back per dormancy: the event is the last booking, so a new
        booking re-arms the rule."""
        Booking = self.env["travel.booking"]
        Booking.flush_model(
            ["partner_id", "company_id", "state", "departure_date", "return_date"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, booking_id, last_date FROM (
                    SELECT DISTINCT ON (b.partner_id)
                           b.partner_id, b.id AS booking_id,
                           COALESCE(b.return_date, b.departure_date,
                                    b.create_date::date) AS last_date
                      FROM travel_booking b
                     WHERE b.company_id = %(company)s AND b.state != 'cancel'
                  ORDER BY b.partner_id, last_date DESC, b.id DESC
                ) last_booking
                WHERE last_date <= %(limit)s
                """,
                company=self.company_id.id,
                limit=today - timedelta(days=self.days),
            )
        )
        return [
            {
                "partner_id": partner_id,
                "booking_id": booking_id,
                "event_date": last_date,
                "event_ref": str(booking_id),
            }
            for partner_id, booking_id, last_date in rows
        ]

    def _engagement_events_document_expiry(self, today):
        # Guarded: travel.document comes with the traveller profiles feature.
        if "travel.document" not in self.env:
            return []
        documents = self.env["travel.document"].search(
            [
                ("expiry_date", ">=", today),
                ("expiry_date", "<=", today + timedelta(days=self.days)),
                ("partner_id", "!=", False),
            ]
        )
        return [
            {
                "partner_id": document.partner_id.id,
                "event_date": document.expiry_date,
                "event_ref": f"{document.id}:{document.expiry_date}",
                "res_model": "travel.document",
                "res_id": document.id,
            }
            for document in documents
        ]

    def _engagement_events_points_expiry(self, today):
        Transaction = self.env["travel.loyalty.transaction"]
        # only what is still unspent of each award expires (FIFO consumption)
        domain = [
            ("expiry_date", ">=", today),
            ("expiry_date", "<=", today + timedelta(days=self.days)),
            ("points", ">", 0),
            ("open_points", ">", 0),
            ("partner_id", "!=", False),
            ("company_id", "in", [self.company_id.id, False]),
        ]
        groups = Transaction._read_group(
            domain, ["partner_id"], ["open_points:sum", "expiry_date:min"]
        )
        return [
            {
                "partner_id": partner.id,
                "event_date": expiry_date,
                "event_ref": str(expiry_date),
                "points": points,
            }
            for partner, points, expiry_date in groups
        ]
