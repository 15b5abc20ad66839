#!/usr/bin/env bash
# `make test-dates`: the whole suite (every test, tours included) with the whole clock
# moved to each date of $DATES.
#
# For each date, a PostgreSQL cluster of its own and every process of tools/test.sh
# (Odoo, pytest, Chromium, the shell tools) run under Debian's libfaketime with one
# relative offset, so that Python's clock, PostgreSQL's now() and the browser agree.
# The clock is set to 10:00 UTC on the date when the run starts and keeps ticking.
# Lint and wheels, the redemption race, the upgrade in place and the install without
# demo data run once in `make test`; here they are skipped (TRAVEL_SKIP_LINT,
# TRAVEL_DATE_RUN): no date changes them.
#
#   make test-dates                              # the default dates below
#   make test-dates DATES="2028-02-29 2027-12-31"
#   make test-dates DATES="2027-03-28T01:30"     # a date and a UTC time of day
source "$(dirname "$0")/lib.sh"

# A leap day; 31 December at 23:30 UTC (already 1 January in Brussels and Shanghai,
# the zones of the demo admin and of the first market); 1 January; the last day of a
# 30-day month; the two days Europe changes its clocks; 15 March (the day several
# tests freeze on).
DEFAULT_DATES="2028-02-29 2027-12-31T23:30 2028-01-01 2027-04-30 2027-03-28 2027-10-31 2027-03-15"
DATES="${DATES:-$DEFAULT_DATES}"

find_odoo
ensure_debian_packages
ensure_venv

LIBFAKETIME="$(dpkg -L libfaketime 2>/dev/null | grep -m1 '/libfaketime\.so\.1$' || true)"
[ -n "$LIBFAKETIME" ] && [ -f "$LIBFAKETIME" ] || die "libfaketime not found (Debian package faketime)"
PG_BIN="/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin"

LOG_ROOT="$STATE_DIR/test-dates"
rm -rf "$LOG_ROOT"
mkdir -p "$LOG_ROOT"
SUMMARY_FILE="$LOG_ROOT/summary.txt"
: >"$SUMMARY_FILE"

# The offset, with its sign, from now to the date's moment in UTC: libfaketime keeps
# every process on one moved clock with a relative offset (an absolute "@date" would
# restart in each new process).
offset_to() {
    local when="$1" target now
    [[ "$when" == *T* ]] || when="${when}T10:00"
    target="$(date -u -d "${when/T/ }" +%s)" || die "not a date: $1"
    now="$(date -u +%s)"
    if [ "$target" -ge "$now" ]; then echo "+$((target - now))s"; else echo "-$((now - target))s"; fi
}

PG_DIR="" PG_PORT="" PG_LOG_COPY=""
stop_cluster() {
    if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
        as_root su postgres -c "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
        [ -z "$PG_LOG_COPY" ] || cp "$PG_DIR/postgresql.log" "$PG_LOG_COPY" 2>/dev/null || true
        rm -rf "$PG_DIR"
    fi
    PG_DIR=""
}
trap stop_cluster EXIT

# A throw-away cluster whose clock is the moved one. It runs as the postgres user, so
# libfaketime is set inside its own command (root's semaphores are not readable there).
start_cluster() {
    local faketime="$1" log
    PG_LOG_COPY="$2"
    PG_DIR="$(mktemp -d /tmp/travel_crm_pg.XXXXXX)"
    log="$PG_DIR/postgresql.log"
    chmod 755 "$PG_DIR"
    as_root chown postgres "$PG_DIR"
    PG_PORT="$(free_port)"
    as_root su postgres -c "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$PG_LOG_COPY" 2>&1 \
        || { cat "$PG_LOG_COPY" >&2; die "initdb failed"; }
    as_root su postgres -c "LD_PRELOAD='$LIBFAKETIME' FAKETIME='$faketime' $(monotonic_env "$faketime") \
        '$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$log' -w -t 60 \
        -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=localhost -c fsync=off\" start" >/dev/null \
        || { cat "$log" >&2; die "PostgreSQL did not start under faketime"; }
    psql -h localhost -p "$PG_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" >/dev/null
}

# Monotonic clocks move with the offset too (Chromium spins at full CPU when only the
# wall clock moves); a date in the past would take them below zero, so there only
# the wall clock moves (the browser is then slower).
monotonic_env() {
    case "$1" in -*) echo "FAKETIME_DONT_FAKE_MONOTONIC=1" ;; *) echo "TRAVEL_FAKETIME_MONOTONIC=moved" ;; esac
}

# libfaketime keeps a shared-memory segment and a semaphore per process tree in
# /dev/shm; one left by a killed run makes a later process with the same pid fail
# ("shm_open failed: File exists"). Remove those whose process is gone.
remove_stale_faketime_shm() {
    local file pid
    for file in /dev/shm/faketime_shm_* /dev/shm/sem.faketime_sem_*; do
        [ -e "$file" ] || continue
        pid="${file##*_}"
        [ -d "/proc/$pid" ] || as_root rm -f "$file"
    done
}
remove_stale_faketime_shm

FAILED_DATES=()
for when in $DATES; do
    faketime="$(offset_to "$when")"
    dir="$LOG_ROOT/$when"
    mkdir -p "$dir"
    start_cluster "$faketime" "$dir/postgresql.log"
    clock="$(LD_PRELOAD="$LIBFAKETIME" FAKETIME="$faketime" date -u '+%F %T')"
    pg_clock="$(psql -h localhost -p "$PG_PORT" -U postgres -d postgres -tAc \
        "select to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')")"
    say "$when: clock $clock UTC (FAKETIME=$faketime), PostgreSQL now() $pg_clock"
    [ "${clock:0:10}" = "${pg_clock:0:10}" ] || die "PostgreSQL's clock ($pg_clock) is not the moved one ($clock)"
    started="$(date +%s)"
    set +e
    env LD_PRELOAD="$LIBFAKETIME" FAKETIME="$faketime" "$(monotonic_env "$faketime")" \
        PGHOST=localhost PGPORT="$PG_PORT" TRAVEL_SKIP_LINT=1 TRAVEL_DATE_RUN=1 \
        TRAVEL_STATE_DIR="$dir/state" TRAVEL_VENV="$VENV" \
        bash "$REPO_ROOT/tools/test.sh" >"$dir/test.log" 2>&1
    rc=$?
    set -e
    elapsed=$(($(date +%s) - started))
    stop_cluster
    result="$(grep -E '^travel_crm: [0-9]+ passed, [0-9]+ failed' "$dir/test.log" | tail -1)"
    result="${result#travel_crm: }"
    if [ "$rc" != 0 ] || [ -z "$result" ]; then
        FAILED_DATES+=("$when")
        grep -E '^(FAILED|ERROR) |FAIL: |ERROR: |\[travel_crm\]' "$dir/test.log" | tail -25 >&2 || true
        [ -n "$result" ] || result="did not finish (exit $rc)"
    fi
    say "$when: ${elapsed} s, log $dir/test.log"
    echo "$when: $result" | tee -a "$SUMMARY_FILE"
done

say "test-dates summary:"
cat "$SUMMARY_FILE" >&2
[ ${#FAILED_DATES[@]} -eq 0 ] || die "failed on: ${FAILED_DATES[*]}"
