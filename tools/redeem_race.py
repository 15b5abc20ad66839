"""Eight points redemptions at once against a real multi-worker Odoo server.

    python tools/redeem_race.py -c .odoo/odoo.conf -d SOURCE_DB [--port 8131]
        [--workers 2] [--calls 8] [--balance 100] [--points 30] [--keep]

Copies SOURCE_DB (travel_crm installed) to a throw-away database, commits the
fixtures there (the programme on, an agent with a password, a customer with
``--balance`` points), starts Odoo (``odoo-bin --workers=N``) on it,
fires ``--calls`` XML-RPC ``travel.loyalty.transaction.create`` redemptions
of ``--points`` at the same moment from as many threads, then reads the
ledger from the database.

Succeeds (exit 0) when exactly ``balance // points`` redemptions went through,
every other call was refused with the balance error (never a serialisation
error), and the stored balance, the ledger sum and the open points agree and
are not negative. The server it started is stopped and the copy dropped
(unless ``--keep``).
"""

import argparse
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import odoo
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tools import SQL

PASSWORD = "race-agent-password-1"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="source database")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--balance", type=int, default=100)
    parser.add_argument("--points", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    return parser.parse_args(argv)


def copy_database(source, target):
    with db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(target)))
        cr.execute(
            SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                SQL.identifier(target),
                SQL.identifier(source),
            )
        )


def drop_database(name):
    odoo.sql_db.close_db(name)
    with db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(name)))


def make_fixtures(dbname, balance, points):
    """Commit the agent, the customer and their points; returns their ids."""
    registry = Registry.new(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        company.write({"loyalty_enabled": True, "loyalty_min_redemption": points})
        groups = env.ref("base.group_user") | env.ref("travel_crm.group_travel_agent")
        agent = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Redeem Race Agent",
                    "login": "redeem_race_agent",
                    "password": PASSWORD,
                    "groups_id": [odoo.Command.set(groups.ids)],
                    "company_id": company.id,
                    "company_ids": [odoo.Command.set(company.ids)],
                }
            )
        )
        partner = env["res.partner"].create({"name": "Redeem Race Customer"})
        env["travel.loyalty.transaction"].create(
            {
                "name": "Welcome points",
                "partner_id": partner.id,
                "company_id": company.id,
                "transaction_type": "bonus",
                "points": balance,
            }
        )
        return agent.id, partner.id


def odoo_command():
    """The Odoo this Python imports (the project's commands find it): its
    ``odoo-bin`` in a source tree (the prefork server re-runs its own script
    for the long-polling process, which ``-m odoo`` cannot), else ``-m odoo``."""
    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if odoo_bin.is_file():
        return [sys.executable, str(odoo_bin)]
    return [sys.executable, "-m", "odoo"]


def start_server(args, dbname):
    command = [
        *odoo_command(),
        "-c",
        args.config,
        "-d",
        dbname,
        f"--db-filter=^{dbname}$",
        f"--workers={args.workers}",
        "--max-cron-threads=0",
        f"--http-port={args.port}",
        "--log-level=warn",
    ]
    server = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{args.port}/web/health", timeout=2
            ):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"odoo-bin exited with {server.returncode}") from None
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not answer within 120 s")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def race(args, dbname, agent_id, partner_id):
    barrier = threading.Barrier(args.calls)

    def redeem(_index):
        proxy = xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{args.port}/xmlrpc/2/object", allow_none=True
        )
        barrier.wait(timeout=60)
        started = time.monotonic()
        try:
            proxy.execute_kw(
                dbname,
                agent_id,
                PASSWORD,
                "travel.loyalty.transaction",
                "create",
                [
                    {
                        "partner_id": partner_id,
                        "transaction_type": "redeem",
                        "points": -args.points,
                        "reason": "Redeem race",
                    }
                ],
            )
            outcome = "redeemed"
        except xmlrpc.client.Fault as fault:
            outcome = fault.faultString.strip().splitlines()[-1]
        return outcome, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=args.calls) as executor:
        return list(executor.map(redeem, range(args.calls), timeout=300))


def ledger(dbname, partner_id):
    with db_connect(dbname).cursor() as cr:
        cr.execute(
            SQL(
                """
                SELECT p.loyalty_points,
                       (SELECT SUM(points) FROM travel_loyalty_transaction
                         WHERE partner_id = p.id),
                       (SELECT SUM(open_points) FROM travel_loyalty_transaction
                         WHERE partner_id = p.id),
                       (SELECT COUNT(*) FROM travel_loyalty_transaction
                         WHERE partner_id = p.id AND transaction_type = 'redeem')
                  FROM res_partner p WHERE p.id = %s
                """,
                partner_id,
            )
        )
        return cr.fetchone()


def main(argv):
    args = parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config], setup_logging=False)
    dbname = f"{args.database}_redeem_race"
    copy_database(args.database, dbname)
    try:
        agent_id, partner_id = make_fixtures(dbname, args.balance, args.points)
        odoo.sql_db.close_db(dbname)
        server = start_server(args, dbname)
        try:
            results = race(args, dbname, agent_id, partner_id)
        finally:
            stop_server(server)
        stored, total, still_open, redeems = ledger(dbname, partner_id)
    finally:
        if not args.keep:
            drop_database(dbname)
    expected = args.balance // args.points
    left = args.balance - expected * args.points
    redeemed = [seconds for outcome, seconds in results if outcome == "redeemed"]
    refused = [outcome for outcome, _seconds in results if outcome != "redeemed"]
    print(
        f"{args.calls} calls on {args.workers} workers: {len(redeemed)} redeemed, "
        f"{len(refused)} refused; balance {stored} (ledger {total}, open "
        f"{still_open}), {redeems} redeem entries; slowest call "
        f"{max(seconds for _outcome, seconds in results):.2f} s"
    )
    for outcome in sorted(set(refused)):
        print(f"  refused x{refused.count(outcome)}: {outcome}")
    balance_error = f"has {left} points; {args.points} cannot be deducted"
    ok = (
        len(redeemed) == redeems == expected
        and all(balance_error in outcome for outcome in refused)
        and stored == total == still_open == left >= 0
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
