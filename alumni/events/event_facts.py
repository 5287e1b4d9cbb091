"""An event page's facts, report, description and links written in Python, as the template
wrote them.

The template drew them with a gettext call per label, url_for, country_name and Babel per
host, theme and country row, most of the page's rendering. Here what only the language decides
(the labels, kinds, formats, zone and country names) is translated once per language and
process, and what only the content decides (a host's link and country, a theme's link, in a
language; the link back to the list; the event's address on PUBLIC_URL but for its id) once
per content version: every event page names the same few hundred societies and themes. The
rest is a few string joins. tests/events/test_event_facts.py compares them with the template
markup they replaced.
"""

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from alumni.common.caching import per_version
from alumni.common.urls import external_url
from alumni.events.models import EventFormat, EventKind
from alumni.events.pickers import zone_label
from alumni.events.presenters import event_hours, place, series_name, speaker_label, theme_name
from alumni.events.sheet import EventSheet, Host, ThemeRow
from alumni.i18n import bcp47, current_language, get_locale
from alumni.societies.presenters import Shown

_PIECES: dict[str, dict] = {}  # per language: at most one entry per catalog
MOST_NUMBERS = 4096  # attendance figures kept per language


def _trusted(translated: str) -> str:
    """A catalog's text as the templates' gettext writes it: trusted, formatted."""
    return str(Markup(translated) % {})  # noqa: S704


def _labels() -> dict[str, str]:
    # Called literally, so that the strings are extracted into the catalogs.
    return {
        "dates": _trusted(_("Dates")),
        "kind": _trusted(_("Kind")),
        "format": _trusted(_("Format")),
        "venue": _trusted(_("Venue")),
        "themes": _trusted(_("Themes")),
        "speakers": _trusted(_("Speakers")),
        "lead": _trusted(_("lead host")),
        "participation": _trusted(_("Participation")),
        "cumulative": _trusted(
            _("Cumulative attendance (延べ): a person attending on three days counts three times.")
        ),
        "distinct": _trusted(_("Distinct participants")),
        "not_known": _trusted(_("Not known")),
        "by_country": _trusted(_("Cumulative attendance by country")),
        "country": _trusted(_("Country/region")),
        "cumulative_column": _trusted(_("Cumulative (延べ)")),
        "not_stated": _trusted(_("Country not stated")),
        "about": _trusted(_("About the event")),
        "all_events": _trusted(_("All events")),
    }


def _pieces() -> dict:
    locale = get_locale()
    found = _PIECES.get(str(locale))
    if found is None:
        found = _PIECES[str(locale)] = {
            "label": _labels(),
            "kind": {k: str(escape(k.title)) for k in EventKind},
            "format": {f: str(escape(f.title)) for f in EventFormat},
            "hosts": {},  # the Host/Hosts heading by number of hosts
            "zone": {},  # a time zone's name
            "country": {},  # a country's name, escaped
            "number": {},  # a whole number's text, escaped
            # As the templates' gettext: the catalog's text trusted, its values escaped.
            "participants": Markup(_("%(num)s participants (cumulative, 延べ)")),  # noqa: S704
            "edition": Markup(_("edition %(number)s")),  # noqa: S704
            "untranslated": Markup(  # noqa: S704
                _("Not yet translated; shown in %(language)s, the original.")
            ),
            "territories": locale.territories,
        }
    return found


def _country(pieces: dict, code: str) -> str:
    name = pieces["country"].get(code)
    if name is None:
        name = pieces["country"][code] = str(escape(pieces["territories"].get(code, code)))
    return name


def _number(pieces: dict, number: int) -> str:
    text = pieces["number"].get(number)
    if text is None:
        if len(pieces["number"]) > MOST_NUMBERS:
            pieces["number"].clear()
        text = str(escape(current_app.jinja_env.filters["number"](number)))
        pieces["number"][number] = text
    return text


