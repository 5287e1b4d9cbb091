"""For every form route: who posts it, from which page, and what a person would type.

The page is fetched and its form read as a browser would (defaults, pre-filled values), then
FIELDS override what a person would type. A new form route without a recipe fails the suite
(test_every_form_route_has_a_recipe).
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from alumni.events.models import EventKind, EventStatus
from alumni.grants.models import GrantStatus
from tests.auth_helpers import PASSWORD, SOCIETY_A, make_user
from tests.events_helpers import make_entry, make_event, make_series
from tests.files_helpers import attach_file, png
from tests.grants_helpers import donate, make_grant

TODAY = date.today()
PAST = (TODAY - timedelta(days=20)).isoformat()


@dataclass
class Case:
    role: str  # who posts (a key of the people fixture)
    page: str  # the page that shows the form
    action: str  # where the form posts
    fields: dict = field(default_factory=dict)  # what a person types (overrides the page)
    files: dict = field(default_factory=dict)
    # When set, the page is what posting the form on PAGE with these files answers (a preview).
    page_files: dict = field(default_factory=dict)


def _ledger_entry(app) -> int:
    donate(app, 1_000_000)
    with app.app_context():
        from sqlalchemy import select

        from alumni.extensions import db
        from alumni.fund.models import LedgerEntry

        return db.session.scalar(select(LedgerEntry.id).order_by(LedgerEntry.id.desc()))


def _summary_year(app, client_factory) -> int:
    client = client_factory("staff")
    response = client.post("/staff/summaries/", data={"fiscal_year": "2021"})
    assert response.status_code == 302, response.status_code
    return 2021


def _target_user(app) -> int:
    return make_user(app, "target@example.org", name="Target Person", password=None)


def _membership(app, people) -> tuple[int, int]:
    with app.app_context():
        from sqlalchemy import select

        from alumni.auth.models import Membership
        from alumni.extensions import db

        membership = db.session.scalar(
            select(Membership).where(Membership.user_id == people["member"].id)
        )
        return membership.user_id, membership.id


_CITIES = itertools.count(1)


def _society_list(app) -> bytes:
    """The society list as staff would export it, with one society's city changed (to a new
    one each time: the same file again has nothing to apply, and shows no form to)."""
    import io

    from sqlalchemy import select

    from alumni.extensions import db
    from alumni.societies import csvio, services
    from alumni.societies.models import Society

    with app.app_context():
        rows = [services.export_row(s) for s in db.session.scalars(select(Society))]
    rows[0]["city"] = f"Ciudad de prueba {next(_CITIES)}"
    text = io.StringIO()
    csvio.write_rows(text, rows)
    return text.getvalue().encode("utf-8")


def _stop_path(app, user_id: int) -> str:
    """The link in an officer's term-ending notice, as a path."""
    with app.test_request_context():
        from alumni.auth.models import User
        from alumni.auth.reminders import stop_url
        from alumni.extensions import db

        return stop_url(db.session.get(User, user_id), "term_ending").removeprefix(
            "http://localhost"
        )


