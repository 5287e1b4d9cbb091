"""A web worker does not import what only a command, an upload or a workbook needs."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Each is megabytes a worker would hold for nothing (bench/memory.py): password strength
# lists, the Excel library, the image library, the migrations' tools and their templates;
# on SQLite without Redis, the task queue and the Redis and PostgreSQL clients it imports.
ON_DEMAND = ["zxcvbn", "openpyxl", "PIL", "alembic", "mako", "flask_migrate", "pygments"]
ON_DEMAND += ["huey", "redis", "psycopg"]

MAKE_APP = f"""
import json, sys
from alumni import create_app
create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"}})
print(json.dumps([name for name in {ON_DEMAND!r} if name in sys.modules]))
"""


def test_create_app_imports_none_of_the_libraries_used_on_demand():
    done = subprocess.run(
        [sys.executable, "-c", MAKE_APP], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_migration_commands_are_there_all_the_same(app):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["db", "--help"])
    assert shown.exit_code == 0 and "--directory" in shown.output
    assert {"upgrade", "downgrade", "current", "heads"} <= set(shown.output.split())
    assert runner.invoke(args=["db", "heads"]).exit_code == 0


# A page in English, the language switcher (each language named in itself) on it, and a
# country named in every language (what the event form reads a typed country by).
ENGLISH_PAGE = """
import json, sys
import babel.localedata
from alumni import create_app
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.i18n import country_name
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1], "SECRET_KEY": "test"})
with app.app_context():
    db.create_all()
page = app.test_client().get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
with app.test_request_context(headers={"Accept-Language": "en"}):
    japan = {country_name("JP", language) for language in LANGUAGES}
shown = "日本語" in page and "Español" in page and {"日本", "Japan", "Japón"} <= japan
print(json.dumps([shown, sorted(babel.localedata._cache)]))
"""


def test_a_page_in_english_loads_the_locale_data_of_english_alone(tmp_path):
    # Each language's data is about a megabyte a worker; the switcher names all nine.
    done = subprocess.run(
        [sys.executable, "-c", ENGLISH_PAGE, str(tmp_path / "site.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == [True, ["en", "root"]]
