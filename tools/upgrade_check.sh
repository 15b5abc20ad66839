#!/usr/bin/env bash
# `make upgrade-check`: a database made by an earlier release upgrades with -u to
# this tree with every record intact.
#
# 1. export the earlier release (UPGRADE_FROM, a commit of this repository) into a
#    temporary folder and install its four addons with the demo agency;
# 2. snapshot the business data (tools/upgrade_snapshot.py);
# 3. upgrade the same database with -u to the code of this tree;
# 4. compare: same rows in every table (travel_*, partners, companies, journal
#    entries, payments, the loyalty ledger, system parameters), else fail.
source "$(dirname "$0")/lib.sh"
setup_all

# The release before the feature-package redesign (issue #15).
FROM="${UPGRADE_FROM:-61a40be}"
git -C "$REPO_ROOT" cat-file -e "$FROM^{commit}" 2>/dev/null \
    || die "UPGRADE_FROM=$FROM is not a commit of this repository (a shallow clone?)"
WORK="$(mktemp -d /tmp/travel_crm_upgrade.XXXXXX)"
DB="travel_crm_upgrade_$(date +%s)_$$"
cleanup() { drop_db "$DB" || true; rm -rf "$WORK"; }
trap cleanup EXIT
LOG_DIR="$STATE_DIR/upgrade-logs"
mkdir -p "$LOG_DIR"

git -C "$REPO_ROOT" archive "$FROM" "${ADDONS[@]}" | tar -x -C "$WORK"
OLD_CONF="$WORK/odoo.conf"
sed "s#^addons_path = \(.*\),$REPO_ROOT\$#addons_path = \1,$WORK#" "$ODOO_CONF" >"$OLD_CONF"
grep -q "$WORK" "$OLD_CONF" || die "could not point the addons path at $WORK"

say "installing $ADDONS_CSV of $FROM ($(git -C "$REPO_ROOT" log -1 --format=%cs "$FROM")) with demo data on $DB"
TZ=UTC "$PY" -m odoo -c "$OLD_CONF" -d "$DB" -i "$ADDONS_CSV" --stop-after-init \
    --http-port="$(free_port)" >"$LOG_DIR/install.log" 2>&1 \
    || { tail -40 "$LOG_DIR/install.log" >&2; die "install of $FROM failed"; }

DSN="host=$DB_HOST port=$DB_PORT user=$DB_USER password=$DB_PASSWORD dbname=$DB"
"$PY" "$REPO_ROOT/tools/upgrade_snapshot.py" save "$DSN" "$WORK/before.json"

say "upgrading $DB to this tree (-u $ADDONS_CSV)"
odoo -d "$DB" -u "$ADDONS_CSV" --stop-after-init --http-port="$(free_port)" \
    >"$LOG_DIR/upgrade.log" 2>&1 || { tail -40 "$LOG_DIR/upgrade.log" >&2; die "upgrade failed"; }
if grep -qE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG_DIR/upgrade.log"; then
    grep -E -A15 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG_DIR/upgrade.log" | head -60 >&2
    die "upgrade logged errors (full log: $LOG_DIR/upgrade.log)"
fi
"$PY" "$REPO_ROOT/tools/upgrade_snapshot.py" compare "$DSN" "$WORK/before.json" \
    || die "the upgrade from $FROM changed data"
say "upgrade from $FROM: every record intact"
