"""Role × endpoint × expected status, for every route of the application.

L = sent to the login page; any other value is the expected HTTP status.
"""

from datetime import date, timedelta

import pytest

from alumni.auth.models import MembershipRole, User
from alumni.common.models import MailStatus, OutgoingMail
from alumni.events.models import EventKind, EventStatus
from alumni.extensions import db
from alumni.fund.services import toggle_year_end_publication
from alumni.grants.models import GrantStatus
from alumni.reports import table_import, table_services
from alumni.reports.models import PeriodKind
from alumni.reports.periods import Period
from alumni.reports.services import open_summary, publish
from tests.auth_helpers import ROLES, SOCIETY_A, log_in_as, make_user
from tests.events_helpers import make_entry, make_event, make_series
from tests.files_helpers import PDF, attach_file, png
from tests.grants_helpers import donate, make_grant
from tests.robustness.recipes import PROGRAMME_TABLE

L = "login"
ALL = dict.fromkeys(ROLES)


def everyone(status):
    return dict.fromkeys(ROLES, status)


def only(allowed: set[str], ok, refused=403, anonymous=L):
    return {
        role: (anonymous if role == "anonymous" else ok if role in allowed else refused)
        for role in ROLES
    }


STAFF = {"staff", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}
EDITORS_OF_A = {"officer_a", "staff", "admin"}


def matrix(people) -> dict[tuple[str, str], tuple[str, dict, dict]]:
    """(endpoint, method) → (url, form data, {role: expected}).

    The routes about one user are in USER_ROUTES instead, with the target's role as a
    dimension of their own.
    """
    return {
        ("static", "GET"): ("/static/site.css", {}, everyone(200)),
        ("common.set_language", "POST"): ("/language", {"lang": "es"}, everyone(302)),
        ("common.health", "GET"): ("/healthz", {}, everyone(200)),
        ("societies.home", "GET"): ("/", {}, everyone(200)),
        ("societies.directory", "GET"): ("/societies/", {}, everyone(200)),
        ("societies.country", "GET"): ("/countries/PE", {}, everyone(200)),
        ("societies.world_map", "GET"): ("/map?federation=FELAAS", {}, everyone(200)),
        ("societies.society", "GET"): (f"/societies/{SOCIETY_A}", {}, everyone(200)),
        ("societies.edit", "GET"): (f"/societies/{SOCIETY_A}/edit", {}, only(EDITORS_OF_A, 200)),
        ("societies.edit", "POST"): (f"/societies/{SOCIETY_A}/edit", {}, only(EDITORS_OF_A, 422)),
        ("societies.create", "GET"): ("/staff/societies/new", {}, only(STAFF, 200)),
        ("societies.create", "POST"): ("/staff/societies/new", {}, only(STAFF, 422)),
        ("societies.import_list", "GET"): ("/staff/societies/import", {}, only(STAFF, 200)),
        # Allowed; no file chosen: the form is shown again, marked.
        ("societies.import_list", "POST"): ("/staff/societies/import", {}, only(STAFF, 422)),
        # Allowed; nothing previewed was sent: refused as incomplete.
        ("societies.apply_import", "POST"): (
            "/staff/societies/import/apply",
            {},
            only(STAFF, 422),
        ),
        ("societies.export_list", "GET"): ("/staff/societies/export.csv", {}, only(STAFF, 200)),
        ("societies.export_list", "GET", "xlsx"): (
            "/staff/societies/export.xlsx",
            {},
            only(STAFF, 200),
        ),
        ("societies.change_status", "GET"): (
            f"/societies/{SOCIETY_A}/status",
            {},
            only(STAFF, 200),
        ),
        ("societies.change_status", "POST"): (
            f"/societies/{SOCIETY_A}/status",
            {},
            only(STAFF, 422),
        ),
        ("auth.login", "GET"): ("/login", {}, only(SIGNED_IN, 302, anonymous=200)),
        ("auth.login", "POST"): ("/login", {}, only(SIGNED_IN, 302, anonymous=422)),
        ("auth.logout", "POST"): ("/logout", {}, only(SIGNED_IN, 302)),
        ("auth.request_reset", "GET"): ("/password/reset", {}, everyone(200)),
        ("auth.request_reset", "POST"): ("/password/reset", {}, everyone(422)),
        ("auth.reset_password", "GET"): ("/password/reset/not-a-token", {}, everyone(404)),
        ("auth.reset_password_form", "GET"): ("/password/reset/new", {}, everyone(404)),
        ("auth.reset_password_form", "POST"): ("/password/reset/new", {}, everyone(404)),
        ("auth.accept_invitation", "GET"): ("/invitation/not-a-token", {}, everyone(404)),
        ("auth.accept_invitation_form", "GET"): ("/invitation/accept", {}, everyone(404)),
        ("auth.accept_invitation_form", "POST"): ("/invitation/accept", {}, everyone(404)),
        ("auth.change_password", "GET"): ("/account/password", {}, only(SIGNED_IN, 200)),
        ("auth.change_password", "POST"): ("/account/password", {}, only(SIGNED_IN, 422)),
        ("auth.account", "GET"): ("/account", {}, only(SIGNED_IN, 200)),
        ("auth.reminder_settings", "GET"): ("/account/reminders", {}, only(SIGNED_IN, 200)),
        ("auth.reminder_settings", "POST"): ("/account/reminders", {}, only(SIGNED_IN, 302)),
        ("auth.stop_reminders", "GET"): ("/reminders/stop/not-a-token", {}, everyone(404)),
        ("auth.stop_reminders", "POST"): ("/reminders/stop/not-a-token", {}, everyone(404)),
        ("home.mine", "GET"): ("/my/", {}, only(SIGNED_IN, 200)),
        ("staff_users.index", "GET"): ("/staff/users/", {}, only(STAFF, 200)),
        ("staff_users.create", "GET"): ("/staff/users/new", {}, only(STAFF, 200)),
        ("staff_users.create", "POST"): ("/staff/users/new", {}, only(STAFF, 422)),
        ("audit.index", "GET"): ("/admin/audit/", {}, only({"admin"}, 200)),
        ("mail_log.index", "GET"): ("/staff/mail/", {}, only(STAFF, 200)),
        # Staff retry the failed message; it is no longer failed when the administrator tries.
        ("mail_log.retry", "POST"): (
            f"/staff/mail/{people['_mail']}/retry",
            {},
            only(STAFF, 409) | {"staff": 302},
        ),
        **event_routes(people),
        **file_routes(people),
        **wnf_routes(people),
        **summary_routes(people),
        **api_routes(people),
    }


