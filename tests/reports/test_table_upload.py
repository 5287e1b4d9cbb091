"""Staff import AOTS's programme tables: any period, CSV (UTF-8, cp932) or XLSX, names in
three languages, every problem of a broken file listed in the user's language, a preview of
the change before it is applied, and the table labelled with its period everywhere."""

import csv
import io
import re
from importlib import resources

import openpyxl
import pytest
from sqlalchemy import func, select

from alumni.extensions import db
from alumni.reports import programme_table
from alumni.reports.models import PeriodKind, ProgrammeCount
from alumni.reports.periods import Period
from tests.auth_helpers import log_in
from tests.helpers import get_as, page_text
from tests.reports_helpers import apply_previewed, import_table, upload_table
from tests.robustness.forms import form_posting_to

SHIPPED = resources.files("alumni.reports").joinpath("data", "aots_programs_by_region_fy2021.csv")
CUMULATIVE = Period(PeriodKind.CUMULATIVE, 1959, 2021)
FY2021 = Period(PeriodKind.FISCAL_YEAR, 2021, 2021)


@pytest.fixture
def staff(client, people):
    log_in(client, people["staff"].email)
    assert client.post("/staff/summaries/", data={"fiscal_year": "2021"}).status_code == 302
    return client


def speak(client, language):
    client.post("/language", data={"lang": language})


def printed_lines() -> list[dict]:
    return list(csv.DictReader(io.StringIO(SHIPPED.read_text(encoding="utf-8"))))


def cells(names=("region", "program")) -> list[list[str]]:
    """The FY2021 counts, one line per region × programme (no totals, no shares)."""
    return [
        [line[names[0]], line[names[1]], line["participants"] or "0"]
        for line in printed_lines()
        if not line["region"].startswith("All regions")
    ]


