"""Snapshot or compare a travel_crm database's business data, for the upgrade check.

    python tools/upgrade_snapshot.py save DSN FILE      # before the upgrade
    python tools/upgrade_snapshot.py compare DSN FILE   # after: exit 1 on any change

For every table of the project's models (travel_*), the partners, companies,
journal entries and lines, loyalty ledger, system parameters, crons, sequences,
mail templates and the project's XML ids, it records the
row count and a digest of every row over the columns that existed before (so new
columns are allowed). A row of before that is lost or changed fails the check; new
rows are allowed and listed: an upgrade adds the XML ids of new fields, shipped data
(rules, templates) and the demo records of new demo files. Bookkeeping columns that
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
# How a lost row is named in the report (else by its id).
ROW_LABELS = {"ir_model_data": "module || '.' || name"}
SKIPPED_COLUMNS = {"write_date", "write_uid"}
# ir_attachment: an upgrade regenerates asset bundles; the records users made stay.
# ir_model_data: the project's XML ids (other modules' are not its business), but
# not those of fields, which come and go with the schema (a report's column renamed).
ROW_FILTERS = {
    "ir_attachment": "res_model IS NOT NULL AND res_model <> 'ir.ui.view'",
    "ir_model_data": "module LIKE 'travel\\_crm%' AND model <> 'ir.model.fields'",
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


def row_digests(cr, table, cols):
    """The digest of each row, keyed by its label (its id, or ROW_LABELS)."""
    where = sql.SQL(ROW_FILTERS.get(table, "TRUE"))  # constants above, not input
    label = sql.SQL(ROW_LABELS.get(table, "id::text" if "id" in cols else "NULL"))
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(map(sql.Identifier, cols)))
    cr.execute(
        sql.SQL(
            "SELECT {label}, md5({row}) FROM {table} WHERE {where} ORDER BY 2"
        ).format(label=label, row=row, table=sql.Identifier(table), where=where)
    )
    rows = [[key, md5] for key, md5 in cr.fetchall()]
    return {"count": len(rows), "rows": rows}


def snapshot(cr, previous=None):
    result = {}
    for table in previous or tables(cr):
        cols = previous[table]["columns"] if previous else columns(cr, table)
        result[table] = {"columns": cols, **row_digests(cr, table, cols)}
    return result


def lost_rows(before, after):
    """The rows of before that are gone or different after, by their labels."""
    kept = {md5 for _key, md5 in after["rows"]}
    return [key for key, md5 in before["rows"] if md5 not in kept]


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
        changed = []
        for table in before:
            lost = lost_rows(before[table], after[table])
            counts = (
                f"{before[table]['count']} rows before, {after[table]['count']} after"
            )
            if lost:
                changed.append(table)
                print(f"CHANGED {table}: {counts}; lost or changed: {lost[:8]}")
            elif after[table]["count"] != before[table]["count"]:
                print(f"added to {table}: {counts}")
        rows = sum(t["count"] for t in after.values())
        print(f"compared {len(before)} tables, {rows} rows: {len(changed)} changed")
        return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
