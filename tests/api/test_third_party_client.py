"""A third-party client over real HTTP: requests reads every collection and one of each
item, and jsonschema checks each answer against the schema the OpenAPI document gives."""

import jsonschema
import pytest
import requests
from sqlalchemy import func

from alumni.events.models import Event
from alumni.events.queries import EventFilter, visible_events
from alumni.extensions import db
from tests.support.live_server import LiveServer


@pytest.fixture
def site(data_app):
    with LiveServer(data_app) as server:
        yield server.url


def _validator(spec: dict, path: str) -> jsonschema.Draft202012Validator:
    """The 200 answer's schema of PATH, its references resolved inside the document."""
    answer = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    schema = answer["schema"] | {"components": spec["components"]}
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _read(session, site: str, spec: dict, template: str, path: str):
    response = session.get(site + path, timeout=10)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    errors = list(_validator(spec, template).iter_errors(body))
    assert not errors, (path, [e.message for e in errors[:3]])
    return body


def test_a_client_reads_every_collection_as_the_document_describes_it(site):
    session = requests.Session()
    spec = session.get(f"{site}/api/v1/openapi.json", timeout=10).json()
    collections = [p for p in spec["paths"] if "{" not in p]
    bodies = {p: _read(session, site, spec, p, p) for p in collections}
    assert all(bodies[p] for p in collections), "every collection holds something"
    society = bodies["/api/v1/societies"][0]["code"]
    event = bodies["/api/v1/events"]["items"][0]["id"]
    series = bodies["/api/v1/series"][0]["code"]
    year = bodies["/api/v1/summaries"][0]["fiscal_year"]
    items = {
        "/api/v1/societies/{code}": f"/api/v1/societies/{society}",
        "/api/v1/events/{event_id}": f"/api/v1/events/{event}",
        "/api/v1/series/{code}": f"/api/v1/series/{series}",
        "/api/v1/summaries/{fiscal_year}": f"/api/v1/summaries/{year}",
    }
    assert set(items) == {p for p in spec["paths"] if "{" in p}
    for template, path in items.items():
        _read(session, site, spec, template, path)
    assert not session.cookies, "the API sets no cookie"


def test_a_client_follows_the_link_headers_to_the_end(site, data_app):
    address, seen = f"{site}/api/v1/events?per_page=3", []
    while address:
        response = requests.get(address, timeout=10)
        seen.extend(e["id"] for e in response.json()["items"])
        address = response.links.get("next", {}).get("url")
    assert response.json()["has_next"] is False
    with data_app.app_context():
        public = visible_events(EventFilter()).with_only_columns(func.count(Event.id))
        assert len(seen) == len(set(seen)) == db.session.scalar(public.order_by(None))


def test_a_client_revalidates_with_the_etag(site):
    first = requests.get(f"{site}/api/v1/federations", timeout=10)
    again = requests.get(
        f"{site}/api/v1/federations", headers={"If-None-Match": first.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 304
