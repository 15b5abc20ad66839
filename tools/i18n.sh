#!/usr/bin/env bash
# `make i18n`: export <addon>/i18n/<addon>.pot from the code (Odoo's
# --i18n-export on a throw-away database) and merge it into every .po file, for
# each of the project's addons that has an i18n/ folder.
source "$(dirname "$0")/lib.sh"
setup_all
command -v msgmerge >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq gettext >/dev/null; }

DB="travel_crm_i18n_$$"
trap 'drop_db "$DB" || true' EXIT
odoo -d "$DB" -i "$ADDONS_CSV" --without-demo=all --stop-after-init \
    --http-port="$(free_port)" >"$STATE_DIR/i18n-install.log" 2>&1 \
    || { tail -40 "$STATE_DIR/i18n-install.log" >&2; die "install failed"; }
for addon in "${ADDONS[@]}"; do
    I18N="$REPO_ROOT/$addon/i18n"
    [ -d "$I18N" ] || continue
    odoo -d "$DB" --modules="$addon" --i18n-export="$I18N/$addon.pot" \
        --stop-after-init >"$STATE_DIR/i18n-export.log" 2>&1 \
        || { tail -40 "$STATE_DIR/i18n-export.log" >&2; die "export of $addon failed"; }
    for po in "$I18N"/*.po; do
        [ -e "$po" ] || continue
        msgmerge --quiet --no-fuzzy-matching --update --backup=none "$po" "$I18N/$addon.pot"
        say "merged $addon/i18n/$(basename "$po"): $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
    done
    # msgmerge wraps lines its own way; rewrite the files as OCA's po-pretty-format
    # check wants them (polib layout, sorted), so `make lint` passes after a merge.
    # --fix exits 1 when it changed a file: the check run after it is the real test.
    if compgen -G "$I18N/*.po" >/dev/null; then
        "$VENV/bin/oca-checks-po" --fix --no-verbose "$I18N"/*.po >/dev/null || true
        "$VENV/bin/oca-checks-po" --no-verbose "$I18N"/*.po
    fi
    say "wrote $addon/i18n/$addon.pot"
done
