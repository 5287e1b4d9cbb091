"""AOTS's programme table: imported as printed, totals recomputed, shares as AOTS prints them."""

import csv
import io
from importlib import resources

import pytest

from alumni.extensions import db
from alumni.reports import programme_table
from alumni.reports.programme_table import PROGRAMME_NAMES, REGION_NAMES
from alumni.societies.csvio import CsvImportError

SHIPPED = resources.files("alumni.reports").joinpath("data", "aots_programs_by_region_fy2021.csv")


def printed_rows():
    with SHIPPED.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_shares_and_totals_match_the_printed_table(app):
    with app.app_context():
        with SHIPPED.open(encoding="utf-8") as stream:
            assert programme_table.import_table(stream) == {2021: 35}
        db.session.commit()
        table = programme_table.table(2021)
    rows = {row["region"]: row for row in table["rows"]}
    for printed in printed_rows():
        programme = PROGRAMME_NAMES[printed["program"].lower()].value
        if printed["region"].startswith("All regions"):
            assert table["totals"][programme] == int(printed["participants"])
            continue
        row = rows[REGION_NAMES[printed["region"].lower()]]
        assert row["counts"][programme] == int(printed["participants"] or 0)
        expected = round(float(printed["percent_as_printed"].rstrip("%")) * 10)
        assert row["shares"][programme] == expected, (printed["region"], programme)


def test_a_column_with_no_participants_has_no_shares():
    assert programme_table.shares_in_tenths([0, 0, 0]) == [None, None, None]
    assert sum(programme_table.shares_in_tenths([1, 1, 1])) == 1000


def test_a_bad_table_is_refused_with_line_numbers_and_nothing_kept(app):
    text = (
        "fiscal_year,region,region_ja,program,program_ja,participants,percent_as_printed\n"
        "2021,Asia,,overseas training,,100,\n"
        "2021,Atlantis,,overseas training,,5,\n"
        "20x1,Asia,,teleportation,,1.5,\n"
    )
    with app.app_context():
        with pytest.raises(CsvImportError) as refused:
            programme_table.import_table(io.StringIO(text))
        db.session.rollback()
        assert programme_table.table(2021) is None
    messages = refused.value.errors
    assert (3, "unknown region 'Atlantis'") in messages
    assert (4, "unknown programme 'teleportation'") in messages
    assert (4, "fiscal_year must be a year such as 2021") in messages
    assert (4, "participants must be a whole number, '-' or empty") in messages


def test_digits_int_cannot_read_are_refused_not_a_crash(app):
    """ "²" is a digit to str.isdigit, not to int()."""
    text = (
        "fiscal_year,region,region_ja,program,program_ja,participants,percent_as_printed\n"
        "2021,Asia,,overseas training,,1²,\n"
        "2²21,Asia,,overseas training,,5,\n"
    )
    with app.app_context():
        with pytest.raises(CsvImportError) as refused:
            programme_table.import_table(io.StringIO(text))
        db.session.rollback()
    assert (2, "participants must be a whole number, '-' or empty") in refused.value.errors
    assert (3, "fiscal_year must be a year such as 2021") in refused.value.errors
