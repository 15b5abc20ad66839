#!/usr/bin/env bash
# `make test`: lint, then the whole suite on a fresh throw-away database.
#
# 1. lint (ruff, pylint-odoo, SQL, sizes, OCA checks); each addon builds as a wheel;
# 2. install the four addons with demo data on a new database (an ERROR in the log
#    fails), and beside it without demo data on another;
# 3. every TransactionCase through pytest-odoo (conftest.py), and beside it, on a copy
#    of the database, the HttpCase tests (tours, controllers) through Odoo's runner
#    (tools/http_tests.py), which serves HTTP; a skipped test fails the run;
# 4. eight redemptions at once over XML-RPC against a real 2-worker server
#    (tools/redeem_race.py); upgrade in place (-u) keeping the data;
# 5. one summary line from the two runners' own figures (tools/test_summary.py).
source "$(dirname "$0")/lib.sh"
setup_all

LOG_DIR="$STATE_DIR/test-logs"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
DB="travel_crm_test_$(date +%s)_$$"
DB_NODEMO="${DB}_nodemo"
DB_HTTP="${DB}_http"
cleanup() {
    local db
    for db in "$DB" "$DB_NODEMO" "$DB_HTTP"; do drop_db "$db" || true; done
}
trap cleanup EXIT

# Lines Odoo logs at ERROR or CRITICAL level mean something broke, even when the
# command's exit code says otherwise.
check_log() {
    if grep -qE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$1"; then
        grep -E -A15 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$1" | head -80 >&2
        die "$2 logged errors (full log: $1)"
    fi
}

# Runs Odoo with the given options, logging to $LOG_DIR/<name>.log; fails on errors.
odoo_step() {
    local name="$1"
    shift
    odoo "$@" --stop-after-init --http-port="$(free_port)" >"$LOG_DIR/$name.log" 2>&1 \
        || { tail -60 "$LOG_DIR/$name.log" >&2; die "$name failed"; }
    check_log "$LOG_DIR/$name.log" "$name"
}

# make test-dates runs the suite again on other dates: lint and wheels once is enough,
# and so are the steps no date changes (the race, the upgrade, the install without demo).
if [ -z "${TRAVEL_SKIP_LINT:-}" ]; then
    run_lint
    check_wheels
fi
DATE_RUN="${TRAVEL_DATE_RUN:-}"

# The two installs run side by side (two cores): they share nothing but the server.
say "installing $ADDONS_CSV with demo data on $DB${DATE_RUN:- and without demo data on $DB_NODEMO}"
odoo_step install -d "$DB" -i "$ADDONS_CSV,$PAYMENT_TEST_MODULES" &
INSTALL_PID=$!
NODEMO_PID=""
if [ -z "$DATE_RUN" ]; then
    odoo_step nodemo -d "$DB_NODEMO" -i "$ADDONS_CSV,$PAYMENT_TEST_MODULES" --without-demo=all &
    NODEMO_PID=$!
fi
wait "$INSTALL_PID" || die "install failed (log: $LOG_DIR/install.log)"

# The HttpCase tests run on a copy of the database (and of its filestore), side by
# side with pytest-odoo: each runner keeps its own long transactions on its own data.
copy_db() {
    psql_q -d postgres -q -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" || return 1
    local store="$STATE_DIR/data/filestore"
    [ ! -d "$store/$1" ] || cp -a "$store/$1" "$store/$2"
}
copy_db "$DB" "$DB_HTTP" || die "could not copy $DB to $DB_HTTP"

say "pytest-odoo (TransactionCase) and Odoo's runner (HttpCase) side by side"
HTTP_CLASSES="$LOG_DIR/http_classes.txt"
PYTEST_RESULT="$LOG_DIR/pytest.json"
HTTP_RESULT="$LOG_DIR/http.json"
# On a failure the HttpCase tests still run: the summary counts the whole suite.
TZ=UTC TRAVEL_CRM_HTTP_CLASSES_FILE="$HTTP_CLASSES" TRAVEL_CRM_PYTEST_RESULT="$PYTEST_RESULT" \
    "$VENV/bin/pytest" -c "$REPO_ROOT/pytest.ini" --odoo-config "$ODOO_CONF" \
    --odoo-database "$DB" "${ADDONS[@]/#/$REPO_ROOT/}" >"$LOG_DIR/pytest.log" 2>&1 &
PYTEST_PID=$!
# pytest-odoo names the HttpCase classes when it has collected them (conftest.py).
while [ ! -e "$HTTP_CLASSES" ] && kill -0 "$PYTEST_PID" 2>/dev/null; do sleep 2; done
HTTP_PID=""
if [ -s "$HTTP_CLASSES" ]; then
    TAGS="$(sed 's#^#/#' "$HTTP_CLASSES" | paste -sd, -)"
    say "Odoo runner: HttpCase tests ($TAGS) on $DB_HTTP"
    TZ=UTC "$PY" "$REPO_ROOT/tools/http_tests.py" "$HTTP_RESULT" -c "$ODOO_CONF" -d "$DB_HTTP" \
        --test-tags "$TAGS" --http-port="$(free_port)" >"$LOG_DIR/http.log" 2>&1 &
    HTTP_PID=$!
fi
wait "$PYTEST_PID" || true
grep -vE '^[0-9-]+ [0-9:,]+ [0-9]+ (INFO|DEBUG) ' "$LOG_DIR/pytest.log" | tail -60 >&2 || true
if [ -n "$HTTP_PID" ]; then
    wait "$HTTP_PID" || true
    grep -E ': Starting Test|odoo\.tests\.(result|stats)|FAIL|ERROR' "$LOG_DIR/http.log" | tail -40 >&2 || true
fi

RACE_OK=1
if [ -z "$DATE_RUN" ]; then
    say "eight redemptions at once over XML-RPC against a server with 2 workers"
    RACE_LOG="$LOG_DIR/redeem_race.log"
    TZ=UTC "$PY" "$REPO_ROOT/tools/redeem_race.py" -c "$ODOO_CONF" -d "$DB" \
        --port "$(free_port)" >"$RACE_LOG" 2>&1 || RACE_OK=0
    tail -2 "$RACE_LOG"

    say "upgrade in place (-u $ADDONS_CSV) keeps the data"
    count_rows() {
        psql_q -d "$DB" -tAc "select (select count(*) from res_partner),
            (select count(*) from travel_booking), (select count(*) from travel_booking_line)"
    }
    BEFORE="$(count_rows)"
    odoo_step upgrade -d "$DB" -u "$ADDONS_CSV"
    AFTER="$(count_rows)"
    [ "$BEFORE" = "$AFTER" ] || die "upgrade changed the data: partners|bookings|lines $BEFORE -> $AFTER"
    say "partners|bookings|lines before and after upgrade: $AFTER"
    wait "$NODEMO_PID" || die "install without demo data failed (log: $LOG_DIR/nodemo.log)"
    say "installed $ADDONS_CSV without demo data on $DB_NODEMO"
fi

"$PY" "$REPO_ROOT/tools/test_summary.py" "$PYTEST_RESULT" "$HTTP_RESULT" "$LOG_DIR/http.log"
[ "$RACE_OK" = 1 ] || die "the redemption race against 2 workers failed (log: $RACE_LOG)"
