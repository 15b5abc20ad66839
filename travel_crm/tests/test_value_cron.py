"""The segmentation cron resumes after a crash (see cron_common)."""

from contextlib import suppress
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.travel_crm.models.value.res_partner import VALUE_FIELDS

from .cron_common import CronCrashMixin
from .value_common import TravelValueCase


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
        # the resumed run went to the end: the state above equals the
        # uninterrupted run's; called directly (no runner ``lastcall``), the
        # job scores every candidate and stamps no resume mark
        self.assertFalse(any(partners.sudo().mapped("value_scored_at")))
        footprint = self._footprint(partners)
        self._run_cron("res.partner", "_cron_travel_segmentation", **kwargs)
        self.assertEqual(self._footprint(partners), footprint)
        self.assertEqual(self._state(partners), expected)
