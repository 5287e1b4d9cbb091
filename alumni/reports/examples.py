"""FY2021 summary for `make run`: AOTS's programme table as printed, compiled and published."""

from importlib import resources

from alumni.reports import services, table_import, table_services
from alumni.reports.models import PeriodKind
from alumni.reports.periods import Period

TOPICS = {
    "en": (
        "<p><strong>Example data.</strong> In FY2021 the societies met online: the Venezuela "
        "society's three-day seminar on the Toyota Production System and the Kerala "
        "society's four seminars, the Peru 5S contest's 7th edition, and 16 WNF "
        "programmes.</p>"
    ),
    "ja": (
        "<p><strong>例示データ。</strong>2021年度、同窓会はオンラインで交流しました。ベネズエラ"
        "同窓会のトヨタ生産方式（TPS）セミナー（3日間）、インドケララ同窓会のセミナー4回、"
        "第7回ペルー5S大会、WNFプログラム16件。</p>"
    ),
}


def load_examples() -> int:
    """Import the FY2021 table and publish FY2021 once; 0 when already there."""
    summary = services.get_summary(2021)
    if summary is not None and summary.versions:
        return 0
    source = resources.files("alumni.reports").joinpath(
        "data", "aots_programs_by_region_fy2021.csv"
    )
    imported = table_import.read(source.read_bytes(), Period(PeriodKind.FISCAL_YEAR, 2021, 2021))
    table_services.write(imported, dash_for_zero=False)
    summary = services.open_summary(None, 2021)
    summary.topics = {lang: services.sanitise(html) for lang, html in TOPICS.items()}
    services.publish(None, summary)
    return 1
