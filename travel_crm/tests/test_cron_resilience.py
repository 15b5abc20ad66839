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
from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

import odoo
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

from .service_common import ServiceRecoveryCase

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
