import threading
from concurrent.futures import ThreadPoolExecutor

from psycopg2.errors import SerializationFailure

import odoo
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

from .loyalty_common import delete_committed_ledger

# the company settings the test relies on (800 points worth 8.00 on a 500.00
# booking, above the minimum redemption); committed, so restored afterwards
SETTINGS = {
    "loyalty_enabled": True,
    "loyalty_min_redemption": 100,
    "loyalty_point_value": 0.01,
}


@tagged("post_install", "-at_install")
class TestLoyaltyConcurrentRedemption(BaseCase):
    """Two redemptions at the same moment, each in its own database connection.

    TransactionCase cursors all share one connection and never commit, so they
    cannot race. This class commits its fixtures through real cursors, lets two
    threads redeem in two real transactions, and removes everything afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            cls.company_id = env.company.id
            cls.saved_settings = {name: env.company[name] for name in SETTINGS}
            env.company.write(SETTINGS)
            partner = env["res.partner"].create({"name": "Concurrent Customer"})
            env["travel.loyalty.transaction"].create(
                {
                    "partner_id": partner.id,
                    "transaction_type": "bonus",
                    "points": 1000,
                    "name": "Welcome points",
                }
            )
            bookings = env["travel.booking"].create(
                [
                    {
                        "partner_id": partner.id,
                        "line_ids": [(0, 0, {"name": "Hotel", "price_unit": 500.0})],
                    }
                    for _i in range(2)
                ]
            )
            cls.partner_id = partner.id
            cls.booking_ids = bookings.ids

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            delete_committed_ledger(cr, cls.partner_id)
            cr.execute(
                SQL(
                    "DELETE FROM travel_booking WHERE partner_id = %s",
                    cls.partner_id,
                )
            )
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["res.partner"].browse(cls.partner_id).unlink()
            env["res.company"].browse(cls.company_id).write(cls.saved_settings)

    @mute_logger("odoo.sql_db")
    def test_two_simultaneous_redemptions_never_overdraw(self):
        barrier = threading.Barrier(2)

        def redeem(booking_id):
            """Redeem 800 points like a request would: a transaction that
            fails on a concurrent update is rolled back and run again (what
            odoo.service.model.retrying does; it cannot be used here as its
            reset looks the registry up under the lock the test runner holds).
            """
            for attempt in range(5):
                with self.registry.cursor() as cr:
                    # give the cursor its transaction up front, for the same
                    # reason: no registry lookup by name in these threads
                    cr.transaction = odoo.api.Transaction(self.registry)
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    booking = env["travel.booking"].browse(booking_id)
                    if not attempt:
                        # both transactions read the balance (1000) before
                        # either redeems: without the lock both would pass
                        self.assertEqual(booking.partner_id.loyalty_points, 1000)
                        barrier.wait(timeout=30)
                    try:
                        booking._loyalty_redeem(800)
                        env.flush_all()
                    except UserError as error:
                        return attempt, str(error)
                    except SerializationFailure:
                        cr.rollback()
                        continue
                    return attempt, "redeemed"
            return attempt, "gave up"

        with ThreadPoolExecutor(max_workers=2) as executor:
            results = list(executor.map(redeem, self.booking_ids, timeout=60))

        outcomes = sorted(results, key=lambda result: result[1] != "redeemed")
        (won_attempt, won), (lost_attempt, lost) = outcomes
        self.assertEqual(won, "redeemed", results)
        self.assertEqual(won_attempt, 0)
        # the second transaction met the first one's lock, was rolled back and,
        # run again, saw the new balance and was refused
        self.assertEqual(lost_attempt, 1, results)
        self.assertIn("has 200 points", lost)
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT p.loyalty_points,
                           (SELECT SUM(points) FROM travel_loyalty_transaction
                             WHERE partner_id = p.id),
                           (SELECT COUNT(*) FROM travel_loyalty_transaction
                             WHERE partner_id = p.id AND transaction_type = 'redeem')
                      FROM res_partner p WHERE p.id = %s
                    """,
                    self.partner_id,
                )
            )
            self.assertEqual(cr.fetchone(), (200, 200, 1))