def _hosts_heading(pieces: dict, count: int) -> str:
    heading = pieces["hosts"].get(count)
    if heading is None:
        heading = pieces["hosts"][count] = _trusted(ngettext("Host", "Hosts", count))
    return heading


def _drawn_parts() -> dict:
    """This content version's drawn hosts and themes in the page's language (and site root)."""
    return per_version("event_facts", (current_language(), request.script_root), dict, 64)


def _host(drawn: dict, pieces: dict, host: Host) -> str:
    key = ("host", host.society_id, host.is_lead)
    html = drawn.get(key)
    if html is None:
        link = escape(url_for("societies.society", code=host.code))
        lead = f", {pieces['label']['lead']}" if host.is_lead else ""
        html = drawn[key] = (
            f'<a href="{link}">{escape(host.name)}</a> '
            f'<span class="meta">({_country(pieces, host.country_code)}{lead})</span>'
        )
    return html


def _theme(drawn: dict, theme: ThemeRow) -> str:
    key = ("theme", theme.code)
    html = drawn.get(key)
    if html is None:
        link = escape(url_for("events.index", theme=theme.code))
        html = drawn[key] = f'<a href="{link}">{escape(theme_name(theme))}</a>'
    return html


def _dates(event: EventSheet, pieces: dict) -> str:
    day = current_app.jinja_env.filters["date"]
    dates = str(escape(day(event.start_date, "long")))
    if event.start_date != event.end_date:
        dates += " – " + str(escape(day(event.end_date, "long")))
    hours = event_hours(event)
    if hours:  # the hours name their zone: "9:00–11:30, Peru Time"
        return f"{dates}, {escape(hours)}"
    zone = pieces["zone"].get(event.time_zone)
    if zone is None:
        zone = pieces["zone"][event.time_zone] = str(escape(zone_label(event.time_zone)))
    return f'{dates} <span class="meta">({zone})</span>'


def _kind(event: EventSheet, pieces: dict) -> str:
    kind = pieces["kind"][event.kind]
    if event.series is None:
        return kind
    link = escape(url_for("events.series", code=event.series.code))
    edition = pieces["edition"] % {"number": event.edition_number}
    return f'{kind} — <a href="{link}">{escape(series_name(event.series).text)}</a>, {edition}'


def _speaker(pieces: dict, speaker) -> str:
    html = f"<li>{escape(speaker_label(speaker))}"
    if speaker.name and speaker.country_code:
        html += f' <span class="meta">({_country(pieces, speaker.country_code)})</span>'
    if speaker.society_name:
        html += f" — {escape(speaker.society_name)}"
    return html + "</li>"


def facts_html(event: EventSheet) -> Markup:
    """The event's facts (dates, kind, format, venue, hosts, themes, speakers): a <dl>."""
    pieces, drawn = _pieces(), _drawn_parts()
    label = pieces["label"]
    where = place(event)
    html = [
        '<dl class="facts">\n',
        f"  <dt>{label['dates']}</dt><dd>{_dates(event, pieces)}</dd>\n",
        f"  <dt>{label['kind']}</dt><dd>{_kind(event, pieces)}</dd>\n",
        f"  <dt>{label['format']}</dt><dd>{pieces['format'][event.format]}</dd>\n",
        f"<dt>{label['venue']}</dt><dd>{escape(where)}</dd>" if where else "",
        f"  <dt>{_hosts_heading(pieces, len(event.hosts))}</dt>\n",
        f"  <dd>{'<br>'.join(_host(drawn, pieces, host) for host in event.hosts)}</dd>\n",
    ]
    if event.themes:
        themes = ", ".join(_theme(drawn, theme) for theme in event.themes)
        html.append(f"<dt>{label['themes']}</dt><dd>{themes}</dd>")
    if event.speakers:
        speakers = "".join(_speaker(pieces, speaker) for speaker in event.speakers)
        html.append(f'<dt>{label["speakers"]}</dt>\n  <dd><ul class="plain">{speakers}</ul></dd>')
    html.append("</dl>")
    return Markup("".join(html))  # noqa: S704 (each part escaped above)


