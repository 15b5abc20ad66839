"""Fail on SQL built from strings instead of ``odoo.tools.SQL``.

Flags ``cr.execute(...)``, ``env.execute_query(...)`` and ``SQL(...)`` whose
query is an f-string, a ``%`` formatting, a ``+`` concatenation or a
``.format()`` call, directly or through a local variable assigned such a
string in the same function. Parameters belong in ``SQL("... %s", value)``,
names in ``SQL.identifier``.

Usage: python3 tools/sql_lint.py PATH... (exit status 1 on findings).
"""

import ast
import sys
from pathlib import Path

QUERY_CALLS = {"execute", "execute_query", "executemany"}


def _is_string_built(node):
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def _query_arg(call):
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in QUERY_CALLS or name == "SQL":
        if call.args:
            return call.args[0]
        for keyword in call.keywords:
            if keyword.arg in ("query", "code", "sql"):
                return keyword.value
    return None


def _built_names(function):
    """Local names assigned a string-built value anywhere in ``function``."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and _is_string_built(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif (
            isinstance(node, ast.AugAssign)
            and isinstance(node.op, ast.Add)
            and isinstance(node.target, ast.Name)
        ):
            names.add(node.target.id)
    return names


def check_source(source, filename="<string>"):
    """Return ``(line, message)`` for each string-built query in ``source``."""
    tree = ast.parse(source, filename)
    findings = []
    scopes = [tree] + [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    seen = set()
    for scope in scopes:
        built = _built_names(scope) if scope is not tree else set()
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or id(node) in seen:
                continue
            query = _query_arg(node)
            if query is None:
                continue
            if _is_string_built(query) or (
                isinstance(query, ast.Name) and query.id in built
            ):
                seen.add(id(node))
                findings.append(
                    (node.lineno, "SQL built from strings: use odoo.tools.SQL")
                )
    return sorted(findings)


def main(paths):
    failures = 0
    for root in paths:
        files = [Path(root)] if root.endswith(".py") else Path(root).rglob("*.py")
        for path in sorted(files):
            for line, message in check_source(path.read_text(), str(path)):
                print(f"{path}:{line}: {message}")
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