def api_routes(people) -> dict:
    """The read-only API: public to everyone; drafts and unpublished summaries are 404."""
    event, draft = people["_event"], people["_draft"]
    return {
        ("api_docs.reference_page", "GET"): ("/api/v1/", {}, everyone(200)),
        ("api_docs.openapi", "GET"): ("/api/v1/openapi.json", {}, everyone(200)),
        ("api.societies", "GET"): ("/api/v1/societies", {}, everyone(200)),
        ("api.society", "GET"): (f"/api/v1/societies/{SOCIETY_A}", {}, everyone(200)),
        ("api.federations", "GET"): ("/api/v1/federations", {}, everyone(200)),
        ("api.regions", "GET"): ("/api/v1/regions", {}, everyone(200)),
        ("api.events", "GET"): ("/api/v1/events", {}, everyone(200)),
        ("api.event", "GET"): (f"/api/v1/events/{event}", {}, everyone(200)),
        # Not even its hosts' officers see a draft through the API: it is for the public.
        ("api.event", "GET", "draft"): (f"/api/v1/events/{draft}", {}, everyone(404)),
        ("api.series_list", "GET"): ("/api/v1/series", {}, everyone(200)),
        ("api.series", "GET"): ("/api/v1/series/PE-5S", {}, everyone(200)),
        ("api.participation", "GET"): ("/api/v1/participation", {}, everyone(200)),
        ("api.wnf_programmes", "GET"): ("/api/v1/wnf/programmes", {}, everyone(200)),
        ("api.summaries", "GET"): ("/api/v1/summaries", {}, everyone(200)),
        ("api.summary", "GET"): ("/api/v1/summaries/2021", {}, everyone(200)),
        ("api.summary", "GET", "draft"): ("/api/v1/summaries/2022", {}, everyone(404)),
    }


