#!/usr/bin/env bash
# `make i18n`: export travel_crm/i18n/travel_crm.pot from the code (Odoo's
# --i18n-export on a throw-away database) and merge it into every .po file.
source "$(dirname "$0")/lib.sh"
setup_all
command -v msgmerge >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq gettext >/dev/null; }

DB="travel_crm_i18n_$$"
trap 'drop_db "$DB" || true' EXIT
I18N="$REPO_ROOT/travel_crm/i18n"
mkdir -p "$I18N"
odoo -d "$DB" -i travel_crm --without-demo=all --stop-after-init \
    --http-port="$(free_port)" >"$STATE_DIR/i18n-install.log" 2>&1 \
    || { tail -40 "$STATE_DIR/i18n-install.log" >&2; die "install failed"; }
odoo -d "$DB" --modules=travel_crm --i18n-export="$I18N/travel_crm.pot" \
    --stop-after-init >"$STATE_DIR/i18n-export.log" 2>&1 \
    || { tail -40 "$STATE_DIR/i18n-export.log" >&2; die "export failed"; }
for po in "$I18N"/*.po; do
    [ -e "$po" ] || continue
    msgmerge --quiet --no-fuzzy-matching --update --backup=none "$po" "$I18N/travel_crm.pot"
    say "merged $(basename "$po"): $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
done
# msgmerge wraps lines its own way; rewrite the files as OCA's po-pretty-format
# check wants them (polib layout, sorted), so `make lint` passes after a merge.
# --fix exits 1 when it changed a file: the check run after it is the real test.
if compgen -G "$I18N/*.po" >/dev/null; then
    "$VENV/bin/oca-checks-po" --fix --no-verbose "$I18N"/*.po >/dev/null || true
    "$VENV/bin/oca-checks-po" --no-verbose "$I18N"/*.po
fi
say "wrote $I18N/travel_crm.pot"
