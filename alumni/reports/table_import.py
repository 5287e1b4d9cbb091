"""Checking a programme table file against the period chosen on the page, all or nothing.

Names of regions and programmes may be written in Japanese, English or Spanish, in any case
and width (compared after NFKC, casefold and without accents). Every problem is listed with
its line, in the user's language; nothing is cut. A cell (region × programme) must be on a
line of its own: 0 or "-" where the table prints none (an empty count is read as 0 only
where the line prints its share as 0). Printed shares and total lines, when the file has
them, are checked against the counts: a printed share must be the computed one or, where
AOTS rounded it the other way by hand, the exact share rounded down or up to the tenth — then
it is pinned as printed (the preview says so).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from alumni.common.validators import whole_number
from alumni.config import LANGUAGES
from alumni.reports import periods, table_files
from alumni.reports.models import Programme
from alumni.reports.periods import Period
from alumni.reports.programme_table import PROGRAMMES, REGIONS, shares_in_tenths
from alumni.reports.tables import share
from alumni.societies.csvio import CsvImportError
from alumni.societies.models import REGION_TITLES

TOTAL = "total"
# Names AOTS's tables use beside the site's own titles in each language.
REGION_ALIASES = {
    "latin_america": ["Latinoamérica", "Central and South America", "中南米"],
    "middle_east": ["Oriente Medio", "Oriente Próximo", "中東"],
    "europe": ["欧州"],
    "oceania": ["オセアニア", "Pacific"],
    "north_america": ["Norteamérica"],
    TOTAL: [
        "All regions (total)",
        "All regions",
        "Total",
        "全地域合計",
        "合計",
        "計",
        "Todas las regiones (total)",
        "Todas las regiones",
    ],
}
PROGRAMME_ALIASES = {
    "japan_training": ["Training in Japan", "Japan training", "受入研修", "Formación en Japón"],
    "overseas_training": ["Overseas training", "海外研修", "Formación en el extranjero"],
    "endowed_courses": ["Endowed course", "寄附講座", "寄付講座", "Cursos donados"],
    "expert_dispatch": ["Dispatch of experts", "専門家派遣", "Envío de especialistas"],
    "internship": ["Internships", "インターンシップ", "Pasantía", "Prácticas"],
}
COLUMNS = {
    "period": ["fiscal_year", "year", "period", "年度", "期間", "año_fiscal", "periodo"],
    "region": ["region", "地域", "región"],
    "region_other": ["region_ja", "region_es", "region_en", "地域名"],
    "program": ["program", "programme", "事業", "プログラム", "programa"],
    "program_other": ["program_ja", "program_es", "programme_ja", "事業名"],
    "participants": ["participants", "参加者数", "人数", "participantes"],
    "share": ["percent_as_printed", "share", "percent", "構成比", "割合", "porcentaje"],
}
REQUIRED = ("region", "program", "participants")
# Excel in Japan often writes figures full-width: "１，６８８", "８９．９％".
FULL_WIDTH = str.maketrans("０１２３４５６７８９，．％－", "0123456789,.%-")
DASHES = {"-", "−", "–", "—", "‐", "ー"}


def fold(text: str) -> str:
    """Compare names whatever their case, width or accents: "ＡＳＩＡ" = "asia" = "Asia"."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s_\-]+", " ", text).strip()


def _names(titles: dict, aliases: dict) -> dict[str, str]:
    names = {}
    for code, title in titles.items():
        for lang in LANGUAGES:
            with force_locale(lang):
                names[fold(str(title))] = code
    for code, words in aliases.items():
        names.update({fold(word): code for word in words})
    return names


@dataclass
class ImportedTable:
    period: Period
    counts: dict = field(default_factory=dict)  # {(region, programme): participants}
    printed: dict = field(default_factory=dict)  # {(region, programme): tenths}, as printed
    pins: dict = field(default_factory=dict)  # {(region, programme): (printed, computed)}
    has_shares: bool = False


@dataclass
class _Reading:
    period: Period
    columns: dict
    regions: dict
    programmes: dict
    table: ImportedTable
    errors: list = field(default_factory=list)
    first_lines: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)  # {programme: (line, printed total)}
    broken: set = field(default_factory=set)  # programmes with a bad cell
    share_lines: dict = field(default_factory=dict)  # {(region, programme): line}


