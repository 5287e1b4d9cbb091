"""Public pages of the yearly summaries, their tables as CSV and XLSX."""

from datetime import date

from flask import abort, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from alumni.auth.access import public
from alumni.common.caching import per_version
from alumni.reports import bp, differences, services, tables
from alumni.reports.models import Programme
from alumni.societies.models import REGION_TITLES
from alumni.societies.pages import part_of


def load_published(fiscal_year: int):
    summary = services.get_summary(fiscal_year)
    if summary is None or not summary.versions:
        abort(404)  # drafts are invisible to the public
    return summary


def _version(summary):
    number = request.args.get("version", type=int)
    if number is None:
        return summary.latest
    if not 1 <= number <= len(summary.versions):
        abort(404)
    return summary.versions[number - 1]


@part_of("home")
def latest_summary() -> tuple[str, dict] | None:
    """The home page shows the figures of the latest published summary, when there is one."""
    latest = services.latest_published()
    return ("reports/_home_part.html", {"summary": latest}) if latest else None


@bp.get("/summaries/")
@public
def index():
    return render_template("reports/index.html", summaries=services.published_years())


@bp.get("/summaries/<id:fiscal_year>")
@public
def summary(fiscal_year):
    # The same for every visitor: rendered once per content version, language and version
    # (as asked: the tables' download links repeat it).
    key = (str(get_locale()), fiscal_year, request.args.get("version"))
    body = per_version("summary_body", key, lambda: _summary_body(fiscal_year), most=256)
    return render_template("reports/summary.html", body=body, fiscal_year=fiscal_year)


def _summary_body(fiscal_year: int) -> Markup:
    found = load_published(fiscal_year)
    version = _version(found)
    previous = found.versions[version.number - 2] if version.number > 1 else None
    changed = differences.describe(previous.snapshot, version.snapshot) if previous else []
    html = render_template(
        "reports/_summary_body.html",
        summary=found,
        version=version,
        snap=version.snapshot,
        changes=changed,
        preview=False,
        tables=tables.build(version.snapshot),
    )
    return Markup(html)  # noqa: S704 (a template's output, escaped by Jinja)


@bp.get("/summaries/<id:fiscal_year>/tables/<name>.<fmt>")
@public
def table_export(fiscal_year, name, fmt):
    version = _version(load_published(fiscal_year))
    built = tables.build(version.snapshot)
    if name not in built or fmt not in ("csv", "xlsx"):
        abort(404)
    return tables.download(built[name], f"aots-alumni-fy{fiscal_year}-{name}", fmt)


def _to_date(value: str):
    return date.fromisoformat(value)


def _safe_html(text: str):
    """Topics were sanitised when saved; cleaning again on output costs little and guards
    against anything that reached the snapshot another way."""
    return Markup(services.sanitise(text or ""))  # noqa: S704 (sanitised by nh3 just above)


def _region_title(code: str):
    return REGION_TITLES.get(code, code)


bp.add_app_template_filter(_to_date, "todate")
bp.add_app_template_filter(_safe_html, "safe_html")
bp.add_app_template_filter(_region_title, "region_title")
bp.add_app_template_filter(lambda a, b: zip(a, b, strict=False), "zip")
bp.add_app_template_global(lambda code: Programme(code).title, "programme_title")
bp.add_app_template_global(tables.share, "share_text")
