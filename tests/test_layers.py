"""Each package imports only the packages below it, and never another package's views."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "alumni"
# From the bottom up; a package may import those at its level or below.
LEVELS = {
    "common": 0,
    "auth": 1,
    "audit": 1,
    "societies": 2,
    "files": 2,
    "events": 3,
    "fund": 4,
    "grants": 5,
    "reports": 6,
    "home": 7,
    "api": 8,
}
VIEWS = ("views", "edit_views", "staff_views", "feed_views")


def _type_checking_only(tree) -> set[int]:
    """Imports under `if TYPE_CHECKING:`: annotations only, never run."""
    return {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for child in ast.walk(node)
    }


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("alumni."):
            yield node, node.module.split(".")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("alumni."):
                    yield node, alias.name.split(".")


def test_packages_import_only_those_below_them():
    wrong = []
    for package, level in LEVELS.items():
        for path in sorted((PACKAGE / package).rglob("*.py")):
            for node, parts in _imports(path):
                other = parts[1]
                if other in LEVELS and LEVELS[other] > level:
                    wrong.append(f"{package}/{path.name}:{node.lineno} imports {'.'.join(parts)}")
    assert not wrong, "\n".join(wrong)


def test_no_package_imports_another_packages_views():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0]
        for node, parts in _imports(path):
            if len(parts) > 2 and parts[1] != own and parts[2] in VIEWS:
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports {'.'.join(parts)}")
    assert not wrong, "\n".join(wrong)


def test_no_import_inside_a_function_dodges_a_cycle():
    inside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue  # the application factory imports every package when the app is built
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for child in ast.walk(node):
                    if isinstance(child, ast.ImportFrom) and (child.module or "").startswith(
                        "alumni"
                    ):
                        inside.append(f"{path.relative_to(PACKAGE)}:{child.lineno}")
    assert not inside, inside
