"""travel_crm benchmarks: `make bench SIZE=...` (see tools/bench.sh).

Each measurement runs in a fresh Python process against the benchmark database, so
its peak memory (ru_maxrss) is that of one Odoo process doing that job. Every case
is measured several times; the median is reported, next to a reference measured in
the same run (Odoo's own peer flow, a small-history twin, or a hand-written SQL
floor), and their ratio.

Crons write and commit, so every cron run starts from its own copy of the
generated database (``CREATE DATABASE ... TEMPLATE``, not timed): each repeat sees
the same starting state. The SQL floors and the other cases roll back.
"""

import argparse
import configparser
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# Contract crons, each run to completion through Odoo's cron runner.
CRONS = [
    "travel_crm.ir_cron_travel_segmentation",
    "travel_crm.ir_cron_loyalty_maintenance",
    "travel_crm.ir_cron_travel_engagement",
    "travel_crm.ir_cron_complaint_escalation",
]
# (case, reference) pairs; a reference is measured the same way as its case.
PAIRS = [
    ("booking_invoice", "sale_order_invoice"),
    ("traveller_form_1000", "traveller_form_1"),
    ("bookings_list_page", "bookings_list_sql_floor"),
] + [(f"cron:{xmlid}", f"floor:{xmlid}") for xmlid in CRONS]
SEGMENTATION = "cron:travel_crm.ir_cron_travel_segmentation"
LOYALTY = "cron:travel_crm.ir_cron_loyalty_maintenance"
GIB = 1024
# Budgets of issue #9: (name, applies at sizes, check(rows by case) -> (ok, seen))
BUDGETS = [
    (
        "segmentation within 3x its SQL floor",
        ("large",),
        lambda rows: _ratio_budget(rows, SEGMENTATION, 3.0),
    ),
    (
        "segmentation under 60 s",
        ("large",),
        lambda rows: _wall_budget(rows, SEGMENTATION, 60.0),
    ),
    (
        "loyalty maintenance under 60 s (2M ledger entries)",
        ("large",),
        lambda rows: _wall_budget(rows, LOYALTY, 60.0),
    ),
    (
        "cron worker peak memory under 1 GiB",
        ("large",),
        lambda rows: _memory_budget(rows),
    ),
    (
        "booking to invoice at most 1.1x the sale order peer",
        ("tiny", "small", "medium", "large"),
        lambda rows: _ratio_budget(rows, "booking_invoice", 1.1),
    ),
    (
        "traveller form: same queries with 1,000 bookings as with 1",
        ("tiny", "small", "medium", "large"),
        lambda rows: _same_queries(rows, "traveller_form_1000"),
    ),
]


def _ratio_budget(rows, case, limit):
    ratio = rows[case]["ratio"]
    if ratio is None:
        return False, "not measured"
    return ratio <= limit, f"{ratio:.2f}x (limit {limit}x)"


def _wall_budget(rows, case, limit):
    wall = rows[case]["ours"].get("wall_s")
    if wall is None:
        return False, "not measured"
    return wall < limit, f"{wall:.1f} s (limit {limit:.0f} s)"


def _memory_budget(rows):
    peaks = [
        row["ours"].get("peak_mib")
        for case, row in rows.items()
        if case.startswith("cron:")
    ]
    if None in peaks or not peaks:
        return False, "not measured"
    return max(peaks) < GIB, f"{max(peaks):.0f} MiB (limit {GIB} MiB)"


def _same_queries(rows, case):
    ours, ref = rows[case]["ours"], rows[case]["reference"] or {}
    if "queries" not in ours or "queries" not in ref:
        return False, "not measured"
    return ours["queries"] == ref["queries"], (
        f"{ours['queries']:.0f} vs {ref['queries']:.0f} queries"
    )


def open_env(config, db):
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", config, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    cr = registry.cursor()
    return registry, cr, api.Environment(cr, SUPERUSER_ID, {})


def query_count():
    import odoo

    return odoo.sql_db.sql_counter


# ---------------------------------------------------------------- cases


