"""AOTS's programme table: read as printed, totals computed, shares by the largest remainder
method, the cells AOTS rounded by hand pinned as printed."""

import csv
from importlib import resources

import pytest

from alumni.extensions import db
from alumni.reports import programme_table, table_import, table_services
from alumni.reports.models import PeriodKind
from alumni.reports.periods import Period, label, parse
from alumni.societies.csvio import CsvImportError

SHIPPED = resources.files("alumni.reports").joinpath("data", "aots_programs_by_region_fy2021.csv")
FY2021 = Period(PeriodKind.FISCAL_YEAR, 2021, 2021)
PROGRAMMES = {
    "japan-based training": "japan_training",
    "overseas training": "overseas_training",
    "endowed courses": "endowed_courses",
    "expert dispatch": "expert_dispatch",
    "internship": "internship",
}


def printed_rows():
    with SHIPPED.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_every_share_and_total_is_shown_as_printed(app):
    with app.app_context():
        imported = table_import.read(SHIPPED.read_bytes(), FY2021)
        stored = table_services.write(imported, dash_for_zero=False)
        db.session.commit()
        table = programme_table.table(stored)
    rows = {row["region"]: row for row in table["rows"]}
    codes = {"All regions (total)": None, "Latin America": "latin_america"}
    for printed in printed_rows():
        programme = PROGRAMMES[printed["program"].lower()]
        region = codes.get(printed["region"], printed["region"].lower().replace(" ", "_"))
        if region is None:
            assert table["totals"][programme] == int(printed["participants"])
            continue
        row = rows[region]
        assert row["counts"][programme] == int(printed["participants"] or 0)
        expected = round(float(printed["percent_as_printed"].rstrip("%")) * 10)
        assert row["shares"][programme] == expected, (printed["region"], programme)
    # The two cells AOTS rounded by hand are pinned; the largest remainder gives the others.
    assert rows["asia"]["pins"].keys() == {"overseas_training"}
    assert rows["middle_east"]["pins"].keys() == {"overseas_training"}
    assert rows["asia"]["computed"]["overseas_training"] == 900
    assert rows["middle_east"]["computed"]["overseas_training"] == 5
    assert rows["asia"]["exact"]["overseas_training"] == "89.962"


def test_the_largest_remainder_makes_tenths_add_up_to_a_hundred():
    assert programme_table.shares_in_tenths([0, 0, 0]) == [None, None, None]
    assert programme_table.shares_in_tenths([1, 1, 1]) == [334, 333, 333]
    # FY2021 overseas training: floors 899+59+30+5+4+0 = 997; the 3 largest remainders
    # (Europe .665, Asia .620, Oceania .602) get a tenth each; Middle East (.568) does not.
    assert programme_table.shares_in_tenths([11956, 790, 400, 74, 62, 8, 0]) == [
        900,
        59,
        30,
        5,
        5,
        1,
        0,
    ]
    assert sum(programme_table.shares_in_tenths([695, 0, 106, 0, 0, 0, 0])) == 1000


def test_periods_are_read_from_a_file_and_labelled(app):
    assert parse("2021") == FY2021
    assert parse("FY2015–FY2021") == Period(PeriodKind.RANGE, 2015, 2021)
    assert parse("1959–2021 累計") == Period(PeriodKind.CUMULATIVE, 1959, 2021)
    assert parse("acumulado 1959-2021") == Period(PeriodKind.CUMULATIVE, 1959, 2021)
    assert parse("１９５９～２０２１年度累計") == Period(PeriodKind.CUMULATIVE, 1959, 2021)
    assert parse("1959-2021") == Period(PeriodKind.CUMULATIVE, 1959, 2021)
    assert parse("twenty") is None and parse("2021-2015") is None
    cumulative = Period(PeriodKind.CUMULATIVE, 1959, 2021)
    expected = {
        "en": ("FY2021", "FY2015–FY2021", "1959–2021 cumulative"),
        "ja": ("2021年度", "2015–2021年度", "1959–2021年度累計"),
        "es": ("AF2021", "AF2015–AF2021", "acumulado 1959–2021"),
    }
    for language, labels in expected.items():
        with app.test_request_context(headers={"Accept-Language": language}):
            assert (label(FY2021), label(parse("2015-2021")), label(cumulative)) == labels


def test_a_bad_table_is_refused_with_every_problem_and_nothing_kept(app):
    text = (
        "fiscal_year,region,program,participants,percent_as_printed\n"
        "2021,Asia,overseas training,100,\n"
        "2021,Atlantis,overseas training,5,\n"
        "20x1,Asia,teleportation,1.5,\n"
    )
    with app.app_context(), pytest.raises(CsvImportError) as refused:
        table_import.read(text.encode(), FY2021)
    messages = refused.value.errors
    assert (3, "unknown region 'Atlantis'") in messages
    assert (4, "unknown programme 'teleportation'") in messages
    assert (4, "cannot read the period '20x1'") in messages
    assert (4, 'participants must be a whole number, or 0 or "-" for none') in messages
    missing = [m for line, m in messages if line == 1 and m.startswith("there is no line for")]
    assert len(missing) == 34  # 35 cells, one of them given


def test_digits_int_cannot_read_are_refused_not_a_crash(app):
    """ "²" is a digit to str.isdigit, not to int()."""
    text = "region,program,participants\nAsia,overseas training,1²\n"
    with app.app_context(), pytest.raises(CsvImportError) as refused:
        table_import.read(text.encode(), FY2021)
    assert (2, 'participants must be a whole number, or 0 or "-" for none') in refused.value.errors


def test_the_prepare_page_writes_a_tables_total_as_the_reader_writes_numbers(app, client, people):
    """15,799 and 15.799, not "15799 participants in total" beside a table that groups."""
    from alumni.reports.examples import load_examples
    from tests.auth_helpers import log_in
    from tests.events.test_one_form import speaks
    from tests.helpers import page_text

    with app.app_context():
        load_examples()
        db.session.commit()
    log_in(client, people["staff"].email)
    for language, total in (("en", "15,799 participants in total"), ("es", "15.799")):
        speaks(app, people["staff"], language)
        assert total in page_text(client.get("/staff/summaries/2021")), language
