# shellcheck shell=bash
# Shared set-up for `make run`, `make test` and `make bench`.
#
# Finds Odoo (never installs it), then installs and starts what the project needs:
# PostgreSQL and Chromium from Debian, Odoo's Debian Python dependencies, and the
# project's Python tools from PyPI into a virtualenv that also sees Odoo.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${TRAVEL_STATE_DIR:-$REPO_ROOT/.odoo}"
VENV="${TRAVEL_VENV:-$REPO_ROOT/.venv}"
PY="$VENV/bin/python"
ODOO_CONF="$STATE_DIR/odoo.conf"
# The project's addons: travel_crm and its bridge modules.
ADDONS=(travel_crm travel_crm_crm travel_crm_dashboard travel_crm_mass_mailing)
ADDONS_CSV="$(IFS=,; echo "${ADDONS[*]}")"
# Odoo's demo payment provider: the test suite and the demo agency pay online
# through it (it only fakes the provider, the payment flow is Odoo's own).
PAYMENT_TEST_MODULES="payment_demo"

DB_HOST="${PGHOST:-localhost}"
DB_PORT="${PGPORT:-5432}"
DB_USER="${TRAVEL_DB_USER:-travel_crm}"
DB_PASSWORD="${TRAVEL_DB_PASSWORD:-travel_crm}"

# Debian packages: the database, the browser for tours, wkhtmltopdf for the PDF reports
# (pdftotext reads them back in tests), and the Python libraries
# Odoo 18 lists in its debian/control (Debian 12 ships the versions Odoo supports).
DEBIAN_PACKAGES=(
    postgresql postgresql-client python3-venv python3-pip
    chromium python3-websocket fonts-noto-cjk faketime
    wkhtmltopdf poppler-utils fonts-dejavu-core
    python3-asn1crypto python3-babel python3-cbor2 python3-chardet python3-dateutil
    python3-decorator python3-docutils python3-freezegun python3-geoip2 python3-pil
    python3-jinja2 python3-libsass python3-lxml python3-num2words python3-ofxparse
    python3-openpyxl python3-passlib python3-polib python3-psutil python3-psycopg2
    python3-openssl python3-pypdf2 python3-rjsmin python3-qrcode python3-renderpm
    python3-reportlab python3-requests python3-stdnum python3-tz python3-vobject
    python3-werkzeug python3-xlsxwriter python3-xlrd python3-zeep python3-gevent
    python3-phonenumbers
)

say() { printf '\033[1m[travel_crm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[travel_crm] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root (or sudo) to run: $*"
    fi
}

