"""The flask commands commit through the one unit-of-work helper, and roll back a refusal."""

from sqlalchemy import func, select

from alumni.auth.models import User
from alumni.events.models import Event, Theme
from alumni.extensions import db
from alumni.societies.models import Society


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_seed_with_examples_commits_them_once_and_adds_the_missing_themes(app, runner):
    with app.app_context():
        db.session.delete(db.session.scalars(select(Theme)).first())
        db.session.commit()
    themes = count(app, Theme)
    result = runner.invoke(args=["seed", "--examples"])
    assert result.exit_code == 0, result.output
    assert "1 themes added" in result.output and count(app, Theme) == themes + 1
    events = count(app, Event)
    assert events > 0
    again = runner.invoke(args=["seed", "--examples"])
    assert again.exit_code == 0, again.output
    assert "0 themes added" in again.output and count(app, Event) == events


def test_a_refused_import_rolls_back_the_rows_read_before_the_bad_one(app, runner, tmp_path):
    export = tmp_path / "societies.csv"
    assert runner.invoke(args=["societies", "export", "-o", str(export)]).exit_code == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    good = lines[1].replace(lines[1].split(",")[0], "ZZ-NEW", 1)
    bad = lines[2].replace(lines[2].split(",")[0], "bad code", 1)
    export.write_text("\n".join([lines[0], good, bad]) + "\n", encoding="utf-8")
    before = count(app, Society)
    result = runner.invoke(args=["societies", "import", str(export)])
    assert result.exit_code != 0 and "nothing was imported" in result.output
    assert count(app, Society) == before


def test_create_admin_commits_the_first_administrator(app, runner):
    result = runner.invoke(args=["users", "create-admin", "first@example.org"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(User).where(User.email == "first@example.org")).one()
