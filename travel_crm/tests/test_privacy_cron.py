"""Batched crons survive a crash in the middle of a batch and two workers.

Crash: the test adds a CHECK constraint that one record of a later batch
violates, so PostgreSQL itself fails the cron in the middle of that batch,
after earlier batches were committed (through a test cursor, whose commits are
savepoints of the test transaction). The constraint is dropped, the cron runs
again: what the first run committed is not done twice, what it lost is done,
and a third run changes nothing.

Two workers: two database connections take the cron job through Odoo's own
lock (ir.cron._acquire_one_job, FOR NO KEY UPDATE SKIP LOCKED); only one gets
it, and the job runs once.
"""

import threading
from contextlib import suppress
from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

import odoo
from odoo import Command, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.travel_crm.models.value.res_partner import VALUE_FIELDS

from .common import TravelCrmCase
from .service_common import ServiceRecoveryCase
from .test_travel_engagement import TODAY as ENGAGEMENT_DAY
from .test_travel_engagement import TravelEngagementCase
from .value_common import TravelValueCase

T0 = datetime(2026, 3, 2, 9, 0)


class CronCrashMixin:
    def _crash_on(self, table, condition):
        """Make PostgreSQL refuse rows of ``table`` matching ``condition``
        (an SQL object), from now until ``_heal``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s ADD CONSTRAINT travel_test_crash CHECK (NOT (%s))"
                " NOT VALID",
                SQL.identifier(table),
                condition,
            )
        )
        self._crash_table = table

    def _heal(self):
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT travel_test_crash",
                SQL.identifier(self._crash_table),
            )
        )

    def _crashed_run(self, model, method, **kwargs):
        """Run the cron and expect the crash. (Not assertRaises: Odoo's rolls
        back a savepoint around the block, undoing the committed batches.)"""
        try:
            with mute_logger("odoo.sql_db"):
                self._run_cron(model, method, **kwargs)
        except CheckViolation as error:
            self.assertIn("travel_test_crash", str(error))
        else:
            self.fail("the cron did not meet the crash")

    def _run_cron(self, model, method, **kwargs):
        """Run a cron method as the cron worker does: its own cursor, commits
        between batches (the job's thread is no test thread)."""
        self.env.flush_all()
        self.registry.enter_test_mode(self.cr)
        try:
            with (
                patch.object(threading.current_thread(), "testing", False),
                self.registry.cursor() as cr,
            ):
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                getattr(env[model], method)(**kwargs)
        finally:
            self.registry.leave_test_mode()
            self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestComplaintEscalationResumes(CronCrashMixin, ServiceRecoveryCase):
    def _escalations(self, complaints):
        activity = self.env.ref("travel_crm.mail_activity_type_complaint_escalation")
        return {
            complaint: self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "travel.complaint"),
                    ("res_id", "=", complaint.id),
                    ("activity_type_id", "=", activity.id),
                ]
            )
            for complaint in complaints
        }

    def test_escalation_crashed_mid_batch_resumes_without_duplicates(self):
        with freeze_time(T0):
            complaints = self.env["travel.complaint"].concat(
                *(self._complaint(priority="3") for _i in range(4))
            )
        with freeze_time(T0 + timedelta(hours=2)):
            # the cron walks breached complaints in the model's order
            Complaint = self.env["travel.complaint"]
            complaints._sla_refresh()
            ordered = Complaint.search(
                Complaint._sla_escalate_domain() + [("id", "in", complaints.ids)]
            )
            self.assertEqual(len(ordered), 4)
            last = ordered[-1]
            self._crash_on(
                "travel_complaint",
                SQL("sla_escalated AND id = %s", last.id),
            )
            self._crashed_run("travel.complaint", "_cron_escalate_sla", batch_size=1)
            self.assertEqual(ordered.mapped("sla_escalated"), [True, True, True, False])
            self._heal()
            self._run_cron("travel.complaint", "_cron_escalate_sla", batch_size=1)
            first = self._escalations(complaints)
            self.assertTrue(all(complaints.mapped("sla_escalated")))
            # every complaint escalated once: same count for all, none zero
            self.assertEqual(len(set(first.values())), 1, first)
            self.assertGreater(min(first.values()), 0)
            self._run_cron("travel.complaint", "_cron_escalate_sla", batch_size=1)
            self.assertEqual(self._escalations(complaints), first)