def summary_routes(people) -> dict:
    """FY2021 published, FY2022 being prepared (not public)."""
    table = "/summaries/2021/tables/events_by_kind"
    return {
        ("reports.index", "GET"): ("/summaries/", {}, everyone(200)),
        ("reports.summary", "GET"): ("/summaries/2021", {}, everyone(200)),
        ("reports.summary", "GET", "draft"): ("/summaries/2022", {}, everyone(404)),
        ("reports.table_export", "GET"): (f"{table}.csv", {}, everyone(200)),
        ("reports.staff_index", "GET"): ("/staff/summaries/", {}, only(STAFF, 200)),
        ("reports.staff_index", "POST"): ("/staff/summaries/", {}, only(STAFF, 422)),
        ("reports.prepare", "GET"): ("/staff/summaries/2022", {}, only(STAFF, 200)),
        ("reports.prepare", "POST"): ("/staff/summaries/2022", {}, only(STAFF, 409)),
        ("reports.preview", "GET"): ("/staff/summaries/2022/preview", {}, only(STAFF, 200)),
        ("reports.upload_table", "POST"): (
            "/staff/summaries/2022/programme-table",
            {},
            only(STAFF, 422),  # allowed; no file chosen: the form is shown again, marked
        ),
        ("reports.table_preview", "GET"): (
            f"/staff/summaries/2022/programme-table/{people['_upload']}",
            {},
            only(STAFF, 200),
        ),
        ("reports.apply_table", "POST"): (
            f"/staff/summaries/2022/programme-table/{people['_upload']}/apply",
            {},
            only(STAFF, 422),  # allowed; without the previewed file's hash: shown again
        ),
        ("reports.pin_share", "POST"): (
            f"/staff/summaries/2022/programme-tables/{people['_table']}/pin",
            {},
            only(STAFF, 422),
        ),
        ("reports.network_counts", "GET"): ("/staff/network-counts", {}, only(STAFF, 200)),
        ("reports.network_counts", "POST"): ("/staff/network-counts", {}, only(STAFF, 422)),
        # Staff, then the administrator, publish versions 2 and 3 of FY2021.
        ("reports.publish", "POST"): ("/staff/summaries/2021/publish", {}, only(STAFF, 302)),
    }


