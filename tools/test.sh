#!/usr/bin/env bash
# `make test`: lint, then the whole suite on a fresh throw-away database.
#
# 1. ruff + pylint-odoo (fail on any finding); each addon builds as a wheel;
# 2. install travel_crm with demo data on a new database (any ERROR in the log fails);
# 3. every TransactionCase through pytest-odoo;
# 4. the HttpCase tests (browser tours, controllers) through Odoo's own runner, which
#    serves HTTP; a test Odoo skips (no Chromium, no websocket-client) fails the run;
# 5. install without demo data, and upgrade in place (-u) keeping the data;
# 6. drop the databases, print one summary line.
source "$(dirname "$0")/lib.sh"
setup_all

LOG_DIR="$STATE_DIR/test-logs"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"
RUN_ID="$(date +%s)_$$"
DB="travel_crm_test_$RUN_ID"
DB_NODEMO="${DB}_nodemo"
cleanup() { drop_db "$DB" || true; drop_db "$DB_NODEMO" || true; }
trap cleanup EXIT

# Lines Odoo logs at ERROR or CRITICAL level mean something broke, even when the
# command's exit code says otherwise.
check_log() {
    local log="$1" what="$2"
    if grep -qE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log"; then
        grep -E -A15 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" | head -80 >&2
        die "$what logged errors (full log: $log)"
    fi
}

# make test-dates runs the suite again on other dates: lint and wheels once is enough.
if [ -z "${TRAVEL_SKIP_LINT:-}" ]; then
    run_lint
    check_wheels
fi

say "installing $ADDONS_CSV with demo data on $DB"
odoo -d "$DB" -i "$ADDONS_CSV" --stop-after-init --http-port="$(free_port)" \
    >"$LOG_DIR/install.log" 2>&1 || { tail -60 "$LOG_DIR/install.log" >&2; die "install failed"; }
check_log "$LOG_DIR/install.log" "install"

say "pytest-odoo: TransactionCase tests"
HTTP_CLASSES_FILE="$LOG_DIR/http_classes.txt"
set +e
TZ=UTC TRAVEL_CRM_HTTP_CLASSES_FILE="$HTTP_CLASSES_FILE" "$VENV/bin/pytest" \
    -c "$REPO_ROOT/pytest.ini" --odoo-config "$ODOO_CONF" --odoo-database "$DB" \
    "${ADDONS[@]/#/$REPO_ROOT/}" 2>&1 | tee "$LOG_DIR/pytest.log"
PYTEST_RC=${PIPESTATUS[0]}
set -e
# pytest exits 5 when it collected nothing: a suite with no test is not a pass.
[ "$PYTEST_RC" = 5 ] && die "pytest-odoo collected no test"
# On a failure, the HttpCase tests still run: the summary counts the whole suite.
[ "$PYTEST_RC" = 0 ] || say "pytest-odoo failed (exit $PYTEST_RC); running the HttpCase tests anyway"

HTTP_RUN=0 HTTP_FAILED=0 HTTP_RC=0
if [ -s "$HTTP_CLASSES_FILE" ]; then
    TAGS="$(sed 's#^#/#' "$HTTP_CLASSES_FILE" | paste -sd, -)"
    say "Odoo runner: HttpCase tests ($TAGS)"
    set +e
    odoo -d "$DB" --test-enable --test-tags "$TAGS" --stop-after-init \
        --http-port="$(free_port)" >"$LOG_DIR/http.log" 2>&1
    HTTP_RC=$?
    set -e
    grep -E ': Starting Test|odoo\.tests\.(result|stats)|FAIL|ERROR' "$LOG_DIR/http.log" | tail -40 >&2 || true
    SUMMARY="$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$LOG_DIR/http.log" | tail -1)"
    [ -n "$SUMMARY" ] || die "Odoo's runner printed no test summary (log: $LOG_DIR/http.log)"
    read -r f _ e _ _ HTTP_RUN _ <<<"$(echo "$SUMMARY" | tr -d '(s)')"
    HTTP_FAILED=$((f + e))
    if grep -E ' INFO .* skipped ' "$LOG_DIR/http.log" | grep -q .; then
        grep -E ' INFO .* skipped ' "$LOG_DIR/http.log" >&2
        die "Odoo skipped tests (missing Chromium or websocket-client?): a skipped check is not a passed one"
    fi
    [ "$HTTP_RUN" -gt 0 ] || die "Odoo's runner ran no HttpCase test"
    if [ "$HTTP_RC" = 0 ] && [ "$HTTP_FAILED" = 0 ]; then
        check_log "$LOG_DIR/http.log" "HttpCase tests"
    else
        say "HttpCase tests failed: $SUMMARY"
    fi
fi

say "upgrade in place (-u $ADDONS_CSV) keeps the data"
count_rows() {
    psql_q -d "$DB" -tAc "select (select count(*) from res_partner),
        (select count(*) from travel_booking), (select count(*) from travel_booking_line)"
}
BEFORE="$(count_rows)"
odoo -d "$DB" -u "$ADDONS_CSV" --stop-after-init --http-port="$(free_port)" \
    >"$LOG_DIR/upgrade.log" 2>&1 || { tail -60 "$LOG_DIR/upgrade.log" >&2; die "upgrade failed"; }
check_log "$LOG_DIR/upgrade.log" "upgrade"
AFTER="$(count_rows)"
[ "$BEFORE" = "$AFTER" ] || die "upgrade changed the data: partners|bookings|lines $BEFORE -> $AFTER"
say "partners|bookings|lines before and after upgrade: $AFTER"

say "install $ADDONS_CSV without demo data on $DB_NODEMO"
odoo -d "$DB_NODEMO" -i "$ADDONS_CSV" --without-demo=all --stop-after-init \
    --http-port="$(free_port)" >"$LOG_DIR/nodemo.log" 2>&1 \
    || { tail -60 "$LOG_DIR/nodemo.log" >&2; die "install without demo failed"; }
check_log "$LOG_DIR/nodemo.log" "install without demo"

# pytest's closing line, e.g. "== 55 passed, 4 deselected, 120 subtests passed in 9s =="
PY_SUMMARY="$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$LOG_DIR/pytest.log" | tail -1)"
count_of() { echo "$PY_SUMMARY" | sed 's/[0-9]* subtests [a-z]*//g' | grep -oE "[0-9]+ $1" | grep -oE '[0-9]+' || echo 0; }
PY_PASSED="$(count_of passed)"
PY_FAILED=$(($(count_of failed) + $(count_of error)))
PY_SKIPPED="$(count_of skipped)"
PASSED=$((PY_PASSED + HTTP_RUN - HTTP_FAILED))
FAILED=$((PY_FAILED + HTTP_FAILED))
say "pytest-odoo: $PY_PASSED passed; Odoo runner (HttpCase): $HTTP_RUN run, $HTTP_FAILED failed"
echo "travel_crm: $PASSED passed, $FAILED failed, $PY_SKIPPED skipped"
[ "$FAILED" = 0 ] && [ "$PY_SKIPPED" = 0 ] && [ "$PYTEST_RC" = 0 ] && [ "$HTTP_RC" = 0 ]
