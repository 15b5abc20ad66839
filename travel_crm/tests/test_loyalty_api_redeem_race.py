"""Eight redemptions at once over real HTTP (XML-RPC) never overdraw.

An ordinary HttpCase serves every request on the test's one cursor (the
registry's test mode, one lock for all requests), so requests can never race.
This class leaves the registry out of test mode: the test server serves each
request in its own thread, on its own database connection and transaction, with
Odoo's own retry of a request that meets a concurrent update, as a worker does.
Its fixtures are committed (the requests must see them) and removed afterwards.

The same race against a real multi-worker server (``--workers=2``):
``tools/redeem_race.py``.
"""

import threading
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor

import odoo
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .loyalty_common import delete_committed_ledger

SETTINGS = {"loyalty_enabled": True, "loyalty_min_redemption": 10}
PASSWORD = "race-agent-password-1"
CALLS = 8


@tagged("post_install", "-at_install")
class TestLoyaltyApiRedeemRace(HttpCase):
    registry_test_mode = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = get_db_name()
        cls.addClassCleanup(cls._cleanup)
        cls.fixture_registry = Registry(cls.db)
        with cls.fixture_registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            cls.company_id = company.id
            cls.saved_settings = {name: company[name] for name in SETTINGS}
            company.write(SETTINGS)
            agent = new_test_user(
                env,
                login=f"race_agent_{cls.__name__}",
                password=PASSWORD,
                groups="base.group_user,travel_crm.group_travel_agent",
                company_id=company.id,
            )
            partner = env["res.partner"].create({"name": "Race Customer"})
            env["travel.loyalty.transaction"].create(
                {
                    "name": "Welcome points",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "transaction_type": "bonus",
                    "points": 100,
                }
            )
            cls.agent_id, cls.partner_id = agent.id, partner.id

    @classmethod
    def _cleanup(cls):
        with cls.fixture_registry.cursor() as cr:
            delete_committed_ledger(cr, cls.partner_id)
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["res.company"].browse(cls.company_id).write(cls.saved_settings)
            env["res.partner"].browse(cls.partner_id).unlink()
            agent = env["res.users"].browse(cls.agent_id)
            try:
                with cr.savepoint():
                    partner = agent.partner_id
                    agent.unlink()
                    partner.unlink()
            except Exception:  # noqa: BLE001 (a login left references: archive)
                agent.active = False

    def _redeem(self, barrier):
        """One XML-RPC client: redeem 30 points of the customer."""
        proxy = xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.http_port()}/xmlrpc/2/object", allow_none=True
        )
        barrier.wait(timeout=60)
        try:
            proxy.execute_kw(
                self.db,
                self.agent_id,
                PASSWORD,
                "travel.loyalty.transaction",
                "create",
                [
                    {
                        "partner_id": self.partner_id,
                        "transaction_type": "redeem",
                        "points": -30,
                        "reason": "Lounge pass",
                    }
                ],
            )
        except xmlrpc.client.Fault as fault:
            return fault.faultString
        return "redeemed"

    @mute_logger("odoo.sql_db", "odoo.http", "odoo.service.model")
    def test_eight_redemptions_at_once_never_overdraw(self):
        barrier = threading.Barrier(CALLS)
        # what test mode does, without its shared cursor: request threads look
        # the registry up while the test runner holds the registry lock
        saved_lock, Registry._lock = Registry._lock, DummyRLock()
        try:
            with ThreadPoolExecutor(max_workers=CALLS) as executor:
                futures = [
                    executor.submit(self._redeem, barrier) for _i in range(CALLS)
                ]
                results = [future.result(timeout=300) for future in futures]
        finally:
            Registry._lock = saved_lock
        self.assertEqual(results.count("redeemed"), 3, results)
        refused = [result for result in results if result != "redeemed"]
        self.assertEqual(len(refused), 5, results)
        for message in refused:
            # a clean refusal on the new balance, never a serialisation error
            self.assertIn("has 10 points; 30 cannot be deducted", message)
        with self.fixture_registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT p.loyalty_points,
                           (SELECT SUM(points) FROM travel_loyalty_transaction
                             WHERE partner_id = p.id),
                           (SELECT SUM(open_points) FROM travel_loyalty_transaction
                             WHERE partner_id = p.id),
                           (SELECT COUNT(*) FROM travel_loyalty_transaction
                             WHERE partner_id = p.id AND transaction_type = 'redeem'),
                           (SELECT SUM(c.points) FROM travel_loyalty_consumption c
                              JOIN travel_loyalty_transaction t ON t.id = c.consumer_id
                             WHERE t.partner_id = p.id)
                      FROM res_partner p WHERE p.id = %s
                    """,
                    self.partner_id,
                )
            )
            self.assertEqual(cr.fetchone(), (10, 10, 10, 3, 90))
