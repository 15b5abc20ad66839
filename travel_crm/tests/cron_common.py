"""Batched crons survive a crash in the middle of a batch and two workers.

Crash (``CronCrashMixin``): the test adds a CHECK constraint that one record of
a later batch violates, so PostgreSQL itself fails the cron in the middle of
that batch, after earlier batches were committed (through a test cursor, whose
commits are savepoints of the test transaction). The constraint is dropped, the
cron runs again: what the first run committed is not done twice, what it lost
is done, and a third run changes nothing. Each feature's test_<feature>_cron.py
applies it to its cron.

Two workers (test_privacy_cron.py): two database connections take the cron job
through Odoo's own lock (ir.cron._acquire_one_job, FOR NO KEY UPDATE SKIP
LOCKED); only one gets it, and the job runs once.
"""

import threading
from unittest.mock import patch

from psycopg2.errors import CheckViolation

import odoo
from odoo.tools import SQL, mute_logger


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
