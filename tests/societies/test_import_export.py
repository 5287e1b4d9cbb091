import csv
import io

from sqlalchemy import func, select

from alumni.extensions import db
from alumni.societies.models import Society, SocietyText


def export_rows(runner) -> list[dict]:
    result = runner.invoke(args=["societies", "export"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def write_csv(path, rows) -> str:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def count_societies(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Society.id)))


def test_export_dumps_every_society_in_the_import_format(runner):
    rows = export_rows(runner)
    assert len(rows) == 72
    kerala = next(r for r in rows if r["code"] == "IN-KERALA")
    assert kerala["name_ja"] == "インドケララ同窓会"
    assert kerala["federation"] == "SAFAAS" and kerala["region"] == "asia"


def test_export_then_import_changes_nothing(app, runner, tmp_path):
    rows = export_rows(runner)
    result = runner.invoke(args=["societies", "import", write_csv(tmp_path / "s.csv", rows)])
    assert result.exit_code == 0, result.output
    assert "72 societies imported." in result.output
    assert export_rows(runner) == rows


def test_import_updates_and_adds_societies(app, runner, tmp_path):
    rows = export_rows(runner)
    placeholder = next(r for r in rows if r["code"] == "CN-01")
    placeholder.update(
        name_en="Example Society of Beijing",
        record_status="confirmed",
        city="Beijing",
        name_es='=HYPERLINK("x")',
    )
    new = dict(placeholder, code="CN-12", name_en="A twelfth society", name_es="", city="")
    path = write_csv(tmp_path / "s.csv", [placeholder, new])
    result = runner.invoke(args=["societies", "import", path])
    assert result.exit_code == 0, result.output
    with app.app_context():
        society = db.session.scalars(select(Society).where(Society.code == "CN-01")).one()
        assert society.city == "Beijing" and society.text_for("en").name.startswith("Example")
        assert society.text_for("es").name == '=HYPERLINK("x")'
    assert count_societies(app) == 73
    # A cell that a spreadsheet would run as a formula is neutralised in the export.
    exported = next(r for r in export_rows(runner) if r["code"] == "CN-01")
    assert exported["name_es"] == '\'=HYPERLINK("x")'


def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(app, runner, tmp_path):
    rows = export_rows(runner)
    good = dict(rows[0], code="ZZ-NEW-1", name_en="Would be new")
    bad_country = dict(rows[1], code="ZZ-NEW-2", country="QQ")
    bad_year = dict(rows[2], code="ZZ-NEW-3", founded_year="19x5", status="sleeping")
    path = write_csv(tmp_path / "s.csv", [good, bad_country, bad_year, dict(good)])
    result = runner.invoke(args=["societies", "import", path])
    assert result.exit_code != 0
    assert "s.csv:3: unknown country code 'QQ'" in result.output
    assert "s.csv:4: status must be one of active, dormant, closed" in result.output
    assert "s.csv:4: founded_year must be a year between 1900 and 2200" in result.output
    assert "s.csv:5: code ZZ-NEW-1 already on line 2" in result.output
    assert "nothing was imported" in result.output
    assert count_societies(app) == 72


def test_import_refuses_a_file_without_the_expected_columns(app, runner, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("code,name\nX,Y\n", encoding="utf-8")
    result = runner.invoke(args=["societies", "import", str(path)])
    assert result.exit_code != 0
    assert "s.csv:1: missing column(s): country, city" in result.output


def test_import_refuses_nul_bytes_and_bad_links(app, runner, tmp_path):
    rows = export_rows(runner)
    rows[0].update(name_en="Bad\x00name", website="javascript:alert(1)")
    result = runner.invoke(args=["societies", "import", write_csv(tmp_path / "s.csv", rows)])
    assert result.exit_code != 0
    assert "name_en: contains a NUL character" in result.output
    assert "website must start with http:// or https://" in result.output


def test_seed_again_duplicates_nothing_and_keeps_staff_edits(app, runner):
    with app.app_context():
        text = db.session.scalars(
            select(SocietyText)
            .join(Society)
            .where(Society.code == "PE-PERU", SocietyText.language == "en")
        ).one()
        text.name = "Name corrected by staff"
        db.session.commit()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "0 societies added" in result.output and "0 countries added" in result.output
    assert count_societies(app) == 72
    with app.app_context():
        assert db.session.scalars(
            select(SocietyText.name).where(SocietyText.name == "Name corrected by staff")
        ).one()


def test_staff_record_a_new_published_count(app, runner, client):
    result = runner.invoke(
        args=[
            "societies",
            "published-count",
            "--as-of",
            "2025-03-31",
            "--societies",
            "75",
            "--countries",
            "46",
            "--source",
            "AOTS website",
        ]
    )
    assert result.exit_code == 0, result.output
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "75 societies in 46 countries/regions" in page
    assert "AOTS website" in page


def test_published_count_refuses_bad_numbers(runner):
    result = runner.invoke(
        args=[
            "societies",
            "published-count",
            "--as-of",
            "2025-13-01",
            "--societies",
            "-1",
            "--countries",
            "46",
            "--source",
            "x",
        ]
    )
    assert result.exit_code != 0
    assert "Invalid value" in result.output
