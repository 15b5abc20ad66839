#!/usr/bin/env bash
# `make test-core`: Odoo's own post_install tests of the modules travel_crm extends,
# run on a database with the travel_crm addons, then the tests that failed there run
# again on a database without them. It fails on any test that fails (or errors) only
# where travel_crm is installed; a test that fails on both databases is Odoo's or this
# machine's, and is listed, not counted. CORE_WITHOUT=all runs the whole set on both.
#
# About 20 minutes on two cores (1,045 tests with travel_crm), not part of CI.
#   make test-core                                   # the default modules below
#   make test-core CORE_MODULES="account,portal"     # a subset
#   make test-core CORE_TAGS="/account:TestAccountPaymentRegister"  # explicit tags
source "$(dirname "$0")/lib.sh"
setup_all

CORE_MODULES="${CORE_MODULES:-base,mail,account,portal,crm,mass_mailing,sms,phone_validation,privacy_lookup,contacts,utm}"
# post_install only: at_install tests run while each module loads, on a registry
# that lacks the modules loaded after it (base's tests then miss account's columns)
CORE_TAGS="${CORE_TAGS:-$(echo "$CORE_MODULES" | sed 's#\([^,]*\)#post_install/\1#g')}"
LOG_DIR="$STATE_DIR/test-core"
mkdir -p "$LOG_DIR"
STAMP="$(date +%s)_$$"
DB_WITH="travel_crm_core_with_$STAMP"
DB_WITHOUT="travel_crm_core_without_$STAMP"
cleanup() { drop_db "$DB_WITH" || true; drop_db "$DB_WITHOUT" || true; }
trap cleanup EXIT

# Installs the modules on a new database, then runs the tagged post_install tests.
run_side() {
    local name="$1" db="$2" modules="$3" tags="$4"
    say "$name: installing $modules on $db"
    odoo -d "$db" -i "$modules" --stop-after-init --http-port="$(free_port)" \
        >"$LOG_DIR/$name-install.log" 2>&1 || { tail -40 "$LOG_DIR/$name-install.log" >&2; die "$name: install failed"; }
    say "$name: Odoo's tests $tags (log: $LOG_DIR/$name.log)"
    TZ=UTC "$PY" "$REPO_ROOT/tools/http_tests.py" "$LOG_DIR/$name.json" -c "$ODOO_CONF" -d "$db" \
        --test-tags "$tags" --http-port="$(free_port)" >"$LOG_DIR/$name.log" 2>&1 || true
    # One line per failing test, as Odoo's runner logs it: "<test module>: FAIL: Class.test".
    grep -oE 'odoo\.addons\.[a-z0-9_.]+: (FAIL|ERROR): (Subtest )?[A-Za-z0-9_.]+' "$LOG_DIR/$name.log" \
        | sort -u >"$LOG_DIR/$name.failed" || true
    say "$name: $(cat "$LOG_DIR/$name.json")"
}

# "odoo.addons.account.tests.test_x: FAIL: TestClass.test_y" -> "/account:TestClass.test_y"
failed_tags() {
    sed -E 's#^odoo\.addons\.([a-z0-9_]+)\.[^:]*: (FAIL|ERROR): (Subtest )?#/\1:#' "$1" | sort -u | paste -sd, -
}

run_side with "$DB_WITH" "$CORE_MODULES,$ADDONS_CSV" "$CORE_TAGS"
if [ "${CORE_WITHOUT:-failed}" = all ]; then
    run_side without "$DB_WITHOUT" "$CORE_MODULES" "$CORE_TAGS"
elif [ -s "$LOG_DIR/with.failed" ]; then
    # Only what failed with travel_crm needs telling apart: the same tests, without it.
    run_side without "$DB_WITHOUT" "$CORE_MODULES" "$(failed_tags "$LOG_DIR/with.failed")"
else
    : >"$LOG_DIR/without.failed"
    echo '"not needed: nothing failed with travel_crm"' >"$LOG_DIR/without.json"
fi

ONLY_WITH="$(comm -23 "$LOG_DIR/with.failed" "$LOG_DIR/without.failed")"
BOTH="$(comm -12 "$LOG_DIR/with.failed" "$LOG_DIR/without.failed")"
[ -z "$BOTH" ] || say "failing without travel_crm too (not counted): $(echo "$BOTH" | paste -sd' ' -)"
if [ -n "$ONLY_WITH" ]; then
    echo "$ONLY_WITH" >&2
    die "$(echo "$ONLY_WITH" | wc -l) core test(s) fail only with travel_crm (logs: $LOG_DIR)"
fi
say "no core test fails only with travel_crm (with: $(cat "$LOG_DIR/with.json"); without: $(cat "$LOG_DIR/without.json"))"
