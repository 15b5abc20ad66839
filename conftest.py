"""pytest-odoo glue for `make test`.

pytest-odoo runs every TransactionCase against the database given with
``--odoo-database``. HttpCase tests (browser tours, controllers) need the HTTP
server that only Odoo's own runner starts, so they are deselected here and their
class names written to ``$TRAVEL_CRM_HTTP_CLASSES_FILE`` for tools/test.sh to run
through Odoo's runner (tools/http_tests.py). A skipped test fails the session: a
skipped check is not a passed one. The session's figures go to
``$TRAVEL_CRM_PYTEST_RESULT`` as JSON.
"""

import json
import os


def pytest_collection_modifyitems(session, config, items):
    from odoo.tests import HttpCase

    http_items = [
        item
        for item in items
        if isinstance(getattr(item, "cls", None), type)
        and issubclass(item.cls, HttpCase)
    ]
    if http_items:
        config.hook.pytest_deselected(items=http_items)
        items[:] = [item for item in items if item not in http_items]
    target = os.environ.get("TRAVEL_CRM_HTTP_CLASSES_FILE")
    if target:
        # odoo.addons.<addon>.tests.<file> -> "<addon>:<Class>" for --test-tags
        names = sorted(
            {
                f"{item.cls.__module__.split('.')[2]}:{item.cls.__name__}"
                for item in http_items
            }
        )
        with open(target, "w", encoding="utf-8") as handle:
            handle.writelines(f"{name}\n" for name in names)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        reporter.write_line("skipped tests count as failures in travel_crm", red=True)
        session.exitstatus = 1
    target = os.environ.get("TRAVEL_CRM_PYTEST_RESULT")
    if target:
        # the figures tools/test.sh adds up, from pytest's own counters
        failed = session.testsfailed
        figures = {
            "run": session.testscollected,
            "failed": failed,
            "skipped": skipped,
            "passed": max(session.testscollected - failed - skipped, 0),
            "rc": int(session.exitstatus),
        }
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(figures, handle)
