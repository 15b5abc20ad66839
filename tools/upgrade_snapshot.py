"""Snapshot or compare a travel_crm database's business data, for the upgrade check.

    python tools/upgrade_snapshot.py save DSN FILE      # before the upgrade
    python tools/upgrade_snapshot.py compare DSN FILE   # after: exit 1 on any change

For every table of the project's models (travel_*), the partners, companies,
journal entries and lines, loyalty ledger and system parameters, it records the
row count and a digest of every row over the columns that existed before (so new
columns are allowed; changed, lost or extra rows are not). Bookkeeping columns that
an upgrade legitimately rewrites (write_date, write_uid) are left out.
"""

import json
import sys

import psycopg2
from psycopg2 import sql

TABLES_LIKE = "travel\\_%"
MORE_TABLES = (
    "res_partner",
    "res_company",
    "res_users",
    "account_move",
    "account_move_line",
    "account_payment",
    "ir_config_parameter",
    "mail_followers",
    "ir_attachment",
)
SKIPPED_COLUMNS = {"write_date", "write_uid"}
# ir_attachment: an upgrade regenerates asset bundles; the records users made stay.
ROW_FILTERS = {"ir_attachment": "res_model IS NOT NULL AND res_model <> 'ir.ui.view'"}


def tables(cr):
    cr.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
        "AND (table_name LIKE %s OR table_name = ANY(%s)) ORDER BY table_name",
        [TABLES_LIKE, list(MORE_TABLES)],
    )
    return [name for (name,) in cr.fetchall()]


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY column_name",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in SKIPPED_COLUMNS]


def digest(cr, table, cols):
    where = sql.SQL(ROW_FILTERS.get(table, "TRUE"))  # constants above, not input
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(map(sql.Identifier, cols)))
    cr.execute(
        sql.SQL(
            "SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) "
            "FROM (SELECT {row} AS r FROM {table} WHERE {where}) rows"
        ).format(row=row, table=sql.Identifier(table), where=where)
    )
    count, md5 = cr.fetchone()
    return {"count": count, "md5": md5}


def snapshot(cr, previous=None):
    result = {}
    for table in previous or tables(cr):
        cols = previous[table]["columns"] if previous else columns(cr, table)
        result[table] = {"columns": cols, **digest(cr, table, cols)}
    return result


def main(action, dsn, path):
    with psycopg2.connect(dsn) as conn, conn.cursor() as cr:
        if action == "save":
            data = snapshot(cr)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            rows = sum(t["count"] for t in data.values())
            print(f"saved {len(data)} tables, {rows} rows")
            return 0
        with open(path, encoding="utf-8") as handle:
            before = json.load(handle)
        after = snapshot(cr, before)
        changed = [t for t in before if before[t] != after[t]]
        for table in changed:
            print(
                f"CHANGED {table}: {before[table]['count']} rows before, "
                f"{after[table]['count']} after"
            )
        rows = sum(t["count"] for t in after.values())
        print(f"compared {len(before)} tables, {rows} rows: {len(changed)} changed")
        return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
