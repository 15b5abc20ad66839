"""Snapshot or compare a travel_crm database's business data, for the upgrade check.

    python tools/upgrade_snapshot.py save DSN FILE      # before the upgrade
    python tools/upgrade_snapshot.py compare DSN FILE   # after: exit 1 on any change

For every table of the project's models (travel_*), the partners, companies,
journal entries and lines, loyalty ledger, system parameters, crons, sequences,
mail templates and the project's XML ids, it records the
row count and a digest of every row over the columns that existed before (so new
columns are allowed; changed, lost or extra rows are not, except that the project's
XML ids may grow with new fields and records). Bookkeeping columns that
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
    # the records of the data files the redesign merged and renamed: the crons
    # (with their next call), the sequences (with their next number), the mail
    # templates and the XML ids that name them
    "ir_cron",
    "ir_sequence",
    "mail_template",
    "ir_model_data",
)
# Tables where an upgrade may add rows (the XML ids of new fields and records),
# as long as every row of before is still there, unchanged.
GROWING_TABLES = {"ir_model_data"}
SKIPPED_COLUMNS = {"write_date", "write_uid"}
# ir_attachment: an upgrade regenerates asset bundles; the records users made stay.
# ir_model_data: the project's XML ids (other modules' are not its business).
ROW_FILTERS = {
    "ir_attachment": "res_model IS NOT NULL AND res_model <> 'ir.ui.view'",
    "ir_model_data": "module LIKE 'travel\\_crm%'",
}


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


def row_digests(cr, table, cols):
    """The digest of each row (for a table where an upgrade may add rows)."""
    where = sql.SQL(ROW_FILTERS.get(table, "TRUE"))  # constants above, not input
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(map(sql.Identifier, cols)))
    cr.execute(
        sql.SQL("SELECT md5({row}) FROM {table} WHERE {where} ORDER BY 1").format(
            row=row, table=sql.Identifier(table), where=where
        )
    )
    rows = [md5 for (md5,) in cr.fetchall()]
    return {"count": len(rows), "rows": rows}


def snapshot(cr, previous=None):
    result = {}
    for table in previous or tables(cr):
        cols = previous[table]["columns"] if previous else columns(cr, table)
        read = row_digests if table in GROWING_TABLES else digest
        result[table] = {"columns": cols, **read(cr, table, cols)}
    return result


def is_changed(table, before, after):
    """A table changed: other rows than before, or, where an upgrade may add
    rows, a row of before that is gone or different."""
    if table in GROWING_TABLES:
        return bool(set(before["rows"]) - set(after["rows"]))
    return before != after


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
        changed = [t for t in before if is_changed(t, before[t], after[t])]
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