def _five_line_booking(env):
    partner = env["res.partner"].search([("name", "=", "Bench Traveller 1")], limit=1)
    lines = [
        (
            0,
            0,
            {
                "name": f"Service {i}",
                "service_type": "hotel",
                "quantity": 1,
                "price_unit": 100.0 * i,
                "cost_unit": 80.0 * i,
            },
        )
        for i in range(1, 6)
    ]
    booking = env["travel.booking"].create(
        {
            "partner_id": partner.id,
            "departure_date": "2027-01-10",
            "return_date": "2027-01-17",
            "line_ids": lines,
        }
    )
    booking.action_confirm()
    booking.action_create_invoice()
    env.flush_all()


def _five_line_sale_order(env):
    partner = env["res.partner"].search([("name", "=", "Bench Traveller 1")], limit=1)
    product = env["product.product"].search(
        [("default_code", "=", "BENCH-SERVICE")], limit=1
    ) or env["product.product"].create(
        {
            "name": "Bench travel service",
            "default_code": "BENCH-SERVICE",
            "type": "service",
            "invoice_policy": "order",
            "taxes_id": [(5, 0, 0)],
        }
    )
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "name": f"Service {i}",
                        "product_uom_qty": 1,
                        "price_unit": 100.0 * i,
                        "tax_id": [(5, 0, 0)],
                    },
                )
                for i in range(1, 6)
            ],
        }
    )
    order.action_confirm()
    order._create_invoices()
    env.flush_all()


def _form_spec(env, model):
    views = env[model].get_views([(False, "form")])
    spec = {}
    for name, desc in views["models"][model]["fields"].items():
        if desc["type"] in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
            if desc["type"] != "many2one":
                spec[name]["limit"] = 40
        else:
            spec[name] = {}
    return spec


def _read_traveller_form(env, partner):
    env.invalidate_all()
    partner.web_read(_form_spec(env, "res.partner"))


def _traveller_with_bookings(env, count):
    env.cr.execute(
        """
        SELECT partner_id FROM travel_booking GROUP BY partner_id
        HAVING count(*) = %s ORDER BY partner_id LIMIT 1
        """,
        [count],
    )
    row = env.cr.fetchone()
    if not row:
        raise LookupError(f"no traveller with exactly {count} bookings")
    return env["res.partner"].browse(row[0])


def _bookings_list_page(env):
    env.invalidate_all()
    views = env["travel.booking"].get_views([(False, "list")])
    spec = {}
    for name, desc in views["models"]["travel.booking"]["fields"].items():
        relational = desc["type"] in ("many2one", "many2many")
        spec[name] = {"fields": {"display_name": {}}} if relational else {}
    env["travel.booking"].web_search_read([], spec, limit=80)


def _bookings_list_sql(env):
    env.cr.execute(
        """
        SELECT b.id, b.name, p.complete_name, b.departure_date, b.return_date,
               b.amount_total, b.margin, b.state, u.login
          FROM travel_booking b
          JOIN res_partner p ON p.id = b.partner_id
          LEFT JOIN res_users u ON u.id = b.user_id
         ORDER BY b.departure_date DESC, b.id DESC
         LIMIT 80
        """
    )
    env.cr.fetchall()
    env.cr.execute("SELECT count(*) FROM travel_booking")
    env.cr.fetchone()


def _run_cron(registry, env, xmlid):
    from odoo.addons.base.models.ir_cron import ir_cron

    cron = env.ref(xmlid, raise_if_not_found=False)
    if not cron:
        raise LookupError(f"{xmlid} does not exist yet")
    # Only this job runs (on this copy of the dataset): the others are switched
    # off, so that the mail and SMS queues it fills are not sent in its time.
    env.cr.execute("UPDATE ir_cron SET active = false WHERE id <> %s", [cron.id])
    env.cr.execute(
        "UPDATE ir_cron SET nextcall = now() - interval '1 minute', active = true"
        " WHERE id = %s",
        [cron.id],
    )
    env.cr.commit()
    for _round in range(1000):
        ir_cron._process_jobs(env.cr.dbname)
        # A new transaction, hence a new snapshot: Odoo's cursors are
        # REPEATABLE READ, and the runner commits on cursors of its own.
        env.cr.rollback()
        env.cr.execute(
            "SELECT nextcall <= now() OR EXISTS (SELECT 1 FROM ir_cron_trigger t"
            " WHERE t.cron_id = c.id AND t.call_at <= now()) FROM ir_cron c"
            " WHERE id = %s",
            [cron.id],
        )
        if not env.cr.fetchone()[0]:
            return
    raise RuntimeError(f"{xmlid} did not finish in 1000 runner rounds")


