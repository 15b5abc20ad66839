from odoo.tests import TransactionCase, tagged

from odoo.addons.travel_crm.tools.cron_batch import (
    CronBatch,
    chunks,
    in_test_thread,
    remaining,
)


@tagged("post_install", "-at_install")
class TestCronBatch(TransactionCase):
    """The one batch loop of every travel_crm cron, checked directly: the
    slices, the meaning of ``remaining``, the progress Odoo's runner reads
    (``ir.cron.progress``) and no commit inside a test."""

    def _progress(self):
        cron = self.env.ref("travel_crm.ir_cron_travel_segmentation")
        return self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )

    def test_chunks_are_consecutive_slices(self):
        self.assertEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]])
        self.assertEqual(chunks([], 3), [])
        with self.assertRaises(ValueError):
            chunks([1], 0)

    def test_remaining_never_goes_below_zero(self):
        self.assertEqual(remaining(10, 4), 6)
        self.assertEqual(remaining(3, 5), 0)

    def test_progress_counts_every_step_and_ends_at_zero(self):
        progress = self._progress()
        env = self.env(context={"ir_cron_progress_id": progress.id})
        batch = CronBatch(env, 5)
        self.assertFalse(batch.auto_commit, "a test thread never commits")
        self.assertTrue(in_test_thread())
        seen = []
        for ids in batch.batches(range(5), 2):
            seen.append(ids)
            if len(seen) == 1:
                self.assertEqual((progress.done, progress.remaining), (0, 0))
            else:
                # the previous batch was reported once handled
                self.assertEqual(progress.done, 2 * (len(seen) - 1))
        self.assertEqual(seen, [[0, 1], [2, 3], [4]])
        self.assertEqual((progress.done, progress.remaining), (5, 0))
        # a second step of the same call adds what it selected
        batch.add(3)
        self.assertEqual(batch.remaining, 3)
        next(batch.batches([7, 8, 9], 1))
        self.assertEqual(batch.close(), 5)
        self.assertEqual((progress.done, progress.remaining), (5, 3))

    def test_a_call_stopped_early_leaves_what_is_left(self):
        progress = self._progress()
        env = self.env(context={"ir_cron_progress_id": progress.id})
        batch = CronBatch(env, 7)
        for _ids in batch.batches(range(7), 3):
            break  # a batch budget reached after the first batch
        batch.close()
        self.assertEqual((progress.done, progress.remaining), (0, 7))
        batch = CronBatch(env, 7)
        for _ids in batch.batches(range(7), 3):
            if batch.done == 3:
                break
        batch.close()
        self.assertEqual((progress.done, progress.remaining), (3, 4))
