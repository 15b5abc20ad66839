"""The closing line of `make test`, from the two runners' own figures.

    python tools/test_summary.py PYTEST.json HTTP.json HTTP.log

Prints "travel_crm: N passed, N failed, N skipped" (tools/test_dates.sh reads it)
and exits 1 when a runner left no figures, failed, skipped a test or ran nothing.
A skipped check is not a passed one.
"""

import json
import sys
from pathlib import Path


def figures(path, runner):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"{runner} left no figures in {path}: it did not finish", file=sys.stderr)
        return None


def main(pytest_path, http_path, http_log):
    tests = figures(pytest_path, "pytest-odoo")
    http = figures(http_path, "Odoo's runner") if Path(http_log).exists() else {}
    if tests is None or http is None:
        return 1
    http_failed = http.get("failed", 0) + http.get("errors", 0)
    http_passed = http.get("run", 0) - http_failed - http.get("skipped", 0)
    passed = tests["passed"] + http_passed
    failed = tests["failed"] + http_failed
    skipped = tests["skipped"] + http.get("skipped", 0)
    print(
        f"pytest-odoo: {tests['passed']} passed of {tests['run']}; Odoo runner "
        f"(HttpCase): {http.get('run', 0)} run, {http_failed} failed",
        file=sys.stderr,
    )
    print(f"travel_crm: {passed} passed, {failed} failed, {skipped} skipped")
    ran_nothing = not tests["run"] or (
        http_log and Path(http_log).exists() and not http.get("run")
    )
    ok = not failed and not skipped and not ran_nothing
    ok = ok and tests.get("rc") == 0 and http.get("rc", 0) == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
