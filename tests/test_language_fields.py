"""Per-language content in nine languages: the forms fold the languages one is not writing in,
and the societies CSV carries every language while still reading files with the first three."""

import re

from sqlalchemy import select

from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.societies.csvio import COLUMNS
from alumni.societies.models import Society, SocietyText
from tests.auth_helpers import SOCIETY_A, log_in, log_in_as
from tests.catalogs import translated
from tests.helpers import get_as, page_text
from tests.societies.test_editing import profile_form
from tests.societies.test_import_export import export_rows, write_csv
from tests.societies.test_import_screens import csv_bytes, csv_rows, export, name_of, preview


def speak(client, language: str) -> None:
    """Choose LANGUAGE with the switcher (a logged-in user's saved language beats the browser's)."""
    assert client.post("/language", data={"lang": language, "next": "/"}).status_code == 302


def open_and_folded(body: str, field: str) -> tuple[list[str], list[str]]:
    """The languages whose FIELD input is shown open, and those inside the disclosure."""
    before, _, folded = body.partition('<details class="other-languages"')
    folded = folded.partition("</details>")[0]
    pattern = rf'name="{field}_([A-Za-z_]+)"'
    return re.findall(pattern, before), re.findall(pattern, folded)


def test_the_event_form_opens_the_original_and_the_page_language_and_folds_seven(client, people):
    log_in(client, people["officer_a"].email)
    speak(client, "vi")
    body = client.get(f"/societies/{SOCIETY_A}/events/new").get_data(as_text=True)
    shown, folded = open_and_folded(body, "title")
    # A Vietnamese page starts the text in Vietnamese: the original and the page are one.
    assert shown == ["vi"] and sorted(folded) == sorted(set(LANGUAGES) - {"vi"})
    assert '<details class="other-languages">' in body  # closed: nothing typed there yet


def test_a_refused_event_post_opens_the_disclosure_holding_typed_text(client, people):
    log_in(client, people["officer_a"].email)
    speak(client, "fr")
    response = client.post(
        f"/societies/{SOCIETY_A}/events/new",
        data={"original_language": "en", "title_en": "", "title_th": "สัมมนาไคเซ็น"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    shown, folded = open_and_folded(body, "title")
    assert shown == ["en", "fr"] and len(folded) == 7 and "th" in folded
    assert '<details class="other-languages" open>' in body
    assert "สัมมนาไคเซ็น" in body


def test_the_society_form_folds_all_but_two_languages(client, people):
    log_in(client, people["officer_a"].email)
    speak(client, "zh_Hans")
    body = client.get(f"/societies/{SOCIETY_A}/edit").get_data(as_text=True)
    shown, folded = open_and_folded(body, "name")
    assert len(shown) == 2 and "zh_Hans" in shown and len(folded) == 7
    assert set(shown + folded) == set(LANGUAGES)
    summary = re.search(r'<details class="other-languages"[^>]*>\s*<summary>([^<]*)', body)
    # Chinese has one plural form: its msgstr[0] is the one shown for seven.
    one_form = translated("zh_Hans", "Other language (%(num)s)")
    assert summary.group(1) == one_form.replace("%(num)s", "7")


def test_an_officer_writes_the_thai_name_and_the_page_shows_it(app, client, people):
    log_in(client, people["officer_a"].email)
    data = profile_form(client, SOCIETY_A)
    data["name_th"] = "สมาคมศิษย์เก่า เอโอทีเอส ทดสอบ"
    assert client.post(f"/societies/{SOCIETY_A}/edit", data=data).status_code == 302
    visitor = app.test_client()
    page = get_as(visitor, f"/societies/{SOCIETY_A}", "th-TH").get_data(as_text=True)
    assert "สมาคมศิษย์เก่า เอโอทีเอส ทดสอบ" in page and '<html lang="th">' in page


def test_the_csv_has_every_languages_columns_and_an_old_file_keeps_the_new_texts(
    app, runner, tmp_path
):
    with app.app_context():
        kerala = db.session.scalars(select(Society).where(Society.code == "IN-KERALA")).one()
        kerala.texts.append(SocietyText(language="vi", name="Hội cựu học viên Kerala"))
        db.session.commit()
    rows = export_rows(runner)
    assert {f"name_{lang}" for lang in LANGUAGES} <= set(rows[0])
    row = next(r for r in rows if r["code"] == "IN-KERALA")
    assert row["name_vi"] == "Hội cựu học viên Kerala" and row["name_pt_BR"] == ""

    old_columns = [c for c in rows[0] if not re.match(r"(name|description)_(?!ja$|en$|es$)", c)]
    assert "name_vi" not in old_columns and "name_ja" in old_columns
    old = [{c: r[c] for c in old_columns} for r in rows]
    next(r for r in old if r["code"] == "IN-KERALA")["name_en"] = "Kerala (renamed)"
    result = runner.invoke(args=["societies", "import", write_csv(tmp_path / "old.csv", old)])
    assert result.exit_code == 0, result.output
    row = next(r for r in export_rows(runner) if r["code"] == "IN-KERALA")
    assert row["name_en"] == "Kerala (renamed)" and row["name_vi"] == "Hội cựu học viên Kerala"

    new = export_rows(runner)
    next(r for r in new if r["code"] == "IN-KERALA").update(name_vi="", name_fr="Kerala (fr)")
    result = runner.invoke(args=["societies", "import", write_csv(tmp_path / "new.csv", new)])
    assert result.exit_code == 0, result.output
    row = next(r for r in export_rows(runner) if r["code"] == "IN-KERALA")
    assert row["name_vi"] == "" and row["name_fr"] == "Kerala (fr)"


def test_a_preview_of_an_old_file_shows_no_change_and_keeps_the_new_texts(app, people):
    staff = app.test_client()
    log_in_as(staff, people["staff"])
    with app.app_context():
        kerala = db.session.scalars(select(Society).where(Society.code == "IN-KERALA")).one()
        kerala.texts.append(SocietyText(language="th", name="สมาคมศิษย์เก่าเกรละ"))
        db.session.commit()
    rows = csv_rows(export(staff))
    old_columns = [c for c in COLUMNS if not re.match(r"(name|description)_(?!ja$|en$|es$)", c)]
    shown = preview(staff, csv_bytes(rows, header=old_columns))
    assert shown.status_code == 200
    assert "0 to add, 0 to change, 72 unchanged." in page_text(shown)
    # Nothing to apply (no form to): the texts of the languages the file lacks stay.
    assert "The list is already as in this file: there is nothing to apply." in page_text(shown)
    assert 'action="/staff/societies/import/apply"' not in shown.get_data(as_text=True)
    assert name_of(app, "IN-KERALA", "th") == "สมาคมศิษย์เก่าเกรละ"