@tagged("post_install", "-at_install")
class TestLoyaltyExpiryResumes(CronCrashMixin, ServiceRecoveryCase):
    def test_expiry_crashed_mid_batch_resumes_without_duplicates(self):
        Partner = self.env["res.partner"]
        partners = Partner.concat(
            *(Partner.create({"name": f"Expiring {i}"}) for i in range(4))
        )
        Ledger = self.env["travel.loyalty.transaction"].sudo()
        today = date.today()
        Ledger.create(
            [
                {
                    "partner_id": partner.id,
                    "transaction_type": "bonus",
                    "points": 100 + i,
                    "date": today - timedelta(days=400),
                    "expiry_date": today - timedelta(days=35),
                    "name": "Old bonus",
                }
                for i, partner in enumerate(partners)
            ]
        )
        last = partners.sorted("id")[-1]
        self._crash_on(
            "travel_loyalty_transaction",
            SQL("transaction_type = 'expire' AND partner_id = %s", last.id),
        )
        self._crashed_run(
            "travel.loyalty.transaction", "_cron_loyalty_maintenance", batch_size=1
        )

        def expiries():
            return {
                partner: Ledger.search_count(
                    [
                        ("partner_id", "=", partner.id),
                        ("transaction_type", "=", "expire"),
                    ]
                )
                for partner in partners
            }

        self.assertEqual(list(expiries().values()), [1, 1, 1, 0])
        self._heal()
        self._run_cron(
            "travel.loyalty.transaction", "_cron_loyalty_maintenance", batch_size=1
        )
        self.assertEqual(list(expiries().values()), [1, 1, 1, 1])
        self.assertEqual(partners.mapped("loyalty_points"), [0, 0, 0, 0])
        self._run_cron(
            "travel.loyalty.transaction", "_cron_loyalty_maintenance", batch_size=1
        )
        self.assertEqual(list(expiries().values()), [1, 1, 1, 1])


