"""The segmentation as Odoo's cron runner calls it: batches, progress, resume."""

import threading
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

import odoo
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .cron_common import CronCrashMixin
from .value_common import TravelValueCase

# A complete run ended the evening before; this run's calls come after it.
LASTCALL = datetime(2025, 6, 14, 22, 0)
FIRST_CALL = datetime(2025, 6, 15, 1, 0)
SECOND_CALL = datetime(2025, 6, 15, 2, 0)


@tagged("post_install", "-at_install")
class TestValueRunnerCalls(CronCrashMixin, TravelValueCase):
    """The segmentation as Odoo's cron runner calls it: a call handles at most
    ``max_batches`` batches, reports what is left through ``CronBatch`` and is
    called again; partners stamped by the run since ``lastcall`` are not
    candidates again. Customers A-F have a completed trip with the test
    company (A three, the others one); G has none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Customer {letter}"} for letter in "ABCDEF"]
        )
        for index, partner in enumerate(cls.customers):
            cls._trip(partner, f"2025-0{index + 1}-10", 100 * (index + 1))
        cls._trip(cls.customers[0], "2024-03-10", 300)
        cls._trip(cls.customers[0], "2024-09-10", 300)
        cls.g = cls.env["res.partner"].create({"name": "Customer G"})

    def setUp(self):
        super().setUp()
        # the other companies' customers (the demo agency's) count as already
        # scored by this run: the test company's six are the run's work
        self.env["res.partner"].flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET value_scored_at = %s WHERE id != ALL(%s)",
                LASTCALL.replace(hour=23),
                (self.customers | self.g).ids,
            )
        )
        self.env.invalidate_all()
        cron = self.env.ref("travel_crm.ir_cron_travel_segmentation")
        _cron, self.progress = cron._add_progress()

    def _runner(self):
        """The model as the runner's job sees it: lastcall and progress."""
        return self.env["res.partner"].with_context(
            lastcall=LASTCALL, ir_cron_progress_id=self.progress.id
        )

    def _stamps(self):
        self.env.invalidate_all()
        return self.customers.sudo().mapped("value_scored_at")

    def test_cron_works_in_batches_and_reports_progress(self):
        runner = self._runner()
        candidates = runner._travel_value_candidates()
        self.assertEqual(candidates, {self.company: self.customers.ids})
        with freeze_time(FIRST_CALL):
            self.assertEqual(
                runner._cron_travel_segmentation(batch_size=2, max_batches=1), 4
            )
        self.assertEqual((self.progress.done, self.progress.remaining), (2, 4))
        self.assertEqual(self._stamps(), [FIRST_CALL] * 2 + [False] * 4)
        calls = 1
        while self.progress.remaining:
            with freeze_time(SECOND_CALL):
                runner._cron_travel_segmentation(batch_size=2, max_batches=1)
            calls += 1
            self.assertLess(calls, 6)
        self.assertEqual(calls, 3)
        self.assertEqual(self._stamps(), [FIRST_CALL] * 2 + [SECOND_CALL] * 4)
        self.assertEqual(runner._travel_value_candidates(), {})
        self.env.invalidate_all()
        a, f = self.customers[0], self.customers[-1]
        self.assertEqual((a.value_trip_count, a.value_company_id), (3, self.company))
        self.assertEqual((f.value_trip_count, f.rfm_recency), (1, 5))
        self.assertFalse(self.g.sudo().value_scored_at)

    def test_a_partner_scored_by_the_run_waits_for_the_next_run(self):
        runner = self._runner()
        with freeze_time(FIRST_CALL):
            runner._cron_travel_segmentation(batch_size=2, max_batches=1)
        # A: last trip first of the six (R 1), three trips (F 5), margin 700
        # against 200..600 (M 5): R+F+M 11
        a = self.customers[0]
        self.assertEqual(a.rfm_score, 11)
        # A's scores are spoilt between two calls of the run: the run does not
        # score A again, the next run (after this one ended) does
        self.env.cr.execute(
            SQL("UPDATE res_partner SET rfm_score = 0 WHERE id = %s", a.id)
        )
        self.env.invalidate_all()
        with freeze_time(SECOND_CALL):
            self.assertEqual(runner._cron_travel_segmentation(batch_size=2), 0)
        self.assertEqual(a.rfm_score, 0)
        with freeze_time(SECOND_CALL.replace(hour=3)):
            self.env["res.partner"].with_context(
                lastcall=SECOND_CALL.replace(minute=30)
            )._cron_travel_segmentation(batch_size=2)
        self.env.invalidate_all()
        self.assertEqual(a.rfm_score, 11)

    def test_a_direct_call_scores_everything_and_stamps_nothing(self):
        self._run(batch_size=2)
        self.assertEqual(self._stamps(), [False] * 6)
        self.assertEqual(self.customers.mapped("value_company_id"), self.company)

    def test_a_run_crashed_mid_batch_resumes_after_the_committed_batches(self):
        """Batches of two: PostgreSQL refuses D's scores in the second batch,
        after the first (A, B) was committed with its stamps. The runner calls
        the job again with the same lastcall: only C-F are scored."""
        d = self.customers[3]
        self._crash_on("res_partner", SQL("rfm_score > 0 AND id = %s", d.id))
        try:
            with mute_logger("odoo.sql_db"), freeze_time(FIRST_CALL):
                self._commit_call(batch_size=2)
        except CheckViolation as error:
            self.assertIn("travel_test_crash", str(error))
        else:
            self.fail("the run did not meet the crash")
        self.assertEqual(self._stamps(), [FIRST_CALL] * 2 + [False] * 4)
        self._heal()
        with freeze_time(SECOND_CALL):
            self._commit_call(batch_size=2)
        self.assertEqual(self._stamps(), [FIRST_CALL] * 2 + [SECOND_CALL] * 4)
        self.assertTrue(all(self.customers.mapped("rfm_score")))
        self.assertEqual(len(d.travel_segment_history_ids), 1)

    def _commit_call(self, **kwargs):
        """One call as the cron worker makes it (see cron_common), with the
        runner's lastcall in the context."""
        self.env.flush_all()
        self.registry.enter_test_mode(self.cr)
        try:
            with (
                patch.object(threading.current_thread(), "testing", False),
                self.registry.cursor() as cr,
            ):
                env = odoo.api.Environment(
                    cr, odoo.SUPERUSER_ID, {"lastcall": LASTCALL}
                )
                env["res.partner"]._cron_travel_segmentation(**kwargs)
        finally:
            self.registry.leave_test_mode()
            self.env.invalidate_all()
