import threading
from concurrent.futures import ThreadPoolExecutor

from psycopg2.errors import SerializationFailure

import odoo
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestBookingConcurrentInvoicing(BaseCase):
    """Two users press "Create Invoice" on the same booking at the same moment.

    Like test_loyalty_concurrency: fixtures committed through real cursors, two
    threads each in its own transaction, everything removed afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent Invoicee"})
            supplier = env["res.partner"].create({"name": "Concurrent Villa Owner"})
            booking = create_booking(
                env,
                partner,
                [
                    booking_line(
                        "Villa",
                        "other",
                        250.0,
                        180.0,
                        quantity=3,
                        supplier_id=supplier.id,
                    )
                ],
                state="confirmed",
            )
            self.partner_ids = (partner | supplier).ids
            self.booking_id = booking.id

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            booking = env["travel.booking"].browse(self.booking_id)
            booking.invoice_ids.unlink()
            booking.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _race(self, method):
        """Run ``method`` on the booking in two transactions at once."""
        barrier = threading.Barrier(2)

        def invoice(_worker):
            """Invoice like a request would: a transaction that fails on a
            concurrent update is rolled back and run again (Odoo's retrying)."""
            for attempt in range(5):
                with self.registry.cursor() as cr:
                    cr.transaction = odoo.api.Transaction(self.registry)
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    booking = env["travel.booking"].browse(self.booking_id)
                    if not attempt:
                        # both read the booking before either acts
                        self.assertEqual(booking.state, "confirmed")
                        barrier.wait(timeout=30)
                    try:
                        getattr(booking, method)()
                        env.flush_all()
                    except UserError as error:
                        return attempt, str(error)
                    except SerializationFailure:
                        cr.rollback()
                        continue
                    return attempt, "invoiced"
            return attempt, "gave up"

        with ThreadPoolExecutor(max_workers=2) as executor:
            return list(executor.map(invoice, range(2), timeout=60))

    def _moves(self, move_type):
        with self.registry.cursor() as cr:
            [row] = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).execute_query(
                SQL(
                    """
                    SELECT COUNT(DISTINCT m.id), COUNT(l.id), SUM(l.quantity)
                      FROM travel_booking_account_move_rel r
                      JOIN account_move m ON m.id = r.move_id
                      JOIN account_move_line l ON l.move_id = m.id
                                              AND l.display_type = 'product'
                     WHERE r.booking_id = %s AND m.move_type = %s
                    """,
                    self.booking_id,
                    move_type,
                )
            )
        return row

    @mute_logger("odoo.sql_db")
    def test_two_simultaneous_invoicings_make_one_invoice(self):
        results = self._race("action_create_invoice")
        outcomes = sorted(results, key=lambda result: result[1] != "invoiced")
        (won_attempt, won), (lost_attempt, lost) = outcomes
        self.assertEqual((won_attempt, won), (0, "invoiced"), results)
        # the loser waited for the winner's row lock, was rolled back and, run
        # again, found nothing left to invoice
        self.assertEqual(lost_attempt, 1, results)
        self.assertIn("Nothing left to invoice", lost)
        self.assertEqual(self._moves("out_invoice"), (1, 1, 3))

    @mute_logger("odoo.sql_db")
    def test_two_simultaneous_vendor_billings_make_one_bill(self):
        results = self._race("action_create_vendor_bills")
        outcomes = sorted(results, key=lambda result: result[1] != "invoiced")
        (won_attempt, won), (lost_attempt, lost) = outcomes
        self.assertEqual((won_attempt, won), (0, "invoiced"), results)
        self.assertEqual(lost_attempt, 1, results)
        self.assertIn("No supplier cost left to bill", lost)
        self.assertEqual(self._moves("in_invoice"), (1, 1, 3))

    @mute_logger("odoo.sql_db")
    def test_two_simultaneous_deposit_invoices_make_one_deposit(self):
        results = self._race("action_create_deposit_invoice")
        outcomes = sorted(results, key=lambda result: result[1] != "invoiced")
        (won_attempt, won), (lost_attempt, lost) = outcomes
        self.assertEqual((won_attempt, won), (0, "invoiced"), results)
        self.assertEqual(lost_attempt, 1, results)
        self.assertIn("already have a deposit", lost)
        invoices, lines, _quantity = self._moves("out_invoice")
        self.assertEqual((invoices, lines), (1, 1))