def as_csv(header, rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def as_xlsx(header, rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append([int(v) if v.isdigit() else v for v in row])
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def cumulative_rows() -> list[list[str]]:
    return [["1959–2021 累計", r, p, str(int(n) * 40 + 3)] for r, p, n in cells()]


def stored(app, period):
    with app.app_context():
        return programme_table.table(programme_table.find(period))


def problems(response) -> list[str]:
    return [
        re.sub(r"\s+", " ", item).strip()
        for item in re.findall(
            r'<ul class="errors" aria-label="[^"]*">(.*?)</ul>',
            response.get_data(as_text=True),
            re.S,
        )[0].split("<li>")[1:]
    ]


def unescape(text):
    return text.replace("&#34;", '"').replace("&#39;", "'").replace("</li>", "").strip()


def test_the_fy2021_table_from_the_project_file_is_previewed_then_applied(app, staff):
    speak(staff, "ja")
    uploaded = upload_table(staff, 2021, SHIPPED.read_bytes())
    assert uploaded.status_code == 302
    preview = page_text(staff.get(uploaded.headers["Location"]))
    assert "2021年度の表のプレビュー" in preview
    assert "35 セルが変わります" in preview
    assert "89.9 % に固定（計算値 90.0 %）" in preview  # Asia's overseas training, as printed
    assert stored(app, FY2021) is None  # nothing is applied by a preview
    applied = apply_previewed(staff, uploaded.headers["Location"])
    assert applied.status_code == 302
    after = page_text(staff.get(applied.headers["Location"]))
    assert "2021年度の表を取り込みました" in after
    table = stored(app, FY2021)
    asia = table["rows"][0]
    assert asia["shares"]["overseas_training"] == 899 and asia["pins"]
    assert staff.post("/staff/summaries/2021/publish").status_code == 302
    html = page_text(get_as(staff, "/summaries/2021", "ja"))
    assert "AOTSの事業：地域別参加者数（2021年度）" in html
    assert "89.9*" in html and "計算値 90.0 %、正確な値 89.962 %" in html
    body = staff.get("/summaries/2021/tables/programmes.csv").get_data().decode("utf-8-sig")
    assert "2021年度,アジア,1688,100.0,100.0,11956,89.9,89.962" in body
    book = openpyxl.load_workbook(
        io.BytesIO(staff.get("/summaries/2021/tables/programmes.xlsx").data)
    )
    first = [c.value for c in next(book.active.iter_rows(min_row=2, max_row=2))]
    assert first[:8] == ["2021年度", "アジア", 1688, "100.0", 100.0, 11956, "89.9", 89.962]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cumulative_table_is_shown_with_its_period_in_html_csv_and_xlsx(app, staff, fmt):
    header = ["fiscal_year", "region", "program", "participants"]
    content = (
        as_csv(header, cumulative_rows()) if fmt == "csv" else as_xlsx(header, cumulative_rows())
    )
    import_table(staff, 2021, SHIPPED.read_bytes())
    import_table(staff, 2021, content, kind="cumulative", name=f"since1959.{fmt}")
    assert stored(app, CUMULATIVE)["totals"]["overseas_training"] == 13290 * 40 + 6 * 3 + 3
    staff.post("/staff/summaries/2021/publish")
    for language, label in (
        ("en", "1959–2021 cumulative"),
        ("ja", "1959–2021年度累計"),
        ("es", "acumulado 1959–2021"),
    ):
        speak(staff, language)
        assert label in page_text(staff.get("/summaries/2021")), language
    speak(staff, "es")
    body = (
        staff.get("/summaries/2021/tables/programmes_cumulative.csv").get_data().decode("utf-8-sig")
    )
    assert body.splitlines()[1].startswith("acumulado 1959–2021,Asia,67523,")
    book = openpyxl.load_workbook(
        io.BytesIO(staff.get("/summaries/2021/tables/programmes_cumulative.xlsx").data)
    )
    assert next(book.active.iter_rows(min_row=2, max_row=2))[0].value == "acumulado 1959–2021"
    assert "FY2021" not in body


def test_excel_japanese_csv_with_names_in_japanese_is_read(app, staff):
    content = as_csv(
        ["年度", "地域", "事業", "参加者数"],
        [["2021年度", *r] for r in cells(("region_ja", "program_ja"))],
        "cp932",
    )
    import_table(staff, 2021, content, name="表.csv")
    assert stored(app, FY2021)["totals"]["overseas_training"] == 13290


SPANISH = {
    "Asia": "ＡＳＩＡ",
    "Latin America": "américa latina",
    "Africa": "AFRICA",
    "Middle East": "Medio Oriente",
    "Europe": "Europa",
    "Oceania": "oceania",
    "North America": "América del Norte",
}
PROGRAMMES_ES = {
    "Japan-based training": "Capacitación en Japón",
    "overseas training": "CAPACITACIÓN EN EL EXTERIOR",
    "endowed courses": "Cursos patrocinados",
    "expert dispatch": "Envío de expertos",
    "internship": "Pasantías",
}


def spanish_cells():
    return [[SPANISH[r], PROGRAMMES_ES[p], n] for r, p, n in cells()]


def test_names_in_spanish_any_case_and_width_are_read(app, staff):
    rows = spanish_cells()
    import_table(staff, 2021, as_csv(["region", "program", "participants"], rows))
    assert stored(app, FY2021)["totals"]["expert_dispatch"] == 12


HEADER = ["fiscal_year", "region", "program", "participants", "percent_as_printed"]


def _broken():
    fy = [["2021", *c, ""] for c in cells()]
    disagree = [list(r) for r in fy]
    disagree[1][4] = "80.0%"  # Asia, overseas training: 89.9 was printed
    total = [["2021", "All regions (total)", "overseas training", "13,300", ""]]
    es = [["2021", *c, ""] for c in spanish_cells()]
    es[0][1] = "Asía Oriental"
    return {
        "cp932 with a wrong count": (
            as_csv(
                HEADER, [["2021", "アジア", "海外研修", "１１，９５６人?", ""]] + fy[2:], "cp932"
            ),
            ["2行目: participants は整数で、ない場合は 0 または「-」にしてください"],
        ),
        "xlsx partial": (
            as_xlsx(HEADER, fy[:33]),
            [
                f"1行目: {n} の行がありません"
                for n in ("北米 × 専門家派遣", "北米 × インターンシップ")
            ],
        ),
        "header only": (as_csv(HEADER, []), ["1行目: 見出し行のあとに取り込む行がありません"]),
        "duplicate": (
            as_csv(HEADER, fy + [["2021", "asia", "Overseas Training", "7", ""]]),
            ["37行目: asia × Overseas Training が重複しています（最初は3行目）"],
        ),
        "wrong period": (
            as_csv(HEADER, [["2020", *c[1:]] for c in fy]),
            ["2行目: この行は2020年度のものです。このページで選んだ表（2021年度）ではありません"]
            * 35,
        ),
        "shares and totals": (
            as_csv(HEADER, disagree + total),
            [
                "3行目: アジア × 海外研修：記載の構成比 80.0 % は、"
                "人数から計算した 90.0 % と一致しません",
                "37行目: 海外研修の合計は13,300と記載されていますが、地域の合計は13,290です",
            ],
        ),
        "names in es": (
            as_csv(HEADER, es),
            ["2行目: 不明な地域「Asía Oriental」", "1行目: アジア × 受入研修 の行がありません"],
        ),
    }


BROKEN = _broken()


@pytest.mark.parametrize("name", BROKEN)
def test_each_broken_file_is_refused_with_all_its_problems_in_japanese(app, staff, name):
    content, expected = BROKEN[name]
    speak(staff, "ja")
    response = upload_table(
        staff, 2021, content, name="t.xlsx" if name.startswith("xlsx") else "t.csv"
    )
    assert response.status_code == 422
    page = page_text(response)
    assert "何も取り込まれていません" in page
    listed = [unescape(p) for p in problems(response)]
    for message in expected:
        assert any(item.startswith(message.replace('"', '"')) for item in listed), (message, listed)
    assert f"{len(listed)} 件の問題" in page
    if name == "wrong period":
        assert len(listed) == 35  # never cut
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProgrammeCount)) == 0