ensure_debian_packages() {
    local missing=()
    local pkg
    for pkg in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing Debian packages: ${missing[*]} (no apt-get here)"
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Sets BASE_PYTHON (a Python that sees Debian's packages) and ODOO_ROOT.
find_odoo() {
    local candidate
    if [ -n "${ODOO_PATH:-}" ]; then
        [ -f "$ODOO_PATH/odoo/release.py" ] || die "ODOO_PATH=$ODOO_PATH is not an Odoo source tree (no odoo/release.py)."
        BASE_PYTHON=/usr/bin/python3
        [ -x "$BASE_PYTHON" ] || BASE_PYTHON="$(command -v python3)"
        ODOO_ROOT="$(cd "$ODOO_PATH" && pwd)"
    else
        BASE_PYTHON=""
        ODOO_ROOT=""
        # find_spec locates the package without importing it (its dependencies may
        # not be installed yet on a fresh machine).
        local probe='import importlib.util as u, os; s = u.find_spec("odoo"); print(os.path.dirname(os.path.dirname(s.origin)) if s and s.origin else "")'
        for candidate in /usr/bin/python3 $(which -a python3 2>/dev/null); do
            [ -x "$candidate" ] || continue
            ODOO_ROOT="$("$candidate" -c "$probe" 2>/dev/null || true)"
            if [ -n "$ODOO_ROOT" ]; then
                BASE_PYTHON="$candidate"
                break
            fi
        done
        if [ -z "$BASE_PYTHON" ]; then
            die "Odoo 18.0 not found. Install Odoo 18.0 outside this repo, then either make
    it importable ('python3 -c \"import odoo\"' works for /usr/bin/python3), or point
    ODOO_PATH at its source tree:  make test ODOO_PATH=/path/to/odoo-18.0"
        fi
    fi
    local version
    version="$("$BASE_PYTHON" -c 'import runpy, sys; print(runpy.run_path(sys.argv[1])["series"])' "$ODOO_ROOT/odoo/release.py" 2>/dev/null || true)"
    [ "$version" = "18.0" ] || die "Odoo at $ODOO_ROOT is version '${version:-unknown}', travel_crm needs 18.0."
}

ensure_venv() {
    local stamp="$VENV/.travel_crm_requirements"
    if [ ! -x "$PY" ] || ! "$PY" -c 'import sys' >/dev/null 2>&1; then
        say "creating virtualenv $VENV (sees system packages and Odoo)"
        rm -rf "$VENV"
        "$BASE_PYTHON" -m venv --system-site-packages "$VENV"
    fi
    # Odoo must be importable from the venv, whichever way it was found.
    local site
    site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_ROOT" > "$site/travel_crm_odoo.pth"
    # the addons' runtime libraries (requirements.txt) and the project's tools
    if ! cat "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt" | cmp -s - "$stamp"; then
        say "installing Python libraries and tools from requirements.txt and requirements-dev.txt"
        "$PY" -m pip install -q --disable-pip-version-check \
            -r "$REPO_ROOT/requirements.txt" -r "$REPO_ROOT/requirements-dev.txt"
        cat "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt" >"$stamp"
    fi
    "$PY" -c 'import odoo, psycopg2, werkzeug, websocket, pypinyin, lunardate, holidays' \
        || die "the virtualenv cannot import Odoo and its dependencies"
}

pg_ready() { pg_isready -q -h "$DB_HOST" -p "$DB_PORT" >/dev/null 2>&1; }

ensure_postgres() {
    if ! pg_ready; then
        say "starting PostgreSQL"
        if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
            local ver
            ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"
            as_root pg_createcluster "$ver" main >/dev/null
        fi
        local line
        line="$(pg_lsclusters -h | head -1)"
        # shellcheck disable=SC2086
        set -- $line
        as_root pg_ctlcluster "$1" "$2" start
        local i
        for i in $(seq 1 30); do pg_ready && break; sleep 1; done
        pg_ready || die "PostgreSQL did not start on $DB_HOST:$DB_PORT"
    fi
    if ! PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        say "creating database role $DB_USER"
        as_root su postgres -c "psql -q -v ON_ERROR_STOP=1 -d postgres" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE "$DB_USER" LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END \$\$;
SQL
    fi
}

write_config() {
    mkdir -p "$STATE_DIR/data"
    local addons="$REPO_ROOT"
    [ -d "$ODOO_ROOT/addons" ] && addons="$ODOO_ROOT/addons,$addons"
    addons="$ODOO_ROOT/odoo/addons,$addons"
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $addons
data_dir = $STATE_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
admin_passwd = admin
CONF
}

odoo() { TZ=UTC "$PY" -m odoo -c "$ODOO_CONF" "$@"; }

psql_q() { PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$@"; }

db_exists() { [ "$(psql_q -d postgres -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]; }

drop_db() { PGPASSWORD="$DB_PASSWORD" dropdb -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" --if-exists "$1"; }

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

setup_all() {
    find_odoo
    ensure_debian_packages
    ensure_venv
    ensure_postgres
    write_config
    say "Odoo $ODOO_ROOT, Python $PY, PostgreSQL $DB_USER@$DB_HOST:$DB_PORT"
}

run_lint() {
    say "lint: ruff"
    "$VENV/bin/ruff" check --no-fix "$REPO_ROOT"
    "$VENV/bin/ruff" format --check "$REPO_ROOT"
    say "lint: pylint-odoo"
    local addon
    for addon in "${ADDONS[@]}"; do
        "$VENV/bin/pylint" --rcfile="$REPO_ROOT/.pylintrc" "$REPO_ROOT/$addon"
    done
    say "lint: SQL only through odoo.tools.SQL"
    "$PY" "$REPO_ROOT/tools/sql_lint.py" "${ADDONS[@]/#/$REPO_ROOT/}"
    say "lint: no file over 500 lines, no function over 60"
    "$PY" "$REPO_ROOT/tools/size_lint.py" "${ADDONS[@]/#/$REPO_ROOT/}"
    say "lint: OCA module checks (XML, manifest, po files)"
    for addon in "${ADDONS[@]}"; do
        "$VENV/bin/oca-checks-odoo-module" --no-verbose "$REPO_ROOT/$addon"
        if compgen -G "$REPO_ROOT/$addon/i18n/*.po*" >/dev/null; then
            "$VENV/bin/oca-checks-po" --no-verbose "$REPO_ROOT/$addon"/i18n/*.po*
        fi
    done
}

# Every addon builds as a pip-installable wheel named as OCA's (whool backend,
# distribution odoo-addon-<addon>) holding its manifest and data files.
check_wheels() {
    say "wheels: building ${ADDONS[*]} with whool"
    local out addon
    out="$(mktemp -d)"
    for addon in "${ADDONS[@]}"; do
        "$PY" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
            -w "$out" "$REPO_ROOT/$addon" 2>&1 | grep -v "^WARNING: Location" >&2 || true
    done
    "$PY" "$REPO_ROOT/tools/check_wheels.py" "$out" "${ADDONS[@]/#/$REPO_ROOT/}" \
        || { rm -rf "$out"; die "wheel check failed"; }
    say "wheels: $(cd "$out" && ls | paste -sd' ' -)"
    rm -rf "$out"
}
