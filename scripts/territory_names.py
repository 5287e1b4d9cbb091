"""Write alumni/i18n_territories.json: each configured language's country names, from Babel.

    .venv/bin/python scripts/territory_names.py

Run after upgrading Babel or adding a language (tests/test_i18n.py says when): the table lets
a form name countries in every language without loading every language's locale data.
"""

import json
import sys
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alumni.config import LANGUAGES  # noqa: E402
from alumni.i18n import TERRITORIES_FILE  # noqa: E402


def table() -> dict[str, dict[str, str]]:
    return {code: dict(sorted(Locale.parse(code).territories.items())) for code in LANGUAGES}


def main() -> None:
    text = json.dumps(table(), ensure_ascii=False, indent=0, sort_keys=False)
    TERRITORIES_FILE.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