def read(data: bytes, period: Period) -> ImportedTable:
    """The file's table for PERIOD, or CsvImportError with every (line, problem), sorted."""
    found = table_files.lines(data)
    if not found:
        raise CsvImportError(
            [(1, _("missing column(s): %(columns)s", columns=", ".join(REQUIRED)))]
        )
    (_header_line, header), rows = found[0], found[1:]
    columns = _columns(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise CsvImportError([(1, _("missing column(s): %(columns)s", columns=", ".join(missing)))])
    if not rows:
        raise CsvImportError([(1, _("there is no row to import after the header"))])
    reading = _Reading(
        period=period,
        columns=columns,
        regions=_names(REGION_TITLES, REGION_ALIASES),
        programmes=_names({p.value: p.title for p in Programme}, PROGRAMME_ALIASES),
        table=ImportedTable(period=period, has_shares="share" in columns),
    )
    for line, cells in rows:
        _line(reading, line, cells, len(header))
    _missing_cells(reading)
    _check_columns(reading)
    if reading.errors:
        raise CsvImportError(sorted(reading.errors, key=lambda e: e[0]))
    return reading.table


def _columns(header: list[str]) -> dict[str, int]:
    folded = [fold(name) for name in header]
    found = {}
    for name, words in COLUMNS.items():
        for word in words:
            if fold(word) in folded:
                found[name] = folded.index(fold(word))
                break
    return found


def _cell(cells: list[str], reading: _Reading, name: str) -> str:
    index = reading.columns.get(name)
    return (cells[index] if index is not None and index < len(cells) else "").strip()


def _line(reading: _Reading, line: int, cells: list[str], width: int) -> None:
    problems = []
    if any(c.strip() for c in cells[width:]):
        reading.errors.append((line, _("this line has more fields than the header")))
        return
    written_region = _cell(cells, reading, "region") or _cell(cells, reading, "region_other")
    written_programme = _cell(cells, reading, "program") or _cell(cells, reading, "program_other")
    region = reading.regions.get(fold(written_region))
    programme = reading.programmes.get(fold(written_programme))
    if region is None:
        problems.append(_("unknown region '%(value)s'", value=written_region))
    if programme is None:
        problems.append(_("unknown programme '%(value)s'", value=written_programme))
    problems += _period_problems(reading, _cell(cells, reading, "period"))
    printed_share, share_problem = _share(_cell(cells, reading, "share"))
    if share_problem:
        problems.append(share_problem)
    count, count_problem = _count(_cell(cells, reading, "participants"), printed_share)
    if count_problem:
        problems.append(count_problem)
    reading.errors.extend((line, p) for p in problems)
    if region is None or programme is None:
        return
    if not _first_time(reading, (region, programme), line, written_region, written_programme):
        return
    if problems:
        reading.broken.add(programme)
    elif region == TOTAL:
        reading.totals[programme] = (line, count)
    else:
        reading.table.counts[(region, programme)] = count
        if printed_share is not None:
            reading.table.printed[(region, programme)] = printed_share
            reading.share_lines[(region, programme)] = line


def _period_problems(reading: _Reading, written: str) -> list[str]:
    if not written:
        return []
    named = periods.parse(written)
    if named is None:
        return [_("cannot read the period '%(value)s'", value=written)]
    if named != reading.period:
        return [
            _(
                "this line is for %(named)s, not for the table chosen on the page (%(chosen)s)",
                named=periods.label(named),
                chosen=periods.label(reading.period),
            )
        ]
    return []


def _count(written: str, printed_share: int | None) -> tuple[int | None, str | None]:
    text = written.translate(FULL_WIDTH).replace(",", "").replace("人", "").strip()
    if text in DASHES or text == "0":
        return 0, None
    if text == "":
        if printed_share == 0:
            return 0, None  # printed as an empty cell with a share of 0.0 %
        return None, _('participants is empty: write 0 or "-" where the table prints none')
    number = whole_number(text)
    if number is None or number > 10_000_000:
        return None, _('participants must be a whole number, or 0 or "-" for none')
    return number, None


def _share(written: str) -> tuple[int | None, str | None]:
    """A printed share ("89.9%", "89.9", "-") in tenths of a percent."""
    text = written.translate(FULL_WIDTH).replace("%", "").strip()
    if text == "":
        return None, None
    if text in DASHES:
        return 0, None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100 or (value * 10) % 1:
        return None, _(
            "the printed share '%(value)s' is not a percentage such as 89.9", value=written
        )
    return int(value * 10), None


def _first_time(reading: _Reading, key, line: int, region: str, programme: str) -> bool:
    first = reading.first_lines.setdefault(key, line)
    if first != line:
        reading.errors.append(
            (
                line,
                _(
                    "%(region)s × %(programme)s appears twice (first on line %(first)s)",
                    region=region,
                    programme=programme,
                    first=first,
                ),
            )
        )
    return first == line


def _missing_cells(reading: _Reading) -> None:
    for region in REGIONS:
        for programme in PROGRAMMES:
            if (region, programme) not in reading.first_lines:
                reading.broken.add(programme)
                reading.errors.append(
                    (
                        1,
                        _(
                            "there is no line for %(region)s × %(programme)s: add it, with 0 or "
                            '"-" where the table prints none',
                            region=REGION_TITLES[region],
                            programme=Programme(programme).title,
                        ),
                    )
                )


def _check_columns(reading: _Reading) -> None:
    """Printed totals and shares against the counts, for each column read without a fault."""
    table = reading.table
    for programme in PROGRAMMES:
        if programme in reading.broken:
            continue
        values = [table.counts[(r, programme)] for r in REGIONS]
        total = sum(values)
        if programme in reading.totals and reading.totals[programme][1] != total:
            line, printed = reading.totals[programme]
            reading.errors.append(
                (
                    line,
                    _(
                        "the total of %(programme)s is printed %(printed)s, but its regions "
                        "add up to %(computed)s",
                        programme=Programme(programme).title,
                        printed=format_decimal(printed),
                        computed=format_decimal(total),
                    ),
                )
            )
        computed = shares_in_tenths(values)
        for region, value, tenths in zip(REGIONS, values, computed, strict=True):
            _check_share(reading, region, programme, value, total, tenths)


def _check_share(reading, region, programme, value, total, tenths) -> None:
    table = reading.table
    if (region, programme) not in table.printed:
        return
    line, printed = reading.share_lines[(region, programme)], table.printed[(region, programme)]
    if printed == (tenths or 0):
        return
    exact_tenths = Decimal(value * 1000) / total if total else Decimal(0)
    if abs(printed - exact_tenths) < 1:  # rounded the other way, by hand: pinned as printed
        table.pins[(region, programme)] = (printed, tenths)
        return
    reading.errors.append(
        (
            line,
            _(
                "%(region)s × %(programme)s: the printed share %(printed)s %% is not the "
                "%(computed)s %% its count gives",
                region=REGION_TITLES[region],
                programme=Programme(programme).title,
                printed=share(printed),
                computed=share(tenths) or "0.0",
            ),
        )
    )