def measure(config, db, case):
    registry, cr, env = open_env(config, db)
    warm, action = None, None
    try:
        if case == "booking_invoice":
            warm = action = lambda: _five_line_booking(env)
        elif case == "sale_order_invoice":
            warm = action = lambda: _five_line_sale_order(env)
        elif case in ("traveller_form_1000", "traveller_form_1"):
            partner = _traveller_with_bookings(env, 1000 if case.endswith("00") else 1)
            warm = action = lambda: _read_traveller_form(env, partner)
        elif case == "bookings_list_page":
            warm = action = lambda: _bookings_list_page(env)
        elif case == "bookings_list_sql_floor":
            warm = action = lambda: _bookings_list_sql(env)
        elif case.startswith("cron:"):
            action = lambda: _run_cron(registry, env, case[5:])
        elif case.startswith("floor:"):
            from floors import FLOORS

            action = lambda: FLOORS[case[6:]](env)
        else:
            raise LookupError(f"unknown case {case}")
        if warm:
            # A server worker is warm: caches and the registry are loaded.
            warm()
            cr.rollback()
            env.invalidate_all()
        start_queries = query_count()
        start = time.perf_counter()
        action()
        wall = time.perf_counter() - start
        queries = query_count() - start_queries
        cr.rollback()
    finally:
        cr.close()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"wall_s": wall, "queries": queries, "peak_mib": peak_kib / 1024}


# ---------------------------------------------------------------- orchestration


def _admin_connection(config):
    """psycopg2 connection to the maintenance database, from odoo.conf."""
    import psycopg2

    parser = configparser.ConfigParser()
    parser.read(config)
    options = parser["options"]
    conn = psycopg2.connect(
        dbname="postgres",
        host=options.get("db_host") or None,
        port=options.get("db_port") or None,
        user=options.get("db_user") or None,
        password=options.get("db_password") or None,
    )
    conn.autocommit = True
    return conn


def _clone(config, template, name):
    """A fresh copy of ``template`` named ``name`` (file copy: fast)."""
    from psycopg2 import sql

    conn = _admin_connection(config)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
            )
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
    finally:
        conn.close()


def _drop(config, name):
    from psycopg2 import sql

    conn = _admin_connection(config)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
            )
    finally:
        conn.close()


def run_case(config, db, case, repeat):
    samples = []
    for _ in range(repeat):
        # A cron commits what it does: it runs on its own copy of the dataset.
        target = f"{db}_run" if case.startswith("cron:") else db
        if target != db:
            _clone(config, db, target)
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "case", config, target, case],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if target != db:
                _drop(config, target)
        if proc.returncode:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
            return {"case": case, "error": tail[0] if tail else "failed"}
        samples.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return {
        "case": case,
        "runs": len(samples),
        "wall_s": statistics.median(s["wall_s"] for s in samples),
        "queries": statistics.median(s["queries"] for s in samples),
        "peak_mib": max(s["peak_mib"] for s in samples),
        "samples": samples,
    }


