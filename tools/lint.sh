#!/usr/bin/env bash
# `make lint`: ruff, pylint-odoo and OCA's module checks.
source "$(dirname "$0")/lib.sh"
find_odoo
ensure_debian_packages
ensure_venv
run_lint
