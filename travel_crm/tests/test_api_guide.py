"""docs/api.md cannot rot: every ```python block of the guide runs, in order
and in one namespace, against the live test server, as the agent, manager and
accountant this test creates. The settings block (```python settings) is the
one the guide asks readers to fill in; the test provides those names itself.

The guide lives at the repository's root (docs/ is not shipped in the
wheel): without it the test fails, it does not skip."""

import os
import re
import traceback

from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import travel_user

GUIDE = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "api.md")
# a fence opening with exactly "python" (not "python settings"), up to its close
BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
PASSWORDS = {
    "agent": "Api-Guide-Agent-1",
    "manager": "Api-Guide-Manager-1",
    "accountant": "Api-Guide-Accountant-1",
}
GROUPS = {
    "agent": "base.group_user,travel_crm.group_travel_agent",
    "manager": "base.group_user,travel_crm.group_travel_manager",
    "accountant": "base.group_user,account.group_account_invoice",
}


def guide_blocks(text):
    """[(line number, source)] of the guide's runnable blocks."""
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1))
        for match in BLOCK.finditer(text)
    ]


@tagged("post_install", "-at_install")
class TestApiGuide(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the programme settings the guide's figures assume (its defaults)
        cls.env.company.write(
            {
                "loyalty_enabled": True,
                "loyalty_earn_basis": "total",
                "loyalty_points_per_unit": 1.0,
                "loyalty_min_redemption": 100,
                "loyalty_feedback_bonus": 50,
            }
        )
        cls.users = {
            role: travel_user(
                cls.env,
                login=f"api_guide_{role}",
                groups=GROUPS[role],
                password=PASSWORDS[role],
            )
            for role in PASSWORDS
        }

    def _namespace(self):
        namespace = {
            "__name__": "api_guide",
            "URL": f"http://127.0.0.1:{self.http_port()}",
            "DB": get_db_name(),
        }
        for role, user in self.users.items():
            namespace[f"{role.upper()}_LOGIN"] = user.login
            namespace[f"{role.upper()}_PASSWORD"] = PASSWORDS[role]
        return namespace

    def test_every_example_of_the_guide_runs(self):
        self.assertTrue(
            os.path.isfile(GUIDE),
            f"The API guide is missing: {os.path.normpath(GUIDE)}. It is part of "
            "the repository, not of the wheel; run this test from a checkout.",
        )
        with open(GUIDE, encoding="utf-8") as handle:
            text = handle.read()
        blocks = guide_blocks(text)
        self.assertGreaterEqual(len(blocks), 20, "the guide lost its examples")
        namespace = self._namespace()
        # refusals PostgreSQL makes (a required subject missing, a second
        # feedback) are logged as bad queries before they become a
        # ValidationError fault
        with mute_logger("odoo.sql_db"):
            self._run(blocks, namespace)

    def _run(self, blocks, namespace):
        for line, source in blocks:
            code = compile(source, f"docs/api.md, block at line {line}", "exec")
            try:
                exec(code, namespace)  # noqa: S102 - the guide's own examples
            except Exception as error:
                frames = [
                    frame
                    for frame in traceback.extract_tb(error.__traceback__)
                    if frame.filename == code.co_filename
                ]
                where = line + frames[-1].lineno - 1 if frames else line
                raise AssertionError(
                    f"The example of docs/api.md at line {where} fails: "
                    f"{type(error).__name__}: {error}"
                ) from error
