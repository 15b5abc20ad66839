import pytz

from odoo import api, fields, models
from odoo.tools import SQL, format_date, formatLang

# id = (source row id * 10 + slot) * 4096 + position of the partner on the
# booking: stable, distinct across the UNION ALL parts and below 2**53 (safe
# in the web client). Slots 1-7 are the parts of ``_interaction_parts`` in
# order; 8 and 9 are free.


class TravelInteraction(models.Model):
    """One row per interaction with a traveller, read from the tables where
    each interaction lives (no copy, always up to date), dated when it
    happened: a message when it was sent, a booking on its departure, a
    complaint when it was reported, feedback when it was answered, a points
    entry on its day.

    The rows carry the parts of their summary (free text, trip dates, the
    source's state key, a figure); ``summary`` puts them together when read,
    in the reader's language (dates by ``format_date``, states by their
    selection labels).
    """

    _name = "travel.interaction"
    _description = "Traveller Interaction"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "summary"
    _depends = {
        "travel.complaint": [
            "name",
            "partner_id",
            "subject",
            "booking_id",
            "company_id",
            "date_open",
        ],
        "travel.feedback": [
            "partner_id",
            "score",
            "comment",
            "state",
            "booking_id",
            "date_answered",
        ],
        "travel.loyalty.transaction": [
            "partner_id",
            "name",
            "points",
            "booking_id",
            "date",
        ],
        "mail.message": [
            "model",
            "res_id",
            "date",
            "message_type",
            "subtype_id",
            "subject",
            "body",
            "author_id",
            "mail_activity_type_id",
        ],
        "travel.booking": [
            "name",
            "partner_id",
            "traveller_ids",
            "company_id",
            "state",
            "departure_date",
            "return_date",
        ],
        "travel.engagement.message": [
            "partner_id",
            "booking_id",
            "rule_id",
            "state",
            "channel",
            "company_id",
            "mail_message_id",
        ],
        "res.partner": ["company_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Traveller", readonly=True)
    date = fields.Datetime(readonly=True)
    kind = fields.Selection(
        [
            ("email_in", "Email received"),
            ("email_out", "Email sent"),
            ("sms", "SMS"),
            ("call", "Call"),
            ("activity", "Activity done"),
            ("note", "Note"),
            ("booking", "Booking"),
            ("engagement", "Engagement message"),
            ("complaint", "Complaint"),
            ("feedback", "Feedback"),
            ("points", "Points"),
        ],
        readonly=True,
    )
    summary = fields.Char(compute="_compute_summary", search="_search_summary")
    detail = fields.Char(
        string="Text",
        readonly=True,
        help="The free text of the interaction: the message's subject or "
        "start, the booking's reference, the complaint's subject, the "
        "feedback comment, the points entry's description.",
    )
    date_start = fields.Date(string="Trip Start", readonly=True)
    date_end = fields.Date(string="Trip End", readonly=True)
    source_state = fields.Char(
        readonly=True,
        help="State of a booking, channel of an engagement message.",
    )
    figure = fields.Integer(
        readonly=True, help="Score of the feedback, points of the ledger entry."
    )
    author_id = fields.Many2one("res.partner", string="By", readonly=True)
    booking_id = fields.Many2one("travel.booking", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", readonly=True
    )

    @property
    def _table_query(self):
        return SQL(
            "WITH booking_partner AS NOT MATERIALIZED (%s) %s",
            self._booking_partner_query(),
            SQL(" UNION ALL ").join(self._interaction_parts()),
        )

    @api.model
    def _booking_partner_query(self):
        """Every (booking, partner) pair: the customer (seq 0) and each other
        traveller (seq 1, 2, ... in partner order).

        No window function and a NOT MATERIALIZED CTE: a filter on the
        partner (the traveller's timeline, its count on the form) is pushed
        down to the indexed tables instead of numbering every booking's
        travellers first.
        """
        return SQL(
            """
            SELECT b.id AS booking_id, b.partner_id, b.company_id, 0 AS seq
              FROM travel_booking b
            UNION ALL
            SELECT r.booking_id, r.partner_id, b.company_id,
                   1 + (SELECT COUNT(*)
                          FROM travel_booking_traveller_rel r2
                         WHERE r2.booking_id = r.booking_id
                           AND r2.partner_id < r.partner_id
                           AND r2.partner_id <> b.partner_id) AS seq
              FROM travel_booking_traveller_rel r
              JOIN travel_booking b ON b.id = r.booking_id
             WHERE r.partner_id <> b.partner_id
            """
        )

    @api.model
    def _interaction_parts(self):
        """The SELECTs united into the timeline. Each returns the columns id,
        partner_id, date, kind, detail, date_start, date_end, source_state,
        figure, author_id, booking_id, company_id, res_model, res_id (the
        parts a source does not have as NULL, see ``_no_parts_sql``); extend
        the list to add a source."""
        return [
            self._part_partner_messages(),
            self._part_booking_messages(),
            self._part_bookings(),
            self._part_engagement_messages(),
            self._part_complaints(),
            self._part_feedback(),
            self._part_points(),
        ]

    @api.model
    def _no_parts_sql(self):
        """date_start, date_end, source_state, figure of a row without them."""
        return SQL(
            "NULL::date AS date_start, NULL::date AS date_end, "
            "NULL::varchar AS source_state, NULL::integer AS figure"
        )

    @api.model
    def _local_day_sql(self, day):
        """The UTC time of midnight of ``day`` (an SQL date) in the reader's
        timezone: a row dated by a day shows that day."""
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        if tz not in pytz.all_timezones_set:
            tz = "UTC"
        return SQL("((%s)::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'", day, tz)

    @api.model
    def _message_kind_sql(self):
        return SQL(
            """
            CASE
                WHEN m.message_type = 'email' THEN 'email_in'
                WHEN m.message_type = 'sms' THEN 'sms'
                WHEN m.mail_activity_type_id IS NOT NULL THEN
                    CASE WHEN act.category = 'phonecall' THEN 'call'
                         ELSE 'activity' END
                WHEN st.internal THEN 'note'
                ELSE 'email_out'
            END
            """
        )

    @api.model
    def _message_summary_sql(self):
        return SQL(
            """
            LEFT(COALESCE(NULLIF(m.subject, ''), BTRIM(REGEXP_REPLACE(
                REGEXP_REPLACE(COALESCE(m.body, ''), '<[^>]*>', ' ', 'g'),
                '\\s+', ' ', 'g'))), 250)
            """
        )

    @api.model
    def _message_where_sql(self):
        """Conversations, notes, SMS and done activities; not tracking noise,
        and not engagement mails (they come with their own part)."""
        return SQL(
            """
            (m.message_type IN ('email', 'comment', 'sms', 'email_outgoing',
                                'auto_comment')
             OR m.mail_activity_type_id IS NOT NULL)
            AND NOT EXISTS (
                SELECT 1 FROM travel_engagement_message em
                 WHERE em.mail_message_id = m.id)
            """
        )

    @api.model
    def _part_partner_messages(self):
        return SQL(
            """
            SELECT (m.id::bigint * 10 + 1) * 4096 AS id, m.res_id AS partner_id,
                   m.date AS date, %(kind)s AS kind, %(summary)s AS detail,
                   %(no_parts)s,
                   m.author_id AS author_id, NULL::integer AS booking_id,
                   p.company_id AS company_id, m.model AS res_model,
                   m.res_id AS res_id
              FROM mail_message m
              JOIN res_partner p ON p.id = m.res_id
              LEFT JOIN mail_message_subtype st ON st.id = m.subtype_id
              LEFT JOIN mail_activity_type act ON act.id = m.mail_activity_type_id
             WHERE m.model = 'res.partner' AND %(where)s
            """,
            kind=self._message_kind_sql(),
            summary=self._message_summary_sql(),
            no_parts=self._no_parts_sql(),
            where=self._message_where_sql(),
        )

    @api.model
    def _part_booking_messages(self):
        # one row per message and partner of the booking
        return SQL(
            """
            SELECT (m.id::bigint * 10 + 2) * 4096 + bp.seq AS id,
                   bp.partner_id AS partner_id, m.date AS date,
                   %(kind)s AS kind, %(summary)s AS detail, %(no_parts)s,
                   m.author_id AS author_id, bp.booking_id AS booking_id,
                   bp.company_id AS company_id, m.model AS res_model,
                   m.res_id AS res_id
              FROM mail_message m
              JOIN booking_partner bp ON bp.booking_id = m.res_id
              LEFT JOIN mail_message_subtype st ON st.id = m.subtype_id
              LEFT JOIN mail_activity_type act ON act.id = m.mail_activity_type_id
             WHERE m.model = 'travel.booking' AND %(where)s
            """,
            kind=self._message_kind_sql(),
            summary=self._message_summary_sql(),
            no_parts=self._no_parts_sql(),
            where=self._message_where_sql(),
        )

    @api.model
    def _part_bookings(self):
        # a trip is dated by its departure (when it has none yet, its creation)
        return SQL(
            """
            SELECT (b.id::bigint * 10 + 3) * 4096 + bp.seq AS id,
                   bp.partner_id AS partner_id,
                   COALESCE(%(departure)s, b.create_date) AS date,
                   'booking' AS kind, b.name AS detail,
                   b.departure_date AS date_start, b.return_date AS date_end,
                   b.state::varchar AS source_state, NULL::integer AS figure,
                   b.create_uid_partner AS author_id, b.id AS booking_id,
                   b.company_id AS company_id, 'travel.booking' AS res_model,
                   b.id AS res_id
              FROM booking_partner bp
              JOIN (SELECT tb.*, u.partner_id AS create_uid_partner
                      FROM travel_booking tb
                      LEFT JOIN res_users u ON u.id = tb.create_uid) b
                ON b.id = bp.booking_id
            """,
            departure=self._local_day_sql(SQL("b.departure_date")),
        )

    @api.model
    def _part_engagement_messages(self):
        # sent when its chatter message was posted (else when it was recorded)
        return SQL(
            """
            SELECT (em.id::bigint * 10 + 4) * 4096 AS id, em.partner_id AS partner_id,
                   COALESCE(mm.date, em.create_date) AS date, 'engagement' AS kind,
                   COALESCE(r.name->>%(lang)s, r.name->>'en_US') AS detail,
                   NULL::date AS date_start, NULL::date AS date_end,
                   em.channel::varchar AS source_state, NULL::integer AS figure,
                   NULL::integer AS author_id, em.booking_id AS booking_id,
                   em.company_id AS company_id,
                   'travel.engagement.message' AS res_model, em.id AS res_id
              FROM travel_engagement_message em
              JOIN travel_engagement_rule r ON r.id = em.rule_id
              LEFT JOIN mail_message mm ON mm.id = em.mail_message_id
             WHERE em.state = 'sent'
            """,
            lang=self.env.lang or "en_US",
        )

    @api.model
    def _part_complaints(self):
        return SQL(
            """
            SELECT (c.id::bigint * 10 + 5) * 4096 AS id, c.partner_id AS partner_id,
                   COALESCE(c.date_open, c.create_date) AS date, 'complaint' AS kind,
                   CONCAT(c.name, ': ', c.subject) AS detail, %(no_parts)s,
                   NULL::integer AS author_id, c.booking_id AS booking_id,
                   c.company_id AS company_id, 'travel.complaint' AS res_model,
                   c.id AS res_id
              FROM travel_complaint c
             WHERE c.partner_id IS NOT NULL
            """,
            no_parts=self._no_parts_sql(),
        )

    @api.model
    def _part_feedback(self):
        return SQL(
            """
            SELECT (f.id::bigint * 10 + 6) * 4096 AS id, f.partner_id AS partner_id,
                   COALESCE(f.date_answered, f.create_date) AS date, 'feedback' AS kind,
                   LEFT(f.comment, 250) AS detail,
                   NULL::date AS date_start, NULL::date AS date_end,
                   NULL::varchar AS source_state, f.score AS figure,
                   NULL::integer AS author_id, f.booking_id AS booking_id,
                   f.company_id AS company_id, 'travel.feedback' AS res_model,
                   f.id AS res_id
              FROM travel_feedback f
             WHERE f.state = 'answered'
            """
        )

    @api.model
    def _part_points(self):
        # the entry's day; the time it was recorded when recorded that day
        return SQL(
            """
            SELECT (t.id::bigint * 10 + 7) * 4096 AS id, t.partner_id AS partner_id,
                   CASE WHEN t.create_date >= %(day)s
                         AND t.create_date < %(day)s + INTERVAL '1 day'
                        THEN t.create_date ELSE %(day)s END AS date,
                   'points' AS kind, LEFT(t.name, 250) AS detail,
                   NULL::date AS date_start, NULL::date AS date_end,
                   NULL::varchar AS source_state, t.points AS figure,
                   NULL::integer AS author_id, t.booking_id AS booking_id,
                   t.company_id AS company_id,
                   'travel.loyalty.transaction' AS res_model, t.id AS res_id
              FROM travel_loyalty_transaction t
            """,
            day=self._local_day_sql(SQL("t.date")),
        )

    # ------------------------------------------------------------------
    # The summary, in the reader's language
    # ------------------------------------------------------------------

    @api.depends("kind", "detail", "date_start", "date_end", "source_state", "figure")
    @api.depends_context("lang")
    def _compute_summary(self):
        states = {
            "booking": dict(
                self.env["travel.booking"]
                ._fields["state"]
                ._description_selection(self.env)
            ),
            "engagement": dict(
                self.env["travel.engagement.message"]
                ._fields["channel"]
                ._description_selection(self.env)
            ),
        }
        for row in self:
            labels = states.get(row.kind, {})
            row.summary = row._summary(labels.get(row.source_state, row.source_state))

    def _summary(self, state):
        """The row's summary, ``state`` the label of its source's state."""
        _ = self.env._
        detail = self.detail or ""
        if self.kind == "booking":
            dates = {
                "booking": detail,
                "state": state,
                "departure": format_date(self.env, self.date_start),
                "return": format_date(self.env, self.date_end),
            }
            if self.date_start and self.date_end:
                return _(
                    "%(booking)s, %(departure)s to %(return)s (%(state)s)", **dates
                )
            if self.date_start:
                return _("%(booking)s, departing %(departure)s (%(state)s)", **dates)
            return _("%(booking)s (%(state)s)", **dates)
        if self.kind == "engagement":
            return _("%(rule)s (%(channel)s)", rule=detail, channel=state)
        if self.kind == "feedback":
            if detail:
                return _(
                    "NPS %(score)s: %(comment)s", score=self.figure, comment=detail
                )
            return _("NPS %(score)s", score=self.figure)
        if self.kind == "points":
            points = formatLang(self.env, self.figure, digits=0)
            if self.figure > 0:
                points = "+" + points
            return _("%(entry)s (%(points)s)", entry=detail, points=points)
        return detail

    def _search_summary(self, operator, value):
        return [("detail", operator, value)]

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
            "target": "current",
        }
