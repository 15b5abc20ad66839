"""The repository's SQL lint (tools/sql_lint.py, run by `make lint`) catches
string-built queries, and finds none in the project's addons."""

import importlib.util
from pathlib import Path

from odoo.tests import BaseCase, tagged

REPO_ROOT = Path(__file__).resolve().parents[2]

BAD = """
def f(self, x):
    self.env.cr.execute(f"SELECT {x}")
    self.env.cr.execute("SELECT %s" % x)
    self.env.cr.execute("SELECT " + x)
    self.env.cr.execute("SELECT {}".format(x))
    query = "SELECT * FROM " + x
    self._cr.execute(query)
    self.env.execute_query(SQL(f"SELECT {x}"))
"""

GOOD = """
def f(self, x):
    self.env.cr.execute(SQL("SELECT %s", x))
    self.env.execute_query(SQL("SELECT %s FROM t", SQL.identifier(x)))
    self.env.cr.execute("SELECT 1")
"""


def _load_lint():
    spec = importlib.util.spec_from_file_location(
        "sql_lint", REPO_ROOT / "tools" / "sql_lint.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestSqlLint(BaseCase):
    def test_lint_flags_every_string_built_query(self):
        lint = _load_lint()
        self.assertEqual(
            [line for line, _msg in lint.check_source(BAD)], [3, 4, 5, 6, 8, 9]
        )
        self.assertEqual(lint.check_source(GOOD), [])

    def test_project_addons_build_no_sql_from_strings(self):
        lint = _load_lint()
        for addon in ("travel_crm", "travel_crm_crm"):
            for path in sorted((REPO_ROOT / addon).rglob("*.py")):
                with self.subTest(path=str(path.relative_to(REPO_ROOT))):
                    self.assertEqual(lint.check_source(path.read_text(), str(path)), [])
