from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .value_common import TravelValueCase


@tagged("post_install", "-at_install")
class TestTravelDemoSegmentHistory(TravelValueCase):
    """The demo's segment history: the segmentation replayed every 30 days
    from 540 days ago to 30 days ago, each run on the trips completed by then.

    A company without history, one customer back 400 and 20 days ago (company
    defaults: new 365 days, at risk 440 days after a single trip, potential
    8). The first replay day after the first trip is 390 days ago: a single
    trip 10 days old, New. 30 days ago it is 370 days old (no longer New, not
    yet at risk; alone in the population, R+F+M 3+3+3 = 9): Potential. The
    second trip is after the last replay day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.customer = cls.env["res.partner"].create({"name": "Replayed Customer"})
        cls.bookings = cls.env["travel.booking"].union(
            *[
                cls._trip(cls.customer, cls.today - timedelta(days=days), 100)
                for days in (400, 20)
            ]
        )

    def test_replay_records_the_moves_on_past_days(self):
        replayed = self.env["travel.demo.agency"]._generate_segment_history()
        self.assertIn(self.company, replayed)
        history = self.env["travel.segment.history"].search(
            [("partner_id", "=", self.customer.id)], order="date_from"
        )
        self.assertEqual(
            [
                (row.previous_segment, row.value_segment, row.date_from, row.date_to)
                for row in history
            ],
            [
                (
                    False,
                    "new",
                    self.today - timedelta(days=390),
                    self.today - timedelta(days=30),
                ),
                ("new", "potential", self.today - timedelta(days=30), False),
            ],
        )
        # the trips hidden from the past runs are completed again
        self.assertEqual(set(self.bookings.mapped("state")), {"done"})

    def test_company_with_a_history_is_not_replayed(self):
        Demo = self.env["travel.demo.agency"]
        self.assertIn(self.company, Demo._generate_segment_history())
        rows = self.env["travel.segment.history"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertNotIn(self.company, Demo._generate_segment_history())
        self.assertEqual(
            self.env["travel.segment.history"].search(
                [("company_id", "=", self.company.id)]
            ),
            rows,
        )
