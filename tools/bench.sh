#!/usr/bin/env bash
# `make bench SIZE=tiny|small|medium|large`: a fresh database with travel_crm and
# Odoo's sale_management (the peer for booking-to-invoice), a seeded dataset, then
# every benchmark case run REPEAT times in fresh processes; prints a table and writes
# bench/results/<date>-<size>.json; then the crons on two workers with two cron
# threads each (SCALEOUT=0 skips it), bench/results/<date>-<size>-scaleout.json.
source "$(dirname "$0")/lib.sh"
setup_all

SIZE="${SIZE:-small}"
REPEAT="${REPEAT:-3}"
DB="${TRAVEL_BENCH_DB:-travel_crm_bench_$SIZE}"
OUT_DIR="$REPO_ROOT/bench/results"
mkdir -p "$OUT_DIR" "$STATE_DIR/bench-logs"
OUT="$OUT_DIR/$(date +%Y-%m-%d)-$SIZE.json"
LOG="$STATE_DIR/bench-logs/install-$SIZE.log"

say "fresh database $DB: travel_crm + sale_management, no demo data"
drop_db "$DB"
odoo -d "$DB" -i travel_crm,sale_management --without-demo=all --stop-after-init \
    --http-port="$(free_port)" >"$LOG" 2>&1 || { tail -40 "$LOG" >&2; die "install failed"; }

say "generating the $SIZE dataset"
TZ=UTC "$PY" "$REPO_ROOT/tools/bench/bench.py" generate "$ODOO_CONF" "$DB" "$SIZE"

META="$(printf '{"size": "%s", "repeat": %s, "date": "%s", "cpus": %s, "mem_gib": %s, "postgres": "%s"}' \
    "$SIZE" "$REPEAT" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" \
    "$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" \
    "$(psql_q -d postgres -tAc 'show server_version')")"
say "running benchmarks ($REPEAT runs each, median)"
TZ=UTC "$PY" "$REPO_ROOT/tools/bench/bench.py" run "$ODOO_CONF" "$DB" \
    --repeat "$REPEAT" --out "$OUT" --meta "$META"
if [ "${SCALEOUT:-1}" = 1 ]; then
    say "scale-out: the crons on 2 workers x 2 cron threads"
    TZ=UTC "$PY" "$REPO_ROOT/tools/bench/bench.py" scaleout "$ODOO_CONF" "$DB" \
        --out "$OUT_DIR/$(date +%Y-%m-%d)-$SIZE-scaleout.json"
fi
[ "${KEEP_DB:-0}" = 1 ] || drop_db "$DB"
