# travel_crm: the project's commands. Odoo 18.0 must be installed (importable `odoo`
# for /usr/bin/python3, or ODOO_PATH=/path/to/odoo); everything else is set up here.
.PHONY: run test test-core test-dates upgrade-check lint bench i18n screenshots clean help

help:
	@echo "make run    serve travel_crm with demo data on http://localhost:8069 (admin/admin)"
	@echo "make test   lint + the whole test suite on a fresh database"
	@echo "make test-core  Odoo's own tests of the modules travel_crm extends, with and without it (slow)"
	@echo "make test-dates  the suite with the whole clock moved to each of DATES=\"2028-02-29 ...\""
	@echo "make upgrade-check  a database of the previous release (UPGRADE_FROM=<commit>) upgrades with -u, every record intact"
	@echo "make lint   ruff, pylint-odoo and OCA's module checks only"
	@echo "make bench  SIZE=tiny|small|medium|large: dataset + benchmark table"
	@echo "make i18n   export i18n/travel_crm.pot and merge it into the .po files"
	@echo "make screenshots  real-browser screenshots of the demo database (docs/screenshots)"
	@echo "make clean  remove the virtualenv and local state (.venv, .odoo)"

run:
	bash tools/run.sh

test:
	bash tools/test.sh

test-core:
	CORE_MODULES="$(CORE_MODULES)" CORE_TAGS="$(CORE_TAGS)" bash tools/test_core.sh

test-dates:
	DATES="$(DATES)" bash tools/test_dates.sh

upgrade-check:
	UPGRADE_FROM="$(UPGRADE_FROM)" bash tools/upgrade_check.sh

lint:
	bash tools/lint.sh

clean:
	rm -rf .venv .odoo

bench:
	SIZE=$(or $(SIZE),small) bash tools/bench.sh

i18n:
	bash tools/i18n.sh

screenshots:
	bash tools/screenshots.sh