def wnf_routes(people) -> dict:
    """Applications of society A (cooperators: Argentina and Kerala, officer B's society)."""
    g = people["_grants"]
    viewers = {"officer_a", "officer_b", "committee", "staff", "admin"}
    host = {"officer_a"}
    return {
        ("grants.index", "GET"): ("/wnf/", {}, everyone(200)),
        # FY2024's end is published (the fixture); FY2023's is not: 404 to everyone.
        ("grants.fund_year", "GET"): ("/wnf/fund/2024", {}, everyone(200)),
        ("grants.fund_year", "GET", "unpublished"): ("/wnf/fund/2023", {}, everyone(404)),
        ("grants.fund_year_export", "GET"): ("/wnf/fund/2024.csv", {}, everyone(200)),
        ("grants.fund_year_export", "GET", "xlsx"): ("/wnf/fund/2024.xlsx", {}, everyone(200)),
        ("grants.fund_year_export", "GET", "unpublished"): (
            "/wnf/fund/2023.csv",
            {},
            everyone(404),
        ),
        ("grants.queue", "GET"): ("/wnf/queue", {}, only({"committee", "staff", "admin"}, 200)),
        ("grants.applications", "GET"): ("/wnf/applications/", {}, only(SIGNED_IN, 200)),
        ("grants.create", "GET"): (f"/societies/{SOCIETY_A}/wnf/new", {}, only(host, 200)),
        ("grants.create", "POST"): (f"/societies/{SOCIETY_A}/wnf/new", {}, only(host, 422)),
        ("grants.application", "GET"): (f"/wnf/applications/{g['draft']}", {}, only(viewers, 200)),
        ("grants.edit", "GET"): (f"/wnf/applications/{g['draft']}/edit", {}, only(host, 200)),
        ("grants.edit", "POST"): (f"/wnf/applications/{g['draft']}/edit", {}, only(host, 422)),
        # Viewers may ask; the workflow table then decides: officer A withdraws the draft,
        # after which it cannot be moved that way (409); a button's empty form is 422.
        ("grants.move", "POST"): (
            f"/wnf/applications/{g['moving']}/move/withdraw",
            {},
            only(viewers, 409) | {"officer_a": 302},
        ),
        # The report's review: staff and the committee members who may vote on it; the host
        # and a cooperating society's officer see the application but may not review it (403).
        # Returning needs a comment (422); the committee member accepts, then it has moved on.
        ("grants.move", "POST", "return_report"): (
            f"/wnf/applications/{g['reported']}/move/return_report",
            {},
            only(viewers, 422) | {"officer_a": 403, "officer_b": 403},
        ),
        ("grants.move", "POST", "accept_report"): (
            f"/wnf/applications/{g['accepting']}/move/accept_report",
            {},
            only(viewers, 409) | {"officer_a": 403, "officer_b": 403, "committee": 302},
        ),
        ("grants.vote", "POST"): (
            f"/wnf/applications/{g['review']}/vote",
            {},
            only({"committee"}, 422),
        ),
        # Allowed to the member who may vote; no score chosen: the page again, 422.
        ("grants.score", "POST"): (
            f"/wnf/applications/{g['review']}/scores",
            {},
            only({"committee"}, 422),
        ),
        ("grants.criteria", "GET"): ("/staff/wnf/criteria", {}, only(STAFF, 200)),
        ("grants.criteria", "POST"): ("/staff/wnf/criteria", {}, only(STAFF, 422)),
        ("grants.criterion", "GET"): ("/staff/wnf/criteria/1", {}, only(STAFF, 200)),
        ("grants.criterion", "POST"): ("/staff/wnf/criteria/1", {}, only(STAFF, 422)),
        ("grants.decision", "POST"): (
            f"/wnf/applications/{g['review']}/decision",
            {},
            only(STAFF, 422),
        ),
        ("grants.disburse", "POST"): (
            f"/wnf/applications/{g['approved']}/disburse",
            {},
            only(STAFF, 422),
        ),
        ("grants.report", "GET"): (
            f"/wnf/applications/{g['disbursed']}/report",
            {},
            only(host, 200),
        ),
        ("grants.report", "POST"): (
            f"/wnf/applications/{g['disbursed']}/report",
            {},
            only(host, 422),
        ),
        ("grants.close", "POST"): (
            f"/wnf/applications/{g['disbursed']}/close",
            {},
            only(STAFF, 422),
        ),
        ("fund.ledger", "GET"): ("/staff/fund/", {}, only(STAFF, 200)),
        ("fund.ledger", "POST"): ("/staff/fund/", {}, only(STAFF, 422)),
        ("fund.reverse", "POST"): (f"/staff/fund/{g['entry']}/reverse", {}, only(STAFF, 422)),
        ("fund.years", "GET"): ("/staff/fund/years", {}, only(STAFF, 200)),
        ("fund.years", "POST"): ("/staff/fund/years", {}, only(STAFF, 422)),
        ("fund.publish_year", "POST"): ("/staff/fund/years/publish", {}, only(STAFF, 422)),
    }


