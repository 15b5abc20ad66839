"""The escalation cron's queries grow with its batches, not with the number of
complaints: activities are created per batch and each person gets one
notification per batch (issue #19; bench/README.md has the large figures)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .service_common import ServiceRecoveryCase

T0 = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestEscalationQueries(ServiceRecoveryCase):
    def setUp(self):
        super().setUp()
        self._close_open_complaints()

    def _close_open_complaints(self):
        """Only the complaints made next are open: a run handles them alone."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE travel_complaint SET state = 'closed' WHERE state IN %s",
                ("new", "in_progress", "waiting"),
            )
        )
        self.env.invalidate_all()

    def _complaints(self, count, start):
        """Half urgent and unanswered (breached after 9 h), half high and
        answered (at risk after 20 h), shared between two agents."""
        self._close_open_complaints()
        with freeze_time(start):
            complaints = self.env["travel.complaint"].create(
                [
                    {
                        "subject": f"Delay {i}",
                        "booking_id": self.booking.id,
                        "priority": "3" if i % 2 else "2",
                        "user_id": (self.user_agent if i % 4 < 2 else self.agent_2).id,
                    }
                    for i in range(count)
                ]
            )
            complaints.filtered(lambda c: c.priority == "2")._set_first_response_date(
                start
            )
            self.env.flush_all()
        return complaints

    def _cron_queries(self, complaints, start, batch_size=200, expected=None):
        """Queries of a run 20 h after ``start`` (``expected``: assert it)."""
        with freeze_time(start + timedelta(hours=20)):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            if expected is None:
                self.env["travel.complaint"]._cron_escalate_sla(batch_size=batch_size)
            else:
                with self.assertQueryCount(expected):
                    self.env["travel.complaint"]._cron_escalate_sla(
                        batch_size=batch_size
                    )
            self.env.flush_all()
            queries = self.cr.sql_log_count - before
        self.assertEqual(
            sorted(set(complaints.mapped("sla_status"))), ["at_risk", "breached"]
        )
        self.assertTrue(all(c.sla_warned or c.sla_escalated for c in complaints))
        return queries

    def test_escalation_queries_do_not_grow_with_complaints(self):
        # a first run fills the caches (registry, activity types, templates)
        self._cron_queries(self._complaints(4, T0), T0)
        ten = self._complaints(10, T0 + timedelta(days=2))
        queries_10 = self._cron_queries(ten, T0 + timedelta(days=2))
        twenty = self._complaints(20, T0 + timedelta(days=4))
        queries_20 = self._cron_queries(twenty, T0 + timedelta(days=4))
        self.assertEqual(queries_20, queries_10)
        # and every complaint got its activities: one warning for its agent,
        # one escalation per travel manager
        managers = twenty._get_travel_managers()[self.company]
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "travel.complaint"), ("res_id", "in", twenty.ids)]
        )
        self.assertEqual(len(activities), 10 + 10 * len(managers))
        warned = activities.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("travel_crm.mail_activity_type_complaint_sla_risk")
            )
        )
        self.assertEqual(
            sorted(warned.mapped("res_id")),
            sorted(twenty.filtered(lambda c: c.priority == "2").ids),
        )
        # one notification per agent for the batch, listing their complaints
        notices = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.user_agent.partner_id.ids),
                ("subject", "ilike", "at risk"),
            ],
            order="id desc",
            limit=1,
        )
        self.assertIn("5 complaints at risk", notices.subject)
        for complaint in twenty.filtered(
            lambda c: c.priority == "2" and c.user_id == self.user_agent
        ):
            self.assertIn(complaint.name, notices.body)
        # Odoo's own budget check, for four times as many
        self._cron_queries(
            self._complaints(40, T0 + timedelta(days=6)),
            T0 + timedelta(days=6),
            expected=queries_10,
        )

    def test_escalation_queries_grow_with_the_batches(self):
        self._cron_queries(self._complaints(4, T0), T0)
        one_batch = self._cron_queries(
            self._complaints(12, T0 + timedelta(days=2)), T0 + timedelta(days=2)
        )
        three_batches = self._cron_queries(
            self._complaints(12, T0 + timedelta(days=4)),
            T0 + timedelta(days=4),
            batch_size=4,
        )
        self.assertGreater(three_batches, one_batch)