@tagged("post_install", "-at_install")
class TestCronTwoWorkers(BaseCase):
    """Two cron workers poll the same due job at the same moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def test_two_workers_run_the_retention_job_once(self):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            cron = env.ref("travel_crm.ir_cron_travel_privacy_retention")
            job_id, nextcall = cron.id, cron.nextcall
            cron.nextcall = datetime.now() - timedelta(minutes=1)
        self.addCleanup(self._restore, job_id, nextcall)
        IrCron = self.registry["ir.cron"]
        db = odoo.sql_db.db_connect(get_db_name())
        progress_before = self._progress_count(job_id)
        with db.cursor() as worker_a, db.cursor() as worker_b:
            job = IrCron._acquire_one_job(worker_a, job_id)
            self.assertTrue(job, "the due job is free for the first worker")
            # the second worker skips the locked row instead of waiting
            self.assertIsNone(IrCron._acquire_one_job(worker_b, job_id))
            worker_b.rollback()
            with patch.object(threading.current_thread(), "testing", False):
                IrCron._process_job(db, worker_a, job)
            # committed and rescheduled: not due any more for the other worker
            self.assertIsNone(IrCron._acquire_one_job(worker_b, job_id))
        self.assertEqual(self._progress_count(job_id), progress_before + 1)

    def _progress_count(self, job_id):
        with self.registry.cursor() as cr:
            [(count,)] = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).execute_query(
                SQL("SELECT COUNT(*) FROM ir_cron_progress WHERE cron_id = %s", job_id)
            )
        return count

    def _restore(self, job_id, nextcall):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.cron"].browse(job_id).nextcall = nextcall


@tagged("post_install", "-at_install")
class TestPrivacyRetentionResumes(CronCrashMixin, ServiceRecoveryCase):
    def test_retention_crashed_mid_batch_resumes_without_duplicates(self):
        self.env.company.write(
            {
                "travel_privacy_auto_anonymize": True,
                "travel_privacy_inactivity_years": 1,
            }
        )
        Partner = self.env["res.partner"]
        partners = Partner.concat(
            *(
                Partner.create({"name": f"Dormant {i}", "is_traveller": True})
                for i in range(4)
            )
        ).sorted("id")
        self.env.flush_all()
        # inactive for three years: created then, nothing since
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = now() - interval '3 years'"
                " WHERE id = ANY(%s)",
                partners.ids,
            )
        )
        self.env.invalidate_all()
        self._crash_on(
            "res_partner",
            SQL("travel_anonymized_date IS NOT NULL AND id = %s", partners[-1].id),
        )
        self._crashed_run("res.partner", "_cron_travel_privacy_retention", batch_size=1)

        def logs():
            return [
                self.env["travel.privacy.log"].search_count(
                    [("partner_id", "=", partner.id), ("kind", "=", "anonymize")]
                )
                for partner in partners
            ]

        anonymized = partners.sudo().mapped(lambda p: bool(p.travel_anonymized_date))
        self.assertEqual(anonymized, [True, True, True, False])
        self.assertEqual(logs(), [1, 1, 1, 0])
        self._heal()
        self._run_cron("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        self.assertTrue(all(partners.sudo().mapped("travel_anonymized_date")))
        self.assertEqual(logs(), [1, 1, 1, 1])
        self._run_cron("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        self.assertEqual(logs(), [1, 1, 1, 1])


class _Undo(Exception):
    """Raised to roll a savepoint back after reading what it wrote."""


@tagged("post_install", "-at_install")
class TestSegmentationResumes(CronCrashMixin, TravelValueCase):
    """Seven customers scored in batches of three: the crash hits the second
    batch of the test company, after the first was committed."""

    SERVICES = (
        ("hotel", "flight"),
        ("hotel", "flight", "tour"),
        ("hotel",),
        ("flight", "tour"),
        ("hotel", "flight"),
        ("hotel", "tour"),
        ("flight",),
    )

    def _state(self, partners):
        """What a user sees of each customer's value, by partner."""
        self.env.invalidate_all()
        History = self.env["travel.segment.history"].sudo()
        Recommendation = self.env["travel.recommendation"].sudo()
        state = {}
        for partner in partners:
            values = partner.sudo().read(VALUE_FIELDS)[0]
            values.pop("id")
            state[partner] = {
                "values": values,
                "history": sorted(
                    (h.value_segment, h.date_from, h.date_to)
                    for h in History.search([("partner_id", "=", partner.id)])
                ),
                "recommendations": sorted(
                    (r.kind, r._key(), r.value, r.score)
                    for r in Recommendation.search([("partner_id", "=", partner.id)])
                ),
            }
        return state

    def _footprint(self, partners):
        """Rows and write dates the cron leaves behind."""
        self.env.invalidate_all()
        history = (
            self.env["travel.segment.history"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        recommendations = (
            self.env["travel.recommendation"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        return (
            partners.mapped("write_date"),
            [(h.id, h.write_date) for h in history],
            [(r.id, r.write_date) for r in recommendations],
        )

    def test_segmentation_crashed_mid_batch_resumes_without_duplicates(self):
        Partner = self.env["res.partner"]
        # the cron's today: the day in the superuser's timezone, which is not
        # the UTC date late in the evening
        today = fields.Date.context_today(Partner)
        partners = Partner.concat(
            *(Partner.create({"name": f"Scored {i}"}) for i in range(7))
        ).sorted("id")
        for i, (partner, services) in enumerate(
            zip(partners, self.SERVICES, strict=True)
        ):
            for trip in range(1 + i % 3):
                self._trip(
                    partner,
                    today - timedelta(days=30 + 40 * i + 200 * trip),
                    50 * (i + 1) + 10 * trip,
                    services=services,
                )
        kwargs = {"batch_size": 3, "max_batches": 10000}
        # what an uninterrupted run gives, read then rolled back
        with suppress(_Undo), self.env.cr.savepoint():
            self._run_cron("res.partner", "_cron_travel_segmentation", **kwargs)
            expected = self._state(partners)
            raise _Undo
        # the batch the crash loses has recommendations to restore
        self.assertTrue(all(expected[p]["recommendations"] for p in partners[3:6]))
        self.assertEqual(self._state(partners)[partners[0]]["history"], [])

        self._crash_on("res_partner", SQL("rfm_score > 0 AND id = %s", partners[4].id))
        self._crashed_run("res.partner", "_cron_travel_segmentation", **kwargs)
        after_crash = self._state(partners)
        # the first batch of three was committed, the second was lost whole
        self.assertEqual(
            [after_crash[p] == expected[p] for p in partners],
            [True, True, True, False, False, False, False],
        )
        self.assertEqual(
            [bool(after_crash[p]["history"]) for p in partners],
            [True, True, True, False, False, False, False],
        )
        self._heal()
        self._run_cron("res.partner", "_cron_travel_segmentation", **kwargs)
        self.assertEqual(self._state(partners), expected)
        for state in expected.values():
            self.assertEqual(
                [h for h in state["history"] if not h[2]],
                [(state["values"]["value_segment"], today, False)],
                "one open history row per customer",
            )
            keys = [r[:2] for r in state["recommendations"]]
            self.assertEqual(len(keys), len(set(keys)), "no duplicate recommendation")
        self.assertFalse(
            self.env["ir.config_parameter"].sudo().get_param("travel_crm.value_cursor"),
            "the run went to the end",
        )
        footprint = self._footprint(partners)
        self._run_cron("res.partner", "_cron_travel_segmentation", **kwargs)
        self.assertEqual(self._footprint(partners), footprint)
        self.assertEqual(self._state(partners), expected)


@tagged("post_install", "-at_install")
class TestEngagementResumes(CronCrashMixin, TravelEngagementCase):
    """Seven birthdays (five to send, two skips to log) in batches of three:
    the crash hits the second batch, after the first was committed."""

    @freeze_time(ENGAGEMENT_DAY)
    def test_engagement_crashed_mid_batch_resumes_without_duplicates(self):
        Partner = self.env["res.partner"]
        for i in range(3):
            self._test_partner(
                {
                    "name": f"Birthday {i}",
                    "email": f"birthday{i}@example.com",
                    "birthdate": f"199{i}-03-15",
                    "marketing_consent": True,
                }
            )
        rule = self._rule()
        pending = rule._engagement_collect(date.today())
        self.assertEqual(len(pending), 7)
        events = {vals["dedupe_key"]: vals["partner_id"] for vals in pending}
        sendable = Partner.browse(
            [vals["partner_id"] for vals in pending if not vals["skip_reason"]]
        )
        self.assertEqual(len(sendable), 5)

        def log():
            self.env.invalidate_all()
            return self.Message.search([("rule_id", "=", rule.id)])

        def mails():
            return {
                partner: self.env["mail.mail"].search_count(
                    [("recipient_ids", "in", partner.id)]
                )
                for partner in sendable
            }

        self._crash_on(
            "travel_engagement_message",
            SQL("dedupe_key = %s", pending[4]["dedupe_key"]),
        )
        with (
            self.mock_mail_gateway(),
            mute_logger(
                "odoo.addons.travel_crm.models.engagement.travel_engagement_message"
            ),
        ):
            self._crashed_run(
                "travel.engagement.rule", "_cron_travel_engagement", batch_size=3
            )
        # the first batch was committed, the second lost whole
        self.assertEqual(
            sorted(log().mapped("dedupe_key")),
            sorted(vals["dedupe_key"] for vals in pending[:3]),
        )
        self._heal()
        with self.mock_mail_gateway():
            self._run_cron(
                "travel.engagement.rule", "_cron_travel_engagement", batch_size=3
            )
        messages = log()
        self.assertEqual(len(messages), len(events), "one message per event")
        self.assertEqual(sorted(messages.mapped("dedupe_key")), sorted(events))
        self.assertEqual(
            {m.dedupe_key: m.partner_id.id for m in messages}, events, "none lost"
        )
        self.assertEqual(
            sorted(messages.mapped("state")), ["sent"] * 5 + ["skipped"] * 2
        )
        self.assertEqual(mails(), dict.fromkeys(sendable, 1), "each mailed once")
        with self.mock_mail_gateway():
            self._run_cron(
                "travel.engagement.rule", "_cron_travel_engagement", batch_size=3
            )
            self.assertFalse(self._new_mails, "a third run sends nothing")
        self.assertEqual(log(), messages)
        self.assertEqual(mails(), dict.fromkeys(sendable, 1))


@tagged("post_install", "-at_install")
class TestScanPurgeResumes(CronCrashMixin, TravelCrmCase):
    """Four travellers back from a trip long ago, one passport scan each on
    their booking, purged one per batch: the crash hits the last batch."""

    def test_scan_purge_crashed_mid_batch_resumes_without_duplicates(self):
        self.env.company.write(
            {"travel_privacy_scan_purge": True, "travel_privacy_scan_days": 30}
        )
        today = date.today()
        travellers, bookings, scans = [], [], []
        for i in range(4):
            traveller = self._create_traveller(f"Scanned {i}")
            booking = self.env["travel.booking"].create(
                {
                    "partner_id": traveller.id,
                    "traveller_ids": [Command.set(traveller.ids)],
                    "departure_date": today - timedelta(days=100 + i),
                    "return_date": today - timedelta(days=90 + i),
                    "line_ids": [Command.create({"name": "Hotel", "price_unit": 100})],
                }
            )
            booking.action_confirm()
            booking.action_done()
            travellers.append(traveller)
            bookings.append(booking)
            scans.append(
                self.env["ir.attachment"].create(
                    {
                        "name": f"passport-{i}.pdf",
                        "raw": b"%PDF-1.4 scan",
                        "mimetype": "application/pdf",
                        "res_model": "travel.booking",
                        "res_id": booking.id,
                    }
                )
            )
        scans = self.env["ir.attachment"].concat(*scans)
        self.assertTrue(all(scans.mapped("is_identity_scan")))

        def notes():
            return [
                len(
                    booking.message_ids.filtered(
                        lambda m: "identity document scan" in (m.body or "")
                    )
                )
                for booking in bookings
            ]

        def logs():
            return [
                self.env["travel.privacy.log"].search_count(
                    [("partner_id", "=", traveller.id), ("kind", "=", "scan_purge")]
                )
                for traveller in travellers
            ]

        def present():
            self.env.invalidate_all()
            return [bool(scan.exists()) for scan in scans]

        self._crash_on(
            "travel_privacy_log",
            SQL("kind = 'scan_purge' AND partner_id = %s", travellers[-1].id),
        )
        self._crashed_run("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        # three batches committed; the fourth lost its note and deletion too
        self.assertEqual(present(), [False, False, False, True])
        self.assertEqual(notes(), [1, 1, 1, 0])
        self.assertEqual(logs(), [1, 1, 1, 0])
        self._heal()
        self._run_cron("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        self.assertEqual(present(), [False] * 4)
        self.assertEqual(notes(), [1] * 4)
        self.assertEqual(logs(), [1] * 4)
        messages = self.env["mail.message"].search_count([])
        self._run_cron("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        self.assertEqual(notes(), [1] * 4)
        self.assertEqual(logs(), [1] * 4)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
