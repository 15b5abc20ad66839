#!/usr/bin/env bash
# `make screenshots`: real-browser screenshots of the main screens of the demo
# database (`make run` creates it) into docs/screenshots/ and
# travel_crm/static/description/. Serves the database on a free port for the
# time of the shots; a `make run` server on 8069 may keep running.
source "$(dirname "$0")/lib.sh"
setup_all

DB="${TRAVEL_DEMO_DB:-travel_crm_demo}"
db_exists "$DB" || die "no database $DB: run \`make run\` once first (or set TRAVEL_DEMO_DB)"
PORT="$(free_port)"
LOG="$STATE_DIR/screenshots-server.log"
say "serving $DB on port $PORT for the screenshots (log: $LOG)"
TZ=UTC "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --no-database-list --max-cron-threads=0 >"$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$LOG" >&2; die "the server stopped"; }
    sleep 1
done
"$PY" "$REPO_ROOT/tools/screenshots.py" --url "http://127.0.0.1:$PORT" --db "$DB" "$@"
# The same screens in Simplified Chinese (docs/screenshots/zh_CN/), the first market.
if [ "$(psql_q -d "$DB" -tAc "select active from res_lang where code = 'zh_CN'")" = t ]; then
    "$PY" "$REPO_ROOT/tools/screenshots.py" --url "http://127.0.0.1:$PORT" --db "$DB" --lang zh_CN "$@"
else
    say "zh_CN is not installed in $DB: no Chinese screenshots (make run installs it on a new database)"
fi