def test_what_is_applied_is_what_was_previewed(app, staff):
    uploaded = upload_table(staff, 2021, SHIPPED.read_bytes())
    url = uploaded.headers["Location"]
    page = staff.get(url).get_data(as_text=True)
    forged = dict(form_posting_to(page, url + "/apply", url)) | {"sha256": "0" * 64}
    refused = staff.post(url + "/apply", data=forged)
    assert refused.status_code == 409
    assert "This is not the file that was previewed" in page_text(refused)
    assert stored(app, FY2021) is None
    applied = apply_previewed(staff, url)
    assert applied.status_code == 302
    assert "This file was applied already." in page_text(staff.get(url))


def test_a_pin_is_marked_and_a_second_save_corrects_it(app, staff):
    import_table(staff, 2021, as_csv(["region", "program", "participants"], cells()))
    with app.app_context():
        table_id = programme_table.find(FY2021).id
    url = f"/staff/summaries/2021/programme-tables/{table_id}/pin"
    pin = {
        "region": "europe",
        "programme": "overseas_training",
        "share": "0.4",
        "note": "Printed so",
    }
    assert staff.post(url, data=pin).status_code == 302
    assert staff.post(url, data=pin | {"share": "0,5", "note": "Corrected"}).status_code == 302
    europe = stored(app, FY2021)["rows"][4]
    assert europe["shares"]["overseas_training"] == 5 and europe["pins"] == {
        "overseas_training": "Corrected"
    }
    assert staff.post(url, data=pin | {"share": "abc"}).status_code == 422
    assert staff.post(url, data=pin | {"note": ""}).status_code == 422
    text = page_text(staff.get("/staff/summaries/2021"))
    assert "Pinned: Europe, Overseas training, 0.5 % — Corrected" in text


def test_no_file_chosen_is_marked_on_the_form(app, staff):
    response = staff.post(
        "/staff/summaries/2021/programme-table",
        data={"kind": "fiscal_year"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Please correct the marked fields." in page_text(response)


def test_a_range_must_start_before_the_summarys_year(app, staff):
    response = upload_table(staff, 2021, SHIPPED.read_bytes(), kind="range", first="2021")
    assert response.status_code == 422
    assert "A range starts in a fiscal year from 1959 to 2020." in page_text(response)


def test_the_same_table_again_changes_nothing_and_its_notes_are_the_readers(app, staff):
    """Imported from a Japanese page, then again: the second preview changes no cell (its
    printed shares are pinned already), applying it makes no new version, and the pins'
    note is not stored in Japanese: each reader reads it in their language."""
    from alumni.audit.models import AuditEntry

    speak(staff, "ja")
    first = upload_table(staff, 2021, SHIPPED.read_bytes())
    assert apply_previewed(staff, first.headers["Location"]).status_code == 302
    with app.app_context():
        version = programme_table.find(FY2021).version
        notes = set(db.session.scalars(select(ProgrammeCount.pin_note)).all()) - {""}
    assert notes == {"As printed by AOTS (rounded by hand)."}  # no one's words: not Japanese
    speak(staff, "en")
    again = upload_table(staff, 2021, SHIPPED.read_bytes())
    shown = page_text(staff.get(again.headers["Location"]))
    assert "0 cells change" in shown
    assert apply_previewed(staff, again.headers["Location"]).status_code == 302
    with app.app_context():
        assert programme_table.find(FY2021).version == version
        imports = select(AuditEntry).where(AuditEntry.action == "summary.table_imported")
        assert len(db.session.scalars(imports).all()) == 1
    assert staff.post("/staff/summaries/2021/publish").status_code == 302
    for language, note in (("es", "Como lo imprimió AOTS"), ("en", "As printed by AOTS")):
        speak(staff, language)
        assert note in page_text(staff.get("/summaries/2021")), language
