"""Who an engagement rule concerns today: its events and its audience.

``_engagement_events_<trigger>(today)`` returns a list of dicts with
partner_id, event_date, event_ref (identity of the event for the dedupe key)
and optionally booking_id, res_model/res_id, points; ``_engagement_audience_events``
keeps those of the rule's audience. ``_engagement_collect``
(``travel_engagement_rule.py``) then drops what was already recorded.
"""

from datetime import date, timedelta

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ...tools.anniversary import celebrated_days
from .travel_engagement_rule import CATCH_UP_DAYS


class TravelEngagementRule(models.Model):
    _inherit = "travel.engagement.rule"

    def _engagement_events(self, today):
        self.ensure_one()
        return getattr(self, f"_engagement_events_{self.trigger}")(today)

    # ------------------------------------------------------------------
    # Audience
    # ------------------------------------------------------------------

    def _engagement_audience_events(self, today):
        """The rule's events of ``today`` for partners of its audience, each
        with its dedupe key, and the partners and bookings they concern."""
        self.ensure_one()
        Partner = self.env["res.partner"].with_context(active_test=True)
        Booking = self.env["travel.booking"]
        events = self._engagement_events(today)
        if not events:
            return [], Partner, Booking
        partners = Partner.search(
            self._get_audience_domain()
            + [("id", "in", list({e["partner_id"] for e in events}))]
        )
        bookings = Booking.browse(
            {e["booking_id"] for e in events if e.get("booking_id")}
        )
        events = [e for e in events if e["partner_id"] in partners._ids]
        for event in events:
            event["dedupe_key"] = self._engagement_dedupe_key(event)
        return events, partners, bookings

    def _get_partner_domain_filter(self):
        self.ensure_one()
        domain = safe_eval(self.partner_domain or "[]")
        if not isinstance(domain, list):
            raise ValidationError(self.env._("The audience filter must be a list."))
        return domain

    def _get_audience_domain(self):
        self.ensure_one()
        domain = [("company_id", "in", [self.company_id.id, False])]
        domain += self._get_partner_domain_filter()
        if self.category_ids:
            domain.append(("category_id", "in", self.category_ids.ids))
        if self.loyalty_tier_ids:
            domain.append(("loyalty_tier_id", "in", self.loyalty_tier_ids.ids))
        if self.value_segment:
            domain.append(("value_segment", "=", self.value_segment))
        if self.lifecycle_stage:
            domain.append(("lifecycle_stage", "=", self.lifecycle_stage))
        return domain

    # ------------------------------------------------------------------
    # Shared by the triggers
    # ------------------------------------------------------------------

    @api.model
    def _engagement_same_day_domain(self, fname, today):
        """Domain matching the dates of field ``fname`` whose anniversary is
        ``today``."""
        # 18.0 compiles date-part "in" into invalid SQL: one "=" per day
        day_domain = expression.OR(
            [[(f"{fname}.day_of_month", "=", day)] for day in celebrated_days(today)]
        )
        return [(f"{fname}.month_number", "=", today.month)] + day_domain

    def _engagement_return_window(self, today):
        """(first, last) return dates of the trips the post-trip rule thanks
        today: returned ``days`` ago, or up to ``CATCH_UP_DAYS`` earlier when a
        cron day was missed."""
        self.ensure_one()
        last = today - timedelta(days=self.days)
        return last - timedelta(days=CATCH_UP_DAYS), last

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
        self.env["travel.booking"].flush_model(
            ["partner_id", "company_id", "state", "traveller_ids"]
        )
        ids = [row[0] for row in self.env.execute_query(customers)]
        return [("id", "in", ids)]

    def _engagement_booking_events(self, bookings, date_fname):
        """One event per booking and person on it (customer and travellers)."""
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

    # ------------------------------------------------------------------
    # One method per trigger
    # ------------------------------------------------------------------

    def _engagement_events_birthday(self, today):
        partners = self.env["res.partner"].search(
            self._engagement_same_day_domain("birthdate", today)
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
        month = int(self.holiday_month or 0)
        if today.month != month or self.holiday_day not in celebrated_days(today):
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
        first, last = self._engagement_return_window(today)
        bookings = self.env["travel.booking"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("in_progress", "done")),
                ("return_date", "<=", last),
                ("return_date", ">=", first),
            ]
        )
        return self._engagement_booking_events(bookings, "return_date")

    def _engagement_events_first_trip_anniversary(self, today):
        self.env["travel.booking"].flush_model(
            ["partner_id", "company_id", "state", "departure_date", "traveller_ids"]
        )
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
                days=tuple(celebrated_days(today)),
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
        self.env["travel.booking"].flush_model(
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
