"""The request owns the transaction: commit() is called in one place, views stay thin."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "alumni"
COMMITTING = {"commit", "rollback"}


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name in COMMITTING:
                yield node


def test_only_the_transaction_module_and_the_cli_commit():
    allowed = {PACKAGE / "common" / "transaction.py"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            direct = isinstance(call.func, ast.Attribute) and ast.unparse(call.func.value) in (
                "db.session",
                "session",
            )
            if direct and path not in allowed:
                offenders.append(f"{path.relative_to(PACKAGE)}:{call.lineno}")
    assert not offenders, offenders


def test_no_view_is_longer_than_15_lines():
    long_views = []
    for path in sorted(PACKAGE.rglob("*views.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            routed = isinstance(node, ast.FunctionDef) and any(
                "route" in ast.unparse(d) or ".get(" in ast.unparse(d) or ".post(" in ast.unparse(d)
                for d in node.decorator_list
            )
            if routed and node.end_lineno - node.lineno + 1 > 15:
                long_views.append(f"{path.relative_to(PACKAGE)}:{node.name}")
    assert not long_views, long_views
