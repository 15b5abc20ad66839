"""The loyalty maintenance cron resumes after a crash (see cron_common)."""

from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools import SQL

from .common import TravelCrmCase
from .cron_common import CronCrashMixin


@tagged("post_install", "-at_install")
class TestLoyaltyExpiryResumes(CronCrashMixin, TravelCrmCase):
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
