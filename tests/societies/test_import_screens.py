"""Staff import the society list through the site: a preview of what would change, then the
previewed file applied; every problem listed with its line in the staff's language; a bad
file, a file other than the one previewed or a list changed in between changes nothing; export
in both formats reads back as no change at all."""

import csv
import html
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from alumni.audit.models import AuditEntry
from alumni.extensions import db
from alumni.societies.csvio import COLUMNS
from alumni.societies.models import Society, SocietyText
from tests.auth_helpers import log_in_as
from tests.helpers import page_text


@pytest.fixture
def staff(app, people):
    client = app.test_client()
    log_in_as(client, people["staff"])
    return client


def export(client, kind="csv") -> bytes:
    response = client.get(f"/staff/societies/export.{kind}")
    assert response.status_code == 200
    return response.get_data()


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def csv_bytes(rows: list[dict], header=COLUMNS) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def speak(client, language: str) -> None:
    assert client.post("/language", data={"lang": language, "next": "/"}).status_code == 302


def preview(client, data: bytes, name="societies.csv", language="en"):
    speak(client, language)
    return client.post(
        "/staff/societies/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def hidden(response, name: str) -> str:
    """A hidden field of the form that applies the preview."""
    body = response.get_data(as_text=True)
    form = body[body.index('action="/staff/societies/import/apply"') :]
    found = re.search(rf'name="{name}"[^>]* value="([^"]*)"', form)
    return html.unescape(found[1]) if found else ""


def apply(client, previewed, **override):
    data = {n: hidden(previewed, n) for n in ("csrf_token", "form_key", "content", "token")}
    return client.post("/staff/societies/import/apply", data=data | override)


def snapshot(app) -> list:
    with app.app_context():
        societies = db.session.scalars(select(Society).order_by(Society.code)).all()
        texts = db.session.execute(
            select(SocietyText.society_id, SocietyText.language, SocietyText.name)
        ).all()
        return [(s.code, s.city, s.version, s.federation_code) for s in societies] + sorted(texts)


def name_of(app, code: str, language="en") -> str:
    with app.app_context():
        society = db.session.scalars(select(Society).where(Society.code == code)).one()
        return society.text_for(language).name


def test_preview_then_apply_changes_one_society(app, staff):
    rows = csv_rows(export(staff))
    peru = next(r for r in rows if r["code"] == "PE-PERU")
    old_name = peru["name_es"]
    peru["name_es"] = "Asociación Peruana de Becarios AOTS"
    peru["city"] = "Lima"
    new = dict(peru, code="PE-AREQUIPA", name_en="AOTS Alumni Arequipa", name_es="", city="")
    before = snapshot(app)
    shown = preview(staff, csv_bytes([*rows, new]), language="es")
    assert shown.status_code == 200
    text = page_text(shown)
    assert "1 por añadir, 1 por cambiar, 71 sin cambios." in text
    assert f"name_es {old_name or '(vacío)'} Asociación Peruana de Becarios AOTS" in text
    assert "city (vacío) Lima" in text
    assert "PE-AREQUIPA AOTS Alumni Arequipa" in text
    assert snapshot(app) == before  # a preview saves nothing
    done = apply(staff, shown)
    assert done.status_code == 302 and done.location.endswith("/staff/societies/import")
    assert name_of(app, "PE-PERU", "es") == "Asociación Peruana de Becarios AOTS"
    assert name_of(app, "PE-AREQUIPA") == "AOTS Alumni Arequipa"
    followed = page_text(staff.get(done.location))
    assert "importado: 1 añadida, 1 cambiada." in followed  # each count its own plural
    with app.app_context():
        audit = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "societies.imported")
        ).one()
        assert audit.details["added"] == ["PE-AREQUIPA"]
        assert audit.details["changed"] == ["PE-PERU"]


def test_the_same_apply_twice_imports_once(app, staff):
    rows = csv_rows(export(staff))
    rows[0]["city"] = "Córdoba"
    shown = preview(staff, csv_bytes(rows))
    assert apply(staff, shown).status_code == 302
    again = apply(staff, shown)
    assert again.status_code == 302  # lands on the first one's result
    with app.app_context():
        count = db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "societies.imported")
        )
    assert count == 1


def test_a_file_other_than_the_previewed_one_is_refused(app, staff):
    rows = csv_rows(export(staff))
    rows[0]["city"] = "Rosario"
    shown = preview(staff, csv_bytes(rows))
    rows[1]["city"] = "Sneaked in"
    import base64

    other = base64.b64encode(csv_bytes(rows)).decode()
    before = snapshot(app)
    refused = apply(staff, shown, content=other)
    assert refused.status_code == 409
    assert "This is not the file that was previewed" in page_text(refused)
    assert snapshot(app) == before


