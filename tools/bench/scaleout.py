"""Crons on a multi-worker deployment: `bench.py scaleout` (see bench.sh).

Two processes with two cron threads each (like ``odoo --workers=2
--max-cron-threads=2`` on two machines sharing one database) run Odoo's cron
runner against a copy of the dataset where the four travel_crm crons are due.
Odoo hands a job to one thread at a time (``SELECT ... FOR NO KEY UPDATE SKIP
LOCKED`` on the ir_cron row in ``_acquire_one_job``); a batched job that reports
remaining work is picked up again, by whichever thread is free. The step records
who held which job when, checks that no job was ever held by two threads at
once, and that the data is as consistent and as free of duplicates as after a
single-threaded run.
"""

import itertools
import json
import logging
import threading
import time

from odoo.tools import SQL

THREADS_PER_WORKER = 2
POLL_SECONDS = 0.5
# What a job run twice at the same time would duplicate.
DUPLICATE_CHECKS = [
    (
        "partners with two expiry entries on one day",
        """SELECT count(*) FROM (
               SELECT 1 FROM travel_loyalty_transaction
                WHERE transaction_type = 'expire'
                GROUP BY partner_id, company_id, date HAVING count(*) > 1) d""",
    ),
    (
        "partners with two birthday bonuses in one year",
        """SELECT count(*) FROM (
               SELECT 1 FROM travel_loyalty_transaction
                WHERE bonus_reason = 'birthday'
                GROUP BY partner_id, EXTRACT(YEAR FROM date)
               HAVING count(*) > 1) d""",
    ),
    (
        "partners with two open segment history rows",
        """SELECT count(*) FROM (
               SELECT 1 FROM travel_segment_history WHERE date_to IS NULL
                GROUP BY partner_id HAVING count(*) > 1) d""",
    ),
    (
        "engagement events messaged twice",
        """SELECT count(*) FROM (
               SELECT 1 FROM travel_engagement_message
                GROUP BY dedupe_key HAVING count(*) > 1) d""",
    ),
    (
        "complaints escalated twice",
        """SELECT count(*) FROM (
               SELECT 1 FROM mail_activity a
                 JOIN mail_activity_type t ON t.id = a.activity_type_id
                 JOIN ir_model_data d ON d.model = 'mail.activity.type'
                  AND d.res_id = t.id
                  AND d.name = 'mail_activity_type_complaint_escalation'
                WHERE a.res_model = 'travel.complaint'
                GROUP BY a.res_id, a.user_id HAVING count(*) > 1) d""",
    ),
]


class _Recorder(logging.Handler):
    """Keeps the runner's acquire/release/skip events with thread and time."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.events = []

    def emit(self, record):
        message = record.getMessage()
        for word, event in (
            ("acquired", "acquired"),
            ("released", "released"),
            ("another worker", "skipped"),
        ):
            if word in message:
                job_id = int(message.split("job ", 1)[1].split()[0])
                self.events.append((record.created, record.threadName, event, job_id))


def run_worker(db, worker, seconds):
    """One worker process: THREADS_PER_WORKER threads run the cron runner until
    no job is due. Prints the recorded events as JSON."""
    from odoo.addons.base.models.ir_cron import ir_cron

    recorder = _Recorder()
    logger = logging.getLogger("odoo.addons.base.models.ir_cron")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(recorder)
    deadline = time.time() + seconds

    def loop():
        # like Odoo's cron threads: poll, run what is due, wait a little (the
        # server waits for a NOTIFY or 60 s; here a short pause)
        while time.time() < deadline:
            ir_cron._process_jobs(db)
            if not _due_jobs(db):
                return
            time.sleep(POLL_SECONDS)

    threads = [
        threading.Thread(target=loop, name=f"worker{worker}-cron{index}")
        for index in range(THREADS_PER_WORKER)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(recorder.events))


def _due_jobs(db):
    import odoo

    with odoo.sql_db.db_connect(db).cursor() as cr:
        cr.execute(
            """SELECT count(*) FROM ir_cron c WHERE c.active AND (c.nextcall <= now()
                   OR EXISTS (SELECT 1 FROM ir_cron_trigger t
                               WHERE t.cron_id = c.id AND t.call_at <= now()))"""
        )
        return cr.fetchone()[0]


def make_due(env, xmlids):
    """Only the given crons are due, now; the others (mail and SMS queues,
    which would send what the crons queue) are switched off on this copy."""
    ids = [env.ref(xmlid).id for xmlid in xmlids]
    env.cr.execute(
        SQL(
            "UPDATE ir_cron SET active = false WHERE active;"
            " UPDATE ir_cron SET nextcall = now() - interval '1 minute',"
            " active = true WHERE id = ANY(%s)",
            ids,
        )
    )
    env.cr.commit()
    return ids


def analyse(events):
    """Per job: runs, threads that ran it, and overlapping holds (must be 0)."""
    holds = {}  # job -> [(start, end, thread)]
    started = {}
    skips = 0
    for created, thread, event, job_id in sorted(events):
        if event == "acquired":
            started[(thread, job_id)] = created
        elif event == "released":
            start = started.pop((thread, job_id))
            holds.setdefault(job_id, []).append((start, created, thread))
        else:
            skips += 1
    overlaps = 0
    for intervals in holds.values():
        intervals.sort()
        for (_s1, end1, _t1), (start2, _e2, _t2) in itertools.pairwise(intervals):
            if start2 < end1:
                overlaps += 1
    return {
        "jobs": {
            str(job): {
                "runs": len(intervals),
                "threads": sorted({thread for _s, _e, thread in intervals}),
            }
            for job, intervals in holds.items()
        },
        "threads_used": sorted(
            {thread for intervals in holds.values() for _s, _e, thread in intervals}
        ),
        "skipped_because_held": skips,
        "overlapping_holds": overlaps,
    }


def duplicates(env):
    problems = []
    for label, query in DUPLICATE_CHECKS:
        env.cr.execute(query)
        count = env.cr.fetchone()[0]
        if count:
            problems.append(f"{count} {label}")
    return problems
