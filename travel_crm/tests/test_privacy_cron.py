"""The privacy retention cron (anonymization, scan purge) resumes after a
crash (see cron_common), and two cron workers run it once."""

import threading
from datetime import date, datetime, timedelta
from unittest.mock import patch

import odoo
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL

from .common import TravelCrmCase, booking_line, create_booking
from .cron_common import CronCrashMixin


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
class TestPrivacyRetentionResumes(CronCrashMixin, TravelCrmCase):
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


@tagged("post_install", "-at_install")
class TestScanPurgeResumes(CronCrashMixin, TravelCrmCase):
    """Four travellers back from a trip long ago, one passport scan each on
    their booking, purged one per batch: the crash hits the last batch."""

    def _scanned_trips(self):
        """Four travellers, their completed booking and its passport scan."""
        today = date.today()
        travellers, bookings, scans = [], [], []
        for i in range(4):
            traveller = self._create_traveller(f"Scanned {i}")
            booking = create_booking(
                self.env,
                traveller,
                lines=[booking_line("Hotel", "other", 100)],
                travellers=traveller,
                state="done",
                departure_date=today - timedelta(days=100 + i),
                return_date=today - timedelta(days=90 + i),
            )
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
        return travellers, bookings, self.env["ir.attachment"].concat(*scans)

    @staticmethod
    def _purge_notes(bookings):
        return [
            len(
                booking.message_ids.filtered(
                    lambda m: "identity document scan" in (m.body or "")
                )
            )
            for booking in bookings
        ]

    def _purge_logs(self, travellers):
        return [
            self.env["travel.privacy.log"].search_count(
                [("partner_id", "=", traveller.id), ("kind", "=", "scan_purge")]
            )
            for traveller in travellers
        ]

    def _present(self, scans):
        self.env.invalidate_all()
        return [bool(scan.exists()) for scan in scans]

    def test_scan_purge_crashed_mid_batch_resumes_without_duplicates(self):
        self.env.company.write(
            {"travel_privacy_scan_purge": True, "travel_privacy_scan_days": 30}
        )
        travellers, bookings, scans = self._scanned_trips()
        self.assertTrue(all(scans.mapped("is_identity_scan")))
        self._crash_on(
            "travel_privacy_log",
            SQL("kind = 'scan_purge' AND partner_id = %s", travellers[-1].id),
        )
        self._crashed_run("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        # three batches committed; the fourth lost its note and deletion too
        self.assertEqual(self._present(scans), [False, False, False, True])
        self.assertEqual(self._purge_notes(bookings), [1, 1, 1, 0])
        self.assertEqual(self._purge_logs(travellers), [1, 1, 1, 0])
        self._heal()
        self._run_cron("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        self.assertEqual(self._present(scans), [False] * 4)
        self.assertEqual(self._purge_notes(bookings), [1] * 4)
        self.assertEqual(self._purge_logs(travellers), [1] * 4)
        messages = self.env["mail.message"].search_count([])
        self._run_cron("res.partner", "_cron_travel_privacy_retention", batch_size=1)
        self.assertEqual(self._purge_notes(bookings), [1] * 4)
        self.assertEqual(self._purge_logs(travellers), [1] * 4)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
