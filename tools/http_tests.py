"""Run HttpCase tests with Odoo's own runner and write its figures as JSON.

    python tools/http_tests.py RESULT.json -c odoo.conf -d DB --test-tags TAGS ...

The arguments after the result file are Odoo's server options; --test-enable and
--stop-after-init are added. The figures come from the runner's own result object
(``registry._assertion_report``, an ``OdooTestResult``), not from its log.
"""

import json
import sys

import odoo
from odoo.modules.registry import Registry


def main(result_path, args):
    odoo.tools.config.parse_config(
        [*args, "--test-enable", "--stop-after-init"], setup_logging=True
    )
    dbname = odoo.tools.config["db_name"]
    rc = odoo.service.server.start(preload=[dbname], stop=True)
    report = Registry.registries.d[dbname]._assertion_report
    figures = {
        "run": report.testsRun,
        "failed": report.failures_count,
        "errors": report.errors_count,
        "skipped": report.skipped,
        "rc": rc,
    }
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(figures, handle)
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
