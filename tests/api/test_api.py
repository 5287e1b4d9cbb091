"""What a client of /api/v1/ gets: public data only, ETags, paging links, problem details."""

from alumni.events.models import Event, EventStatus
from alumni.extensions import db
from tests.api.conftest import DRAFT_TITLE
from tests.events_helpers import make_event, report_countries, speakers

COLLECTIONS = [
    "/api/v1/societies",
    "/api/v1/federations",
    "/api/v1/regions",
    "/api/v1/events",
    "/api/v1/series",
    "/api/v1/participation",
    "/api/v1/wnf/programmes",
    "/api/v1/summaries",
]


def test_the_document_is_openapi_3_1_and_describes_every_collection(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    assert set(COLLECTIONS) <= set(spec["paths"])
    assert "/api/v1/openapi.json" not in spec["paths"]  # the document is not an operation
    bad = spec["components"]["responses"]["BAD_REQUEST"]
    assert set(bad["content"]) == {"application/problem+json"}


def test_the_reference_page_lists_the_operations_in_the_readers_language(api):
    page = api.get("/api/v1/", headers={"Accept-Language": "ja"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<code>GET /api/v1/events</code>" in text
    assert "per_page" in text and "EventDetail" in text
    assert "パラメーター" in text  # "Parameters", translated
    # The OpenAPI document's own descriptions stay English, and are marked so (WCAG 3.1.2).
    assert "操作と項目の説明は OpenAPI 文書のもので、英語です。" in text
    summary = '<p lang="en">Every society, as the directory lists them (by country, then code).'
    assert summary in text
    assert '<td lang="en">Not modified: the ETag sent in If-None-Match still holds</td>' in text
    assert "https://" not in text.replace('href="https://', "")  # nothing from another host


def test_a_draft_or_discarded_event_never_appears(data_app, api):
    listed = api.get("/api/v1/events?per_page=100").get_json()
    ids = {e["id"] for e in listed["items"]}
    assert ids and not ids & set(data_app.hidden.values())
    assert DRAFT_TITLE not in api.get("/api/v1/events?per_page=100").get_data(as_text=True)
    for hidden in data_app.hidden.values():
        response = api.get(f"/api/v1/events/{hidden}")
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    society_events = api.get("/api/v1/events?society=PE-PERU&per_page=100").get_json()
    assert not {e["id"] for e in society_events["items"]} & set(data_app.hidden.values())


def test_a_draft_edition_is_not_among_the_series_editions(data_app, api):
    draft = make_event(
        data_app, status=EventStatus.DRAFT, series="PE-5S", edition=21, titles={"en": DRAFT_TITLE}
    )
    series = api.get("/api/v1/series/PE-5S").get_json()
    numbers = {e["edition_number"]: e for e in series["editions"]}
    assert 21 not in numbers and draft not in {e["event"] for e in series["editions"]}
    assert numbers[20]["results"] == [{"name": "Company A", "category": "", "award": "Gold"}]


def test_an_event_shows_its_report_and_hosts(data_app, api):
    event = api.get(f"/api/v1/events/{data_app.edition}").get_json()
    assert event["attendance"] == 40 and event["report"]["attendance_total"] == 40
    assert event["hosts"] == [
        {"society": "PE-PERU", "name": event["hosts"][0]["name"], "lead": True}
    ]
    assert event["url"].endswith(f"/events/{data_app.edition}")


def test_an_event_names_its_speakers_societies_and_its_countries_by_code(data_app, api):
    event_id = make_event(data_app, co_hosts=["AR-ARGENTINA"], attendance=30)
    with data_app.app_context():
        event = db.session.get(Event, event_id)
        event.speakers = speakers(("Ana", "PE", "PE-PERU"), ("", "AR", None))
        event.report.countries = report_countries(("PE", 20), ("AR", 5))
        db.session.commit()
    event = api.get(f"/api/v1/events/{event_id}").get_json()
    assert [h["society"] for h in event["hosts"]] == ["PE-PERU", "AR-ARGENTINA"]
    assert [(s["society"], s["country"]) for s in event["speakers"]] == [
        ("PE-PERU", "PE"),
        (None, "AR"),
    ]
    assert event["report"]["by_country"] == [
        {"country": "AR", "attendance": 5},
        {"country": "PE", "attendance": 20},
    ]
    assert event["report"]["country_not_stated"] == 5


def test_an_unchanged_answer_is_304_and_a_change_gives_a_new_etag(data_app, api):
    first = api.get("/api/v1/societies")
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    again = api.get("/api/v1/societies", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    # If-None-Match compares weakly (RFC 9110): a client or proxy that weakened the tag, or
    # sends several, is answered 304 all the same.
    for header in (f"W/{etag}", f'"other", W/{etag}'):
        assert api.get("/api/v1/societies", headers={"If-None-Match": header}).status_code == 304
    assert api.get("/api/v1/societies", headers={"If-None-Match": 'W/"other"'}).status_code == 200
    make_event(data_app)  # any content change bumps the content version
    changed = api.get("/api/v1/societies", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_bad_parameter_is_400_problem_details_in_japanese(api):
    response = api.get("/api/v1/events?fiscal_year=soon&page=0", headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400 and problem["type"] == "about:blank"
    assert {p["name"] for p in problem["invalid_params"]} == {"fiscal_year", "page"}
    assert "fiscal_year" in problem["detail"]
    assert problem["title"] != "Bad request" and not problem["detail"].isascii()  # Japanese


def test_an_unknown_address_under_the_api_is_problem_details(api):
    response = api.get("/api/v1/nothing-here", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.get_json()["title"] == "Página no encontrada"


def test_any_origin_may_read_and_no_cookie_is_set(api):
    for path in [*COLLECTIONS, "/api/v1/", "/api/v1/openapi.json", "/api/v1/events/999999"]:
        response = api.get(path, headers={"Origin": "https://federation.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
        assert "Set-Cookie" not in response.headers, path


def test_events_come_in_pages_with_link_headers(api):
    first = api.get("/api/v1/events?per_page=2&when=past")
    body = first.get_json()
    assert body["page"] == 1 and body["has_next"] is True and len(body["items"]) == 2
    links = first.headers["Link"]
    assert 'page=2>; rel="next"' in links and 'rel="prev"' not in links
    assert "when=past" in links and "per_page=2" in links
    second = api.get("/api/v1/events?per_page=2&when=past&page=2").get_json()
    assert not {e["id"] for e in body["items"]} & {e["id"] for e in second["items"]}
    assert all(e["end_date"] < "9999" for e in body["items"] + second["items"])


def test_only_published_summaries_with_every_version_and_its_changes(api):
    listed = api.get("/api/v1/summaries").get_json()
    assert [s["fiscal_year"] for s in listed] == [2021]  # FY2022 is being prepared
    assert api.get("/api/v1/summaries/2022").status_code == 404
    summary = api.get("/api/v1/summaries/2021").get_json()
    first, second = summary["versions"]
    assert (first["number"], second["number"]) == (1, 2)
    assert first["changes"] == [] and second["figures"]["fiscal_year"] == 2021
    # The added contest edition is not in FY2021 (it is dated a month ago): nothing changed
    # in FY2021's figures unless today is in it; the list is a list of what/before/after.
    assert all(set(c) == {"what", "before", "after"} for c in second["changes"])


def test_wnf_programmes_and_participation_totals(api):
    years = api.get("/api/v1/wnf/programmes?fiscal_year=2021").get_json()
    assert [y["fiscal_year"] for y in years] == [2021]
    assert years[0]["published_by_aots"]["participants"] == 1161  # AOTS's FY2021 figure
    totals = api.get("/api/v1/participation?fiscal_year=2021").get_json()
    assert totals[0]["fiscal_year"] == 2021 and totals[0]["attendance"] > 0


def test_a_summarys_programme_tables_are_open_data_every_period_of_them(data_app, api):
    """The year's table under the key version 1 first gave it, and every table (a range's
    too) in programme_tables, as the summary's page shows them."""
    from alumni.reports import table_import, table_services
    from alumni.reports.models import PeriodKind
    from alumni.reports.periods import Period
    from alumni.reports.services import get_summary, publish
    from tests.reports.test_programme_table import SHIPPED

    summary = api.get("/api/v1/summaries/2021").get_json()
    year = summary["versions"][-1]
    assert year["programme_table"]["period"] == {"kind": "fiscal_year", "first": 2021, "last": 2021}
    assert [t["period"]["kind"] for t in year["programme_tables"]] == ["fiscal_year"]
    with data_app.app_context():
        # The shipped year's figures as a range's (the file then names no period of its own).
        lines = SHIPPED.read_text(encoding="utf-8").splitlines()
        ranged = "\n".join(line.split(",", 1)[1] for line in lines).encode()
        period = Period(PeriodKind.RANGE, 2019, 2021)
        table_services.write(table_import.read(ranged, period), dash_for_zero=False)
        publish(None, get_summary(2021))
        db.session.commit()
    latest = api.get("/api/v1/summaries/2021").get_json()["versions"][-1]
    periods = [(t["period"]["kind"], t["period"]["first"]) for t in latest["programme_tables"]]
    assert sorted(periods) == [("fiscal_year", 2021), ("range", 2019)]
    assert latest["programme_table"]["period"]["kind"] == "fiscal_year"
    assert latest["programme_table"]["rows"][0]["counts"]
