"""The batch loop every travel_crm cron uses.

One meaning of ``remaining`` for all of them: the records this call of the job
has selected and not handled yet, over all its steps. A complete call ends at 0;
a call that stops early (a limit, a batch budget) ends with what the next call
will handle, and Odoo's cron runner calls the job again while it is above 0.
"""

import threading


def chunks(ids, size):
    """``ids`` in consecutive slices of at most ``size`` (size >= 1)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def remaining(selected, done):
    """What is left of ``selected`` records after ``done`` were handled."""
    return max(selected - done, 0)


def in_test_thread():
    """True in a test's thread, where a cron must never commit (Odoo's own
    crons, e.g. ``website.visitor``, use the same test)."""
    return bool(getattr(threading.current_thread(), "testing", False))


class CronBatch:
    """Progress of one call of a cron job: ``add`` what a step selected,
    ``advance`` after each batch (reports progress, commits outside tests),
    ``close`` at the end (reports the final figure)."""

    def __init__(self, env, selected=0):
        self.env = env
        self.selected = selected
        self.done = 0
        self.auto_commit = not in_test_thread()

    @property
    def remaining(self):
        return remaining(self.selected, self.done)

    def add(self, count):
        self.selected += count

    def advance(self, count):
        self.done += count
        self._notify()
        if self.auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def batches(self, ids, size):
        """Yield ``ids`` batch by batch, advancing after each one."""
        for batch in chunks(list(ids), size):
            yield batch
            self.advance(len(batch))

    def close(self):
        self._notify()
        return self.done

    def _notify(self):
        self.env["ir.cron"]._notify_progress(done=self.done, remaining=self.remaining)
