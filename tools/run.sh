#!/usr/bin/env bash
# `make run`: serve travel_crm with demo data on http://localhost:8069 (admin / admin).
# Creates the demo database on the first run and upgrades travel_crm in it afterwards.
source "$(dirname "$0")/lib.sh"
setup_all

DB="${TRAVEL_DEMO_DB:-travel_crm_demo}"
PORT="${TRAVEL_HTTP_PORT:-8069}"
if db_exists "$DB" && [ "$(psql_q -d "$DB" -tAc "select state from ir_module_module where name = 'travel_crm'" 2>/dev/null)" = installed ]; then
    say "upgrading travel_crm in $DB"
    MODULE_ARGS=(-u "$ADDONS_CSV")
else
    say "creating $DB with demo data and travel_crm, in English, zh_CN and zh_TW"
    drop_db "$DB"
    # the first market's languages to switch to (Preferences > Language); English stays
    # the default (Odoo makes the first loaded language every new contact's)
    MODULE_ARGS=(-i "$ADDONS_CSV,$PAYMENT_TEST_MODULES" --load-language=en_US,zh_CN,zh_TW)
fi
odoo -d "$DB" "${MODULE_ARGS[@]}" --stop-after-init
say "serving http://localhost:$PORT  (database $DB, login admin / admin; Ctrl-C stops)"
exec env TZ=UTC "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" "$@"