def scale_out(config, db, out, seconds, workers=2):
    """Two worker processes x two cron threads on a copy of the dataset."""
    import scaleout
    from generate import check_consistency

    target = f"{db}_scaleout"
    _clone(config, db, target)
    try:
        registry, cr, env = open_env(config, target)
        scaleout.make_due(env, CRONS)
        cr.close()
        start = time.perf_counter()
        # files, not pipes: a worker blocked on a full pipe would hold its job
        with contextlib.ExitStack() as stack:
            outputs = [
                (
                    stack.enter_context(tempfile.TemporaryFile("w+")),
                    stack.enter_context(tempfile.TemporaryFile("w+")),
                )
                for _index in range(workers)
            ]
            procs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        __file__,
                        "scaleout-worker",
                        config,
                        target,
                        str(index),
                        str(seconds),
                    ],
                    stdout=outputs[index][0],
                    stderr=outputs[index][1],
                    text=True,
                )
                for index in range(workers)
            ]
            events = []
            for proc, (stdout, stderr) in zip(procs, outputs, strict=True):
                proc.wait()
                stdout.seek(0)
                stderr.seek(0)
                if proc.returncode:
                    sys.exit(f"cron worker failed: {stderr.read().strip()[-500:]}")
                events += json.loads(stdout.read().strip().splitlines()[-1])
        wall = time.perf_counter() - start
        result = scaleout.analyse(events)
        from odoo import SUPERUSER_ID, api

        cr = registry.cursor()
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.cr.execute(
            "SELECT count(*) FROM ir_cron WHERE id = ANY(%s) AND nextcall <= now()",
            [[env.ref(xmlid).id for xmlid in CRONS]],
        )
        result["still_due"] = env.cr.fetchone()[0]
        result["problems"] = check_consistency(env) + scaleout.duplicates(env)
        cr.close()
    finally:
        import odoo

        odoo.sql_db.close_db(target)
        _drop(config, target)
    result.update(
        workers=workers, threads_per_worker=scaleout.THREADS_PER_WORKER, wall_s=wall
    )
    ok = not result["problems"] and not result["overlapping_holds"]
    ok = ok and not result["still_due"]
    print(
        f"{'PASS' if ok else 'FAIL'}  crons on {workers} workers x "
        f"{scaleout.THREADS_PER_WORKER} cron threads: {wall:.1f} s, threads used "
        f"{len(result['threads_used'])}, job runs "
        f"{sum(job['runs'] for job in result['jobs'].values())}, skipped because "
        f"held {result['skipped_because_held']}, overlapping holds "
        f"{result['overlapping_holds']}, problems {result['problems'] or 'none'}"
    )
    result["verdict"] = "PASS" if ok else "FAIL"
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    print(f"written {out}")