def test_a_list_changed_since_the_preview_is_refused(app, staff):
    rows = csv_rows(export(staff))
    rows[0]["city"] = "Mendoza"
    shown = preview(staff, csv_bytes(rows))
    with app.app_context():
        society = db.session.scalars(select(Society).where(Society.code == rows[0]["code"])).one()
        society.city = "Changed by a colleague"
        db.session.commit()
    before = snapshot(app)
    refused = apply(staff, shown)
    assert refused.status_code == 409
    assert "changed since the preview" in page_text(refused)
    assert snapshot(app) == before


def test_a_forged_token_is_refused(app, staff):
    rows = csv_rows(export(staff))
    rows[0]["city"] = "Salta"
    shown = preview(staff, csv_bytes(rows))
    before = snapshot(app)
    assert apply(staff, shown, token="x" + hidden(shown, "token")).status_code == 409
    assert apply(staff, shown, content="not base64!").status_code == 409
    assert snapshot(app) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(app, staff, kind):
    data = export(staff, kind)
    before = snapshot(app)
    shown = preview(staff, data, name=f"societies.{kind}")
    assert "0 to add, 0 to change, 72 unchanged." in page_text(shown)
    # Nothing to apply: no button to do it, and nothing recorded.
    assert "The list is already as in this file: there is nothing to apply." in page_text(shown)
    assert 'action="/staff/societies/import/apply"' not in shown.get_data(as_text=True)
    assert snapshot(app) == before
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "societies.imported")
        ).all()
    assert export(staff, kind) == data or kind == "xlsx"  # a workbook holds its write time


def test_export_has_the_import_columns_and_neutralised_cells(app, staff):
    assert list(csv_rows(export(staff))[0]) == COLUMNS
    sheet = load_workbook(io.BytesIO(export(staff, "xlsx")), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS and len(rows) == 73


def problems(response) -> list[str]:
    body = response.get_data(as_text=True)
    listed = re.search(r'<ul class="errors" aria-label="[^"]*">(.*?)</ul>', body, flags=re.S)
    return [html.unescape(p) for p in re.findall(r"<li>(.*?)</li>", listed[1])]


def test_a_broken_csv_lists_every_problem_in_the_users_language(app, staff):
    rows = csv_rows(export(staff))
    rows[0]["country"] = "QQ"
    rows[1]["code"] = rows[2]["code"]
    rows[3]["founded_year"] = "19x5"
    before = snapshot(app)
    refused = preview(staff, csv_bytes(rows), language="ja")
    assert refused.status_code == 422
    listed = problems(refused)
    assert "2行目: 国コード「QQ」は登録されていません" in listed
    assert f"4行目: コード{rows[2]['code']}は3行目にもあります" in listed
    assert "5行目: founded_yearは1900年から2200年までの年にしてください" in listed
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"code,country\nXX-1,PE\n", "Line 1: missing column(s): city, federation"),
        (csv_bytes([{"code": "PE-X", "country": "PE", "region": "latin_america"}])
         + "name_en\xe9".encode("latin-1"), "Line 3: this line is not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_wrong_header_or_encoding_is_refused(app, staff, data, expected):
    before = snapshot(app)
    refused = preview(staff, data)
    assert refused.status_code == 422
    assert any(p.startswith(expected) for p in problems(refused)), problems(refused)
    assert snapshot(app) == before


def test_a_workbook_with_a_bad_row_lists_its_row_and_imports_nothing(app, staff):
    rows = csv_rows(export(staff))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    sheet.cell(row=5, column=COLUMNS.index("status") + 1, value="sleeping")
    sheet.cell(row=7, column=COLUMNS.index("founded_year") + 1, value=1850)
    saved = io.BytesIO()
    workbook.save(saved)
    before = snapshot(app)
    refused = preview(staff, saved.getvalue(), name="list.xlsx", language="es")
    assert refused.status_code == 422
    listed = problems(refused)
    assert any(p.startswith("Línea 5: status") for p in listed), listed
    assert any(p.startswith("Línea 7: founded_year") for p in listed), listed
    assert len(listed) == 2
    assert snapshot(app) == before


def test_a_file_that_is_no_workbook_is_refused(app, staff):
    refused = preview(staff, b"PK\x03\x04 not really a zip", name="list.xlsx")
    assert refused.status_code == 422
    assert problems(refused) == ["Line 1: this is not an Excel workbook (.xlsx) that can be read"]


@pytest.mark.parametrize("role", ["member", "officer_a", "committee"])
def test_only_staff_import_and_export(app, people, role):
    client = app.test_client()
    log_in_as(client, people[role])
    assert client.get("/staff/societies/import").status_code == 403
    assert client.get("/staff/societies/export.csv").status_code == 403
    assert client.post("/staff/societies/import/apply", data={"x": "1"}).status_code == 403