def _failed_mail(app) -> int:
    with app.app_context():
        from alumni.common.models import MailStatus, OutgoingMail
        from alumni.extensions import db

        row = OutgoingMail(
            recipient="bounced@example.org",
            subject="Report due",
            body="Please file the report.",
            language="en",
            kind="events.report_due",
            status=MailStatus.FAILED,
            attempts=6,
            last_error="SMTPRecipientsRefused",
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def recipes(app, people, client_factory) -> dict:
    """endpoint → a function building its Case (data is made only for the route tested)."""
    grant = lambda status, **kw: make_grant(app, status=status, **kw)  # noqa: E731
    return {
        "auth.login": lambda: Case(
            "anonymous",
            "/login",
            "/login",
            {"email": people["officer_a"].email, "password": PASSWORD},
        ),
        "auth.logout": lambda: Case("officer_a", "/account", "/logout"),
        "auth.request_reset": lambda: Case(
            "anonymous",
            "/password/reset",
            "/password/reset",
            {"email": people["officer_a"].email},
        ),
        "auth.change_password": lambda: Case(
            "officer_a",
            "/account/password",
            "/account/password",
            {
                "current": PASSWORD,
                "password": "a new pass phrase 9137",
                "confirm": "a new pass phrase 9137",
            },
        ),
        "auth.reminder_settings": lambda: Case(
            "officer_a", "/account/reminders", "/account/reminders"
        ),
        "auth.stop_reminders": lambda: (lambda path: Case("anonymous", path, path))(
            _stop_path(app, people["officer_a"].id)
        ),
        "common.set_language": lambda: Case(
            "officer_a", "/", "/language", {"lang": "es", "next": "/"}
        ),
        "events.create": lambda: Case(
            "officer_a",
            f"/societies/{SOCIETY_A}/events/new",
            f"/societies/{SOCIETY_A}/events/new",
            {
                "title_en": "Kaizen seminar",
                "start_date": PAST,
                "end_date": PAST,
                "original_language": "en",
            },
        ),
        "events.edit": lambda: (
            lambda e: Case("officer_a", f"/events/{e}/edit", f"/events/{e}/edit")
        )(make_event(app, status=EventStatus.DRAFT)),
        "events.move": lambda: (
            lambda e: Case("officer_a", f"/events/{e}", f"/events/{e}/status/publish")
        )(make_event(app, status=EventStatus.DRAFT)),
        "events.report": lambda: (
            lambda e: Case(
                "officer_a",
                f"/events/{e}/report",
                f"/events/{e}/report",
                {
                    "attendance_total": "40",
                    "countries-0-country": "PE",
                    "countries-0-attendance": "25",
                },
            )
        )(make_event(app)),
        "events.create_series": lambda: Case(
            "officer_a",
            f"/societies/{SOCIETY_A}/series/new",
            f"/societies/{SOCIETY_A}/series/new",
            {
                "code": "PE-KAIZEN",
                "name_en": "Kaizen contest",
                "first_year": "2015",
                "original_language": "en",
            },
        ),
        "events.add_entry": lambda: (
            lambda e: Case(
                "officer_a",
                f"/events/{e}",
                f"/events/{e}/entries",
                {"name": "Company A", "award": "Gold"},
            )
        )(make_event(app, kind=EventKind.CONTEST_EDITION, series=make_series(app), edition=3)),
        "events.remove_entry": lambda: (
            lambda e: Case(
                "officer_a", f"/events/{e}", f"/events/{e}/entries/{make_entry(app, e)}/delete"
            )
        )(make_event(app, kind=EventKind.CONTEST_EDITION, series=make_series(app), edition=3)),
        "files.attach": lambda: (
            lambda url: Case(
                "officer_a", url, url, {"caption": "Day one"}, files={"file": ("day1.png", png())}
            )
        )(f"/files/attach/event_photo/{make_event(app)}"),
        "files.remove": lambda: (lambda e: _photo_removal(app, e))(make_event(app)),
        "events.themes": lambda: Case(
            "staff",
            "/staff/themes",
            "/staff/themes",
            {
                "code": "lean-office",
                "name_en": "Lean office",
                "name_ja": "リーンオフィス",
                "name_es": "Oficina lean",
            },
        ),
        "fund.ledger": lambda: Case(
            "staff",
            "/staff/fund/",
            "/staff/fund/",
            {
                "entry_date": PAST,
                "kind": "donation",
                "amount": "50000",
                "counterparty_name": "Donor",
            },
        ),
        "fund.reverse": lambda: (
            lambda e: Case(
                "staff",
                "/staff/fund/",
                f"/staff/fund/{e}/reverse",
                {"entry_date": PAST, "memo": "typo"},
            )
        )(_ledger_entry(app)),
        "mail_log.retry": lambda: (
            lambda m: Case("staff", "/staff/mail/?status=failed", f"/staff/mail/{m}/retry")
        )(_failed_mail(app)),
        "fund.years": lambda: Case(
            "staff",
            "/staff/fund/years",
            "/staff/fund/years",
            {
                "fiscal_year": "2019",
                "programmes": "12",
                "participants": "900",
                "amount": "2400000",
                "source": "AOTS report",
            },
        ),
        "fund.publish_year": lambda: Case(
            "staff",
            "/staff/fund/years",
            "/staff/fund/years/publish",
            {"publish-fiscal_year": "2021"},
        ),
        "grants.create": lambda: Case(
            "officer_a",
            f"/societies/{SOCIETY_A}/wnf/new",
            f"/societies/{SOCIETY_A}/wnf/new",
            {
                "title": "Kaizen exchange",
                "theme": "Kaizen",
                "planned_start": "2027-03-01",
                "planned_end": "2027-03-02",
                "planned_participants": "30",
                "requested_amount": "200000",
                "cooperations-0-society": "AR-ARGENTINA",
                "cooperations-0-role": "recruits_participants",
                "budget-0-label": "Venue",
                "budget-0-amount": "200000",
                "description": "Two days.",
            },
        ),
        "grants.edit": lambda: (
            lambda g: Case(
                "officer_a", f"/wnf/applications/{g}/edit", f"/wnf/applications/{g}/edit"
            )
        )(grant(GrantStatus.DRAFT)),
        "grants.move": lambda: (
            lambda g: Case(
                "officer_a", f"/wnf/applications/{g}", f"/wnf/applications/{g}/move/submit"
            )
        )(grant(GrantStatus.DRAFT)),
        "grants.vote": lambda: (
            lambda g: Case(
                "committee",
                f"/wnf/applications/{g}",
                f"/wnf/applications/{g}/vote",
                {"choice": "approve"},
            )
        )(grant(GrantStatus.UNDER_REVIEW)),
        "grants.score": lambda: (
            lambda g: Case(
                "committee",
                f"/wnf/applications/{g}",
                f"/wnf/applications/{g}/scores",
                {
                    "score_relevance": "4",
                    "score_cooperation": "5",
                    "score_budget": "3",
                    "score_feasibility": "4",
                    "score_impact": "4",
                    "comment_budget": "The venue costs look high.",
                },
            )
        )(grant(GrantStatus.UNDER_REVIEW)),
        "grants.criteria": lambda: Case(
            "staff",
            "/staff/wnf/criteria",
            "/staff/wnf/criteria",
            {"code": "sustainability", "name_en": "Sustainability", "name_es": "Sostenibilidad"},
        ),
        "grants.criterion": lambda: Case(
            "staff",
            "/staff/wnf/criteria/1",
            "/staff/wnf/criteria/1",
            {"name_en": "Relevance to the purpose of the fund"},
        ),
        "grants.decision": lambda: (
            donate(app, 1_000_000),
            (
                lambda g: Case(
                    "staff",
                    f"/wnf/applications/{g}",
                    f"/wnf/applications/{g}/decision",
                    {
                        "decision": "approve",
                        "amount": "300000",
                        "note": "Committee meeting of 3 May",
                    },
                )
            )(grant(GrantStatus.UNDER_REVIEW)),
        )[1],
        "grants.disburse": lambda: (
            donate(app, 1_000_000),
            (
                lambda g: Case(
                    "staff",
                    f"/wnf/applications/{g}",
                    f"/wnf/applications/{g}/disburse",
                    {"entry_date": PAST},
                )
            )(grant(GrantStatus.APPROVED)),
        )[1],
        "grants.close": lambda: (
            donate(app, 1_000_000),
            (
                lambda g: Case(
                    "staff",
                    f"/wnf/applications/{g}",
                    f"/wnf/applications/{g}/close",
                    {"entry_date": TODAY.isoformat()},
                )
            )(_reported_grant(app)),
        )[1],
        "grants.report": lambda: (
            donate(app, 1_000_000),
            (
                lambda g: Case(
                    "officer_a",
                    f"/wnf/applications/{g}/report",
                    f"/wnf/applications/{g}/report",
                    {
                        "lines-0-label": "Venue",
                        "lines-0-currency": "PEN",
                        "lines-0-amount": "2500.50",
                        "lines-0-spent_on": PAST,
                        "lines-0-rate": "38.5",
                        "lines-1-label": "Interpretation",
                        "lines-1-currency": "JPY",
                        "lines-1-amount": "100000",
                        "lines-1-spent_on": PAST,
                        "lines-1-rate": "1",
                        "narrative": "It went well.",
                    },
                )
            )(_disbursed_grant(app)),
        )[1],
        "reports.staff_index": lambda: Case(
            "staff", "/staff/summaries/", "/staff/summaries/", {"fiscal_year": "2022"}
        ),
        "reports.prepare": lambda: (
            lambda y: Case(
                "staff",
                f"/staff/summaries/{y}",
                f"/staff/summaries/{y}",
                {"topics_en": "<p>Topics</p>"},
            )
        )(_summary_year(app, client_factory)),
        "reports.publish": lambda: (
            lambda y: Case("staff", f"/staff/summaries/{y}", f"/staff/summaries/{y}/publish")
        )(_summary_year(app, client_factory)),
        "reports.upload_table": lambda: (
            lambda y: Case(
                "staff",
                f"/staff/summaries/{y}",
                f"/staff/summaries/{y}/programme-table",
                files={"file": ("table.csv", PROGRAMME_TABLE)},
            )
        )(_summary_year(app, client_factory)),
        "reports.apply_table": lambda: (lambda url: Case("staff", url, url + "/apply"))(
            _uploaded_table(client_factory)
        ),
        "reports.pin_share": lambda: (
            lambda t: Case(
                "staff",
                "/staff/summaries/2021",
                f"/staff/summaries/2021/programme-tables/{t}/pin",
                {"region": "asia", "share": "50.5", "note": "As printed"},
            )
        )(_imported_table(app, client_factory)),
        "reports.network_counts": lambda: Case(
            "staff",
            "/staff/network-counts",
            "/staff/network-counts",
            {"as_of": "2022-03-31", "societies": "73", "countries": "44", "source": "FY2021"},
        ),
        "societies.edit": lambda: Case(
            "officer_a",
            f"/societies/{SOCIETY_A}/edit",
            f"/societies/{SOCIETY_A}/edit",
            {"links-0-url": "https://example.org/a", "links-0-label": "Site"},
        ),
        "societies.create": lambda: Case(
            "staff",
            "/staff/societies/new",
            "/staff/societies/new",
            {
                "code": "PE-AREQUIPA",
                "name_en": "AOTS Alumni Arequipa",
                "country": "PE",
                "region": "latin_america",
                "source": "Test",
            },
        ),
        "societies.import_list": lambda: Case(
            "staff",
            "/staff/societies/import",
            "/staff/societies/import",
            files={"file": ("societies.csv", _society_list(app))},
        ),
        "societies.apply_import": lambda: Case(
            "staff",
            "/staff/societies/import",
            "/staff/societies/import/apply",
            page_files={"file": ("societies.csv", lambda: _society_list(app))},
        ),
        "societies.change_status": lambda: Case(
            "staff",
            f"/societies/{SOCIETY_A}/status",
            f"/societies/{SOCIETY_A}/status",
            {"status": "dormant", "since": PAST},
        ),
        "staff_users.create": lambda: Case(
            "staff",
            "/staff/users/new",
            "/staff/users/new",
            {"email": "new.person@example.org", "name": "New Person"},
        ),
        "staff_users.edit": lambda: (
            lambda u: Case(
                "staff", f"/staff/users/{u}", f"/staff/users/{u}", {"name": "Renamed Person"}
            )
        )(_target_user(app)),
        "staff_users.add_membership": lambda: (
            lambda u: Case(
                "staff",
                f"/staff/users/{u}",
                f"/staff/users/{u}/memberships",
                {"society": SOCIETY_A, "role": "member", "term_start": PAST},
            )
        )(_target_user(app)),
        "staff_users.end_membership": lambda: (
            lambda um: Case(
                "staff", f"/staff/users/{um[0]}", f"/staff/users/{um[0]}/memberships/{um[1]}/end"
            )
        )(_membership(app, people)),
        "staff_users.disable": lambda: (
            lambda u: Case("staff", f"/staff/users/{u}", f"/staff/users/{u}/disable")
        )(_target_user(app)),
        "staff_users.enable": lambda: (
            lambda u: Case("staff", f"/staff/users/{u}", f"/staff/users/{u}/enable")
        )(_disabled_user(app)),
        "staff_users.invite": lambda: (
            lambda u: Case("staff", f"/staff/users/{u}", f"/staff/users/{u}/invitation")
        )(_target_user(app)),
    }


def _programme_table() -> bytes:
    """A valid table: every region × programme on a line (a missing cell is refused)."""
    from alumni.reports.models import Programme
    from alumni.societies.models import REGION_TITLES

    lines = ["fiscal_year,region,program,participants"]
    for number, (region, programme) in enumerate((r, p) for r in REGION_TITLES for p in Programme):
        lines.append(f"2021,{region},{programme.value},{number}")
    return ("\n".join(lines) + "\n").encode()


PROGRAMME_TABLE = _programme_table()


def _uploaded_table(client_factory) -> str:
    """The preview page of a table file staff sent for FY2021."""
    from tests.reports_helpers import upload_table

    client = client_factory("staff")
    client.post("/staff/summaries/", data={"fiscal_year": "2021"})
    response = upload_table(client, 2021, PROGRAMME_TABLE)
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def _imported_table(app, client_factory) -> int:
    from tests.reports_helpers import apply_previewed

    client = client_factory("staff")
    assert apply_previewed(client, _uploaded_table(client_factory)).status_code == 302
    with app.app_context():
        from sqlalchemy import select

        from alumni.extensions import db
        from alumni.reports.models import ProgrammeTable

        return db.session.scalar(select(ProgrammeTable.id))


def _photo_removal(app, event: int) -> Case:
    """An event's photo, removed from its attach page."""
    page = f"/files/attach/event_photo/{event}"
    photo = attach_file(app, "event_photo", event, png(), "a.png")
    return Case("officer_a", page, f"{page}/{photo}/remove")


def _disabled_user(app) -> int:
    return make_user(app, "disabled@example.org", name="Disabled", disabled_at=datetime.now())


def _disbursed_grant(app) -> int:
    return make_grant(app, status=GrantStatus.DISBURSED, end=TODAY - timedelta(days=5))


def _reported_grant(app) -> int:
    """A grant whose report was accepted: the one that may be closed."""
    return make_grant(app, status=GrantStatus.REPORT_ACCEPTED, end=TODAY - timedelta(days=5))
