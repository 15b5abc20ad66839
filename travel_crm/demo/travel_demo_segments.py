from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# days between two past runs of the segmentation, and how far back they go
REPLAY_STEP = 30
REPLAY_DAYS = 540


class TravelDemoAgency(models.AbstractModel):
    """The demo agency's segment history: the segmentation as if its cron had
    run every month since the agency's first completed trip."""

    _inherit = "travel.demo.agency"

    @api.model
    def _generate_segment_history(self):
        """Score the customers of the companies without any segment history
        on past days (every ``REPLAY_STEP`` days up to a month ago), each run
        seeing only the trips completed by then: the history records the
        moves those runs make, dated on those days, as the nightly cron would
        have. The run of today (the demo's next step) then leaves every
        customer's scores as of today. A company with a history is left
        alone (a second install adds nothing). Returns the companies
        replayed."""
        History = self.env["travel.segment.history"].sudo()
        started = [company.id for (company,) in History._read_group([], ["company_id"])]
        companies = self.env["res.company"].sudo().search([("id", "not in", started)])
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"].sudo()
        replayed = self.env["res.company"].sudo()
        for days in range(REPLAY_DAYS, 0, -REPLAY_STEP):
            day = today - timedelta(days=days)
            later = self._demo_trips_after(day, companies)
            self._demo_set_state(later, "in_progress")
            try:
                for company, ids in Partner._travel_value_candidates().items():
                    if company in companies:
                        Partner.browse(ids)._travel_value_score_now(company, day)
                        replayed |= company
            finally:
                self._demo_set_state(later, "done")
        return replayed

    def _demo_trips_after(self, day, companies):
        """Ids of the completed bookings of ``companies`` whose trip ends
        after ``day``."""
        self.env["travel.booking"].flush_model()
        trip_date = self.env["res.partner"]._travel_value_trip_date_sql()
        return [
            booking_id
            for (booking_id,) in self.env.execute_query(
                SQL(
                    """SELECT b.id FROM travel_booking b
                        WHERE b.state = 'done' AND b.company_id = ANY(%s)
                          AND %s > %s""",
                    companies.ids,
                    trip_date,
                    day,
                )
            )
        ]

    def _demo_set_state(self, booking_ids, state):
        """Set the state of bookings in SQL, behind the ORM's back: a past run
        must not see the trips completed after it, and nothing (tracking,
        points, invoices) may react to the change, undone right after."""
        if not booking_ids:
            return
        self.env["travel.booking"].flush_model()
        self.env.execute_query(
            SQL(
                "UPDATE travel_booking SET state = %s WHERE id = ANY(%s)",
                state,
                booking_ids,
            )
        )
        self.env.invalidate_all()