def report_html(event: EventSheet) -> Markup:
    """The event's participation report (its 延べ, by country): a <section>, "" without one."""
    report = event.report
    if report is None:
        return Markup("")
    pieces = _pieces()
    label = pieces["label"]
    total = pieces["participants"] % {"num": _number(pieces, report.attendance_total)}
    distinct = report.distinct_participants
    distinct = _number(pieces, distinct) if distinct is not None else label["not_known"]
    html = [
        '<section aria-labelledby="report-heading">\n',
        f'  <h2 id="report-heading">{label["participation"]}</h2>\n',
        f'  <p class="figure-value">{total}</p>\n',
        f'  <p class="meta">{label["cumulative"]}</p>\n',
        '  <dl class="facts">\n',
        f"    <dt>{label['distinct']}</dt><dd>{distinct}</dd>\n",
    ]
    if report.speakers_count is not None:
        speakers = _number(pieces, report.speakers_count)
        html.append(f"<dt>{label['speakers']}</dt><dd>{speakers}</dd>")
    html.append("  </dl>\n")
    if report.countries:
        html.append(
            '  <div class="table-wrap"><table>\n'
            f"    <caption>{label['by_country']}</caption>\n"
            f'    <thead><tr><th scope="col">{label["country"]}</th>'
            f'<th scope="col" class="num">{label["cumulative_column"]}</th></tr></thead>\n'
            "    <tbody>\n"
        )
        for row in report.countries:
            html.append(
                f'      <tr><th scope="row">{_country(pieces, row.country_code)}</th>'
                f'<td class="num">{_number(pieces, row.attendance)}</td></tr>\n'
            )
        if report.country_not_stated:
            unstated = _number(pieces, report.country_not_stated)
            html.append(
                f'<tr><th scope="row">{label["not_stated"]}</th>'
                f'<td class="num">{unstated}</td></tr>'
            )
        html.append("    </tbody>\n  </table></div>\n")
    html.append("</section>")
    return Markup("".join(html))  # noqa: S704 (each part escaped above)


def about_html(description: Shown) -> Markup:
    """The event's description (DESCRIPTION, maybe in another language, said): a <section>."""
    pieces = _pieces()
    html = [
        '<section aria-labelledby="about-heading">\n',
        f'  <h2 id="about-heading">{pieces["label"]["about"]}</h2>\n',
    ]
    lang = ""
    if description.fallback_language:
        note = pieces["untranslated"] % {"language": description.fallback_label}
        html.append(f'<p class="fallback-note">{note}</p>')
        lang = f' lang="{escape(bcp47(description.fallback_language))}"'
    html.append(f'  <div class="description"{lang}>{escape(description.text)}</div>\n</section>')
    return Markup("".join(html))  # noqa: S704 (each part escaped above)


def all_events_html() -> Markup:
    """The link back to the list of events."""
    drawn = _drawn_parts()
    html = drawn.get("all_events")
    if html is None:
        label = _pieces()["label"]["all_events"]
        html = drawn["all_events"] = (
            f'<p><a href="{escape(url_for("events.index"))}">{label}</a></p>'
        )
    return Markup(html)  # noqa: S704 (escaped above)


def event_address(event: EventSheet) -> str:
    """The event's absolute address on PUBLIC_URL (the page's og:url)."""
    drawn = _drawn_parts()
    prefix = drawn.get("address")
    if prefix is None:  # binding the URL map to PUBLIC_URL is most of external_url's time
        prefix = drawn["address"] = external_url("events.event", event_id=1).removesuffix("1")
    return f"{prefix}{event.id}"


def drawn(event: EventSheet, description: Shown) -> dict:
    """What the page of EVENT writes in Python, by the names events/event.html gives them."""
    return {
        "facts": facts_html(event),
        "report": report_html(event),
        "about": about_html(description) if description.text else "",
        "all_events": all_events_html(),
        "address": event_address(event),
    }
