"""Templates ask `can()` and the workflow; they never decide from a status value themselves."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DECIDING = re.compile(r"status\.value\s*(==|!=|\bin\b|\bnot in\b)")


def test_no_template_tests_a_status_value():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DECIDING.search(line)
    ]
    assert not offenders, "\n".join(offenders)