def print_markdown(path):
    """The results file as the README's tables."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    meta = data["meta"]
    print(
        f"{meta['size']}, {meta['date']}, {meta['cpus']} cores, {meta['mem_gib']} GiB,"
        f" PostgreSQL {meta['postgres']}, median of {meta['repeat']} runs\n"
    )
    print(
        "| case | ours | queries | peak RSS | reference | ref. time | ref. queries"
        " | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in data["rows"]:
        ours, ref = row["ours"], row["reference"] or {}
        ratio = f"{row['ratio']:.2f}" if row["ratio"] else "n/a"
        print(
            f"| {row['case'].replace('cron:travel_crm.', 'cron ')} "
            f"| {fmt(ours, 'wall_s', '%.3f s')} | {fmt(ours, 'queries', '%d')} "
            f"| {fmt(ours, 'peak_mib', '%.0f MiB')} | {_label(ref)} "
            f"| {fmt(ref, 'wall_s', '%.3f s')} | {fmt(ref, 'queries', '%d')} "
            f"| {ratio} |"
        )
    print("\n| budget | verdict | measured |\n| --- | --- | --- |")
    for budget in data["budgets"]:
        print(f"| {budget['budget']} | {budget['verdict']} | {budget['seen']} |")


def check_budgets(rows, size):
    """PASS/FAIL per budget; budgets set for another size say so."""
    by_case = {row["case"]: row for row in rows}
    results = []
    for name, sizes, check in BUDGETS:
        ok, seen = check(by_case)
        verdict = ("PASS" if ok else "FAIL") if size in sizes else "-"
        if size not in sizes:
            seen += f" (budget applies at {', '.join(sizes)})"
        results.append({"budget": name, "verdict": verdict, "seen": seen})
    return results


def _label(ref):
    case = (ref or {}).get("case", "-")
    return "SQL floor" if case.startswith("floor:") else case


def fmt(result, key, pattern):
    return pattern % result[key] if result and key in result else "n/a"


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("config")
    gen.add_argument("db")
    gen.add_argument("size")
    gen.add_argument("--seed", type=int, default=42)
    scale = sub.add_parser("scaleout")
    scale.add_argument("config")
    scale.add_argument("db")
    scale.add_argument("--out", required=True)
    scale.add_argument("--seconds", type=int, default=1800)
    worker = sub.add_parser("scaleout-worker")
    worker.add_argument("config")
    worker.add_argument("db")
    worker.add_argument("worker", type=int)
    worker.add_argument("seconds", type=int)
    markdown = sub.add_parser("markdown")
    markdown.add_argument("results")
    check = sub.add_parser("check")
    check.add_argument("config")
    check.add_argument("db")
    one = sub.add_parser("case")
    one.add_argument("config")
    one.add_argument("db")
    one.add_argument("case")
    run = sub.add_parser("run")
    run.add_argument("config")
    run.add_argument("db")
    run.add_argument("--repeat", type=int, default=3)
    run.add_argument("--out", required=True)
    run.add_argument("--meta", default="{}")
    args = parser.parse_args()

    if args.cmd == "generate":
        from generate import check_consistency, generate

        _registry, cr, env = open_env(args.config, args.db)
        start = time.perf_counter()
        info = generate(env, args.size, seed=args.seed)
        cr.commit()
        problems = check_consistency(env)
        info["seconds"] = round(time.perf_counter() - start, 1)
        cr.close()
        print(json.dumps(info))
        if problems:
            sys.exit("inconsistent dataset: " + "; ".join(problems))
    elif args.cmd == "scaleout":
        scale_out(args.config, args.db, args.out, args.seconds)
    elif args.cmd == "scaleout-worker":
        import scaleout

        open_env(args.config, args.db)[1].close()
        scaleout.run_worker(args.db, args.worker, args.seconds)
    elif args.cmd == "markdown":
        print_markdown(args.results)
    elif args.cmd == "check":
        from generate import check_consistency

        _registry, cr, env = open_env(args.config, args.db)
        problems = check_consistency(env)
        cr.close()
        print("consistent" if not problems else "; ".join(problems))
        if problems:
            sys.exit(1)
    elif args.cmd == "case":
        print(json.dumps(measure(args.config, args.db, args.case)))
    else:
        rows = []
        for case, reference in PAIRS:
            ours = run_case(args.config, args.db, case, args.repeat)
            ref = (
                run_case(args.config, args.db, reference, args.repeat)
                if reference
                else None
            )
            ratio = None
            if ref and "wall_s" in ours and "wall_s" in ref and ref["wall_s"]:
                ratio = ours["wall_s"] / ref["wall_s"]
            rows.append({"case": case, "ours": ours, "reference": ref, "ratio": ratio})
        header = (
            f"{'case':48} {'ours s':>9} {'queries':>8} {'peak MiB':>9} "
            f"{'reference':26} {'ref s':>9} {'ref q':>7} {'ratio':>6}"
        )
        print(header)
        print("-" * len(header))
        for row in rows:
            ours, ref = row["ours"], row["reference"]
            ratio = f"{row['ratio']:.2f}" if row["ratio"] else "n/a"
            print(
                f"{row['case']:48} {fmt(ours, 'wall_s', '%.3f'):>9} "
                f"{fmt(ours, 'queries', '%d'):>8} {fmt(ours, 'peak_mib', '%.0f'):>9} "
                f"{_label(ref):26} {fmt(ref, 'wall_s', '%.3f'):>9} "
                f"{fmt(ref, 'queries', '%d'):>7} "
                f"{ratio:>6}"
            )
            for side in (ours, ref):
                if side and "error" in side:
                    print(f"    {side['case']}: {side['error']}")
        meta = json.loads(args.meta)
        budgets = check_budgets(rows, meta.get("size"))
        print()
        for budget in budgets:
            print(f"{budget['verdict']:5} {budget['budget']:58} {budget['seen']}")
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(
                {"meta": meta, "rows": rows, "budgets": budgets}, handle, indent=2
            )
        print(f"written {args.out}")


if __name__ == "__main__":
    main()