def file_routes(people) -> dict:
    """A photo of society A's published event (public), evidence of its disbursed grant."""
    event, photo, evidence = people["_event"], people["_photo"], people["_evidence"]
    attach = f"/files/attach/event_photo/{event}"
    evidence_readers = {"officer_a", "committee", "staff", "admin"}
    return {
        ("files.view", "GET"): (f"/files/{photo}/view", {}, everyone(200)),
        ("files.download", "GET"): (f"/files/{photo}/p.png", {}, everyone(200)),
        ("files.download", "GET", "evidence"): (
            f"/files/{evidence}/e.pdf",
            {},
            only(evidence_readers, 200),
        ),
        # A PDF is never shown inline, even to those who may read it.
        ("files.view", "GET", "pdf"): (
            f"/files/{evidence}/view",
            {},
            only(evidence_readers, 404),
        ),
        ("files.attach", "GET"): (attach, {}, only(EDITORS_OF_A, 200)),
        # Allowed; no file chosen: the form is shown again, marked.
        ("files.attach", "POST"): (attach, {}, only(EDITORS_OF_A, 422)),
        ("files.attach", "GET", "evidence"): (
            f"/files/attach/report_evidence/{people['_grants']['disbursed']}",
            {},
            only({"officer_a"}, 200),
        ),
        ("files.attach", "GET", "unknown kind"): (
            f"/files/attach/nothing/{event}",
            {},
            only(SIGNED_IN, 404),
        ),
        # Officer A removes the photo; after that it is no longer attached: 409.
        ("files.remove", "POST"): (
            f"{attach}/{people['_photo_to_remove']}/remove",
            {},
            only(EDITORS_OF_A, 302) | {"staff": 409, "admin": 409},
        ),
    }


def event_routes(people) -> dict:
    """An edition of society A's contest (published, with a report and an entry)."""
    event, draft, entry = people["_event"], people["_draft"], people["_entry"]
    editors = only(EDITORS_OF_A, 200)
    return {
        ("events.index", "GET"): ("/events/", {}, everyone(200)),
        ("events.event", "GET"): (f"/events/{event}", {}, everyone(200)),
        ("events.series", "GET"): ("/series/PE-5S", {}, everyone(200)),
        ("events.network_ical", "GET"): ("/events/feed.ics", {}, everyone(200)),
        ("events.federation_ical", "GET"): ("/federations/FELAAS/events.ics", {}, everyone(200)),
        ("events.society_ical", "GET"): (f"/societies/{SOCIETY_A}/events.ics", {}, everyone(200)),
        ("events.atom", "GET"): ("/events/feed.atom", {}, everyone(200)),
        ("events.export_csv", "GET"): ("/events/export.csv", {}, everyone(200)),
        ("events.export_xlsx", "GET"): ("/events/export.xlsx", {}, everyone(200)),
        ("events.create", "GET"): (f"/societies/{SOCIETY_A}/events/new", {}, editors),
        ("events.create", "POST"): (
            f"/societies/{SOCIETY_A}/events/new",
            {},
            only(EDITORS_OF_A, 422),
        ),
        ("events.edit", "GET"): (f"/events/{event}/edit", {}, editors),
        ("events.edit", "POST"): (f"/events/{event}/edit", {}, only(EDITORS_OF_A, 422)),
        # Publishing what is already published is refused by the workflow: 409, no change.
        ("events.move", "POST"): (f"/events/{event}/status/publish", {}, only(EDITORS_OF_A, 409)),
        ("events.report", "GET"): (f"/events/{event}/report", {}, editors),
        ("events.report", "POST"): (f"/events/{event}/report", {}, only(EDITORS_OF_A, 422)),
        # An entry without a name is refused: 422 with the event page.
        ("events.add_entry", "POST"): (f"/events/{event}/entries", {}, only(EDITORS_OF_A, 422)),
        # Officer A (asked before staff) removes the entry; after that it is gone: 409.
        ("events.remove_entry", "POST"): (
            f"/events/{event}/entries/{entry}/delete",
            {},
            only(EDITORS_OF_A, 302) | {"staff": 409, "admin": 409},
        ),
        ("events.create_series", "GET"): (f"/societies/{SOCIETY_A}/series/new", {}, editors),
        ("events.create_series", "POST"): (
            f"/societies/{SOCIETY_A}/series/new",
            {},
            only(EDITORS_OF_A, 422),
        ),
        ("events.themes", "GET"): ("/staff/themes", {}, only(STAFF, 200)),
        ("societies.federation", "GET"): ("/federations/FELAAS", {}, everyone(200)),
        ("societies.federation", "GET", "unknown"): ("/federations/NOPE", {}, everyone(404)),
        ("events.activity", "GET"): ("/activity/2021", {}, everyone(200)),
        ("events.latest_activity", "GET"): ("/activity/", {}, everyone(302)),
        ("events.network_completeness", "GET"): ("/staff/completeness", {}, only(STAFF, 200)),
        ("events.network_completeness_export", "GET"): (
            "/staff/completeness.csv",
            {},
            only(STAFF, 200),
        ),
        ("events.network_completeness_export", "GET", "xlsx"): (
            "/staff/completeness.xlsx",
            {},
            only(STAFF, 200),
        ),
        ("events.society_health", "GET"): ("/staff/health", {}, only(STAFF, 200)),
        ("events.themes", "POST"): ("/staff/themes", {}, only(STAFF, 422)),
        # A draft does not exist for those who may not edit it.
        ("events.event", "GET", "draft"): (
            f"/events/{draft}",
            {},
            only(EDITORS_OF_A, 200, refused=404, anonymous=404),
        ),
    }


def routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def failed_mail(app) -> int:
    with app.app_context():
        row = OutgoingMail(
            recipient="bounced@example.org",
            subject="S",
            body="B",
            language="en",
            kind="test",
            status=MailStatus.FAILED,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.fixture
def people_with_membership(app, people):
    """Plus the events, applications and summaries the routes are tried on."""
    make_series(app)
    people["_event"] = make_event(
        app, SOCIETY_A, kind=EventKind.CONTEST_EDITION, series="PE-5S", edition=7, attendance=50
    )
    people["_draft"] = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    people["_entry"] = make_entry(app, people["_event"])
    people["_mail"] = failed_mail(app)
    people["_photo"] = attach_file(app, "event_photo", people["_event"], png(), "p.png")
    people["_photo_to_remove"] = attach_file(app, "event_photo", people["_event"], png(), "r.png")
    donate(app, 1_000_000)
    people["_grants"] = {
        "draft": make_grant(app),
        "moving": make_grant(app),
        "review": make_grant(app, status=GrantStatus.UNDER_REVIEW),
        "approved": make_grant(app, status=GrantStatus.APPROVED),
        "disbursed": make_grant(app, status=GrantStatus.DISBURSED),
        "reported": make_grant(app, status=GrantStatus.REPORTED),
        "accepting": make_grant(app, status=GrantStatus.REPORTED),
        "entry": 1,
    }
    people["_evidence"] = attach_file(
        app, "report_evidence", people["_grants"]["disbursed"], PDF, "e.pdf"
    )
    with app.app_context():
        publish(None, open_summary(None, 2021))
        toggle_year_end_publication(None, 2024)
        draft = open_summary(None, 2022)
        period = Period(PeriodKind.FISCAL_YEAR, 2022, 2022)
        table_file = PROGRAMME_TABLE.replace(b"2021,", b"2022,")
        people["_upload"] = table_services.upload(
            None, draft, period, "t.csv", table_file, False
        ).id
        imported = table_import.read(table_file, period)
        people["_table"] = table_services.write(imported, dash_for_zero=False).id
        db.session.commit()
    return people


def test_every_route_is_in_the_matrix(app, people_with_membership):
    covered = {key[:2] for key in matrix(people_with_membership)} | set(USER_ROUTES)
    missing = routes(app) - covered
    assert missing == set(), "add these routes to the permission matrix"


def outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/login"):
        return L
    return response.status_code


def test_every_role_gets_the_expected_answer(app, people_with_membership):
    people = people_with_membership
    clients = {}
    for role in ROLES:
        clients[role] = app.test_client()
        log_in_as(clients[role], people[role])
    wrong = []
    # Staff and administrators go last: some of their allowed requests change the data.
    for (endpoint, method, *_variant), (url, data, expected) in sorted(matrix(people).items()):
        for role in ROLES:
            client = clients[role]
            # A browser always posts some field; an empty body would mean "no form at all".
            response = (
                client.get(url)
                if method == "GET"
                else client.post(url, data=data or {"posted": "1"})
            )
            response.close()
            if outcome(response) != expected[role]:
                wrong.append(
                    f"{method} {url} as {role}: {outcome(response)} (expected {expected[role]})"
                )
            if endpoint == "auth.logout" and role != "anonymous":
                log_in_as(client, people[role])
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", ["/staff/users/1", "/wnf/applications/1", "/events/1/edit"])
def test_anonymous_visitors_cannot_tell_which_objects_exist(app, people, path):
    """The login page for any id: a 404 for missing ones would let them count users."""
    client = app.test_client()
    missing = path.replace("/1", "/999999")
    assert client.get(path).status_code == client.get(missing).status_code == 302


# Actor role × target role × route, for every route about one user or their memberships:
# nobody manages a user ranked above them, only administrators manage staff and administrators.
TARGETS = ["member", "officer", "committee", "staff", "admin"]
BELOW_STAFF = {"member", "officer", "committee"}

# (endpoint, method) → (path under /staff/users/<id>, what staff may do, what it answers).
# Targets have no password yet (so an invitation may go out again); an empty form is 422.
USER_ROUTES = {
    ("staff_users.edit", "GET"): ("", 200),
    ("staff_users.edit", "POST"): ("", 422),
    ("staff_users.add_membership", "GET"): ("/memberships", 200),
    ("staff_users.add_membership", "POST"): ("/memberships", 422),
    ("staff_users.end_membership", "POST"): ("/memberships/{membership}/end", 302),
    ("staff_users.invite", "POST"): ("/invitation", 302),
    ("staff_users.disable", "POST"): ("/disable", 302),
    ("staff_users.enable", "POST"): ("/enable", 302),
}
# What a route answers an actor allowed to use it once another has (a term ends once).
AGAIN = {
    ("staff_users.end_membership", "POST"): 409,
    ("staff_users.disable", "POST"): 409,
    ("staff_users.enable", "POST"): 409,
}
# The routes about users that concern no one user yet (they are in the matrix above).
UNTARGETED = {
    ("staff_users.index", "GET"),
    ("staff_users.create", "GET"),
    ("staff_users.create", "POST"),
}


def expected_for(actor: str, target: str, ok) -> object:
    if actor == "anonymous":
        return L
    if actor == "admin" or (actor == "staff" and target in BELOW_STAFF):
        return ok
    return 403


@pytest.fixture
def targets(app):
    """A user of each target role, not among the actors, each with a current membership."""
    start = date.today() - timedelta(days=30)
    officer, member = MembershipRole.OFFICER, MembershipRole.MEMBER
    roles = {"committee": {"is_committee": True}, "staff": {"is_staff": True}}
    roles["admin"] = {"is_admin": True}
    found = {}
    for target in TARGETS:
        kind = officer if target == "officer" else member
        user_id = make_user(
            app,
            f"target-{target}@example.org",
            password=None,
            memberships=[(SOCIETY_A, kind, start, None)],
            **roles.get(target, {}),
        )
        with app.app_context():
            found[target] = (user_id, db.session.get(User, user_id).memberships[0].id)
    return found


def test_every_user_management_route_has_the_target_dimension(app):
    about_users = {
        (endpoint, method)
        for endpoint, method in routes(app)
        if endpoint.startswith("staff_users.")
        or any("user_id" in rule.arguments for rule in app.url_map.iter_rules(endpoint))
    }
    missing = about_users - set(USER_ROUTES) - UNTARGETED
    assert missing == set(), "add these routes to USER_ROUTES, with what each target answers"


def test_every_actor_gets_the_expected_answer_for_every_target(app, people, targets):
    clients = {}
    for role in ROLES:
        clients[role] = app.test_client()
        log_in_as(clients[role], people[role])
    wrong = []
    for target, (user_id, membership_id) in targets.items():
        for (endpoint, method), (path, ok) in sorted(USER_ROUTES.items()):
            url = f"/staff/users/{user_id}" + path.format(membership=membership_id)
            done = False
            for role in ROLES:  # staff before the administrator: a refusal changes nothing
                client = clients[role]
                response = (
                    client.get(url) if method == "GET" else client.post(url, data={"posted": "1"})
                )
                response.close()
                now = AGAIN.get((endpoint, method), ok) if done else ok
                expected = expected_for(role, target, now)
                done = done or outcome(response) == ok
                if outcome(response) != expected:
                    wrong.append(
                        f"{method} {url} ({target}) as {role}: {outcome(response)} "
                        f"(expected {expected})"
                    )
    assert not wrong, "\n".join(wrong)
