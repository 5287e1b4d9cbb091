"""The list's federation, region and society filters together (queries._implied, _narrowed,
_hosted_by_ids, _among_partners): a filter another implies is not tested, a region of one
society is that society's host rows, a probe reads an event's host rows by its id alone, and a
society's few events with another filter's societies are read by their ids."""

import re
from datetime import date, timedelta

from alumni.events import filter_choices, queries
from alumni.events.models import EventKind
from alumni.extensions import db
from tests.auth_helpers import log_in
from tests.events_helpers import make_event
from tests.helpers import get_as, page_text
from tests.support.queries import count_queries, plan

NEWEST = date(2023, 4, 20)  # fiscal year 2023 begins on 1 April
# The list's walk of a society's host rows, as the id statement joins them.
JOINED_HOST_ROWS = re.compile(r"SELECT event\.id\s+FROM event JOIN event_host ON")


def listed(client, query: str) -> list[str]:
    """The events a page of the list shows, in its order (duplicates kept)."""
    return re.findall(r"Listed \d\d", page_text(get_as(client, f"/events/?{query}", "en")))


def make_listed(app, hosts: list[tuple[str, tuple[str, ...]]], decoys, count: int = 24):
    """COUNT events "Listed NN", newest first, two days apart, hosted in turn as HOSTS says
    (lead, co-hosts); before each a decoy, hosted as DECOYS says, that no page lists."""
    for number in range(count):
        day = NEWEST - timedelta(days=2 * number)
        lead, co_hosts = hosts[number % len(hosts)]
        make_event(app, lead, co_hosts, titles={"en": f"Listed {number:02d}"}, start=day)
        lead, co_hosts = decoys[number % len(decoys)]
        make_event(app, lead, co_hosts, titles={"en": "Decoy"}, start=day - timedelta(days=1))


def statement(app, asked_before=True, **chosen) -> tuple[str, str, str]:
    """The SQL of the second page's ids for the filters CHOSEN, its plan, the backend; as
    for one who lists a society again and again (an officer: page_ids' AGAIN), and for a
    society listed before in this content version (partners.partners), unless not
    ASKED_BEFORE."""
    with app.test_request_context("/events/"):
        filters = queries.EventFilter(**chosen)
        hosts = filter_choices.hosts()
        if asked_before:
            queries.page_ids(filters, 21, 20, hosts=hosts, again=True)
        query = queries.page_ids(filters, 21, 20, hosts=hosts, again=True)
        compiled = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
        found = plan(query)
        db.session.rollback()
        return compiled, found, db.engine.dialect.name


def pages(client, query: str, count: int = 24) -> None:
    assert listed(client, query) == [f"Listed {n:02d}" for n in range(20)]
    assert listed(client, f"{query}&page=2") == [f"Listed {n:02d}" for n in range(20, count)]
    # Fiscal year 2023 holds the ten newest (20 April back to 2 April).
    assert listed(client, f"{query}&fiscal_year=2023") == [f"Listed {n:02d}" for n in range(10)]
    assert listed(client, f"{query}&fiscal_year=2022") == [
        f"Listed {n:02d}" for n in range(10, count)
    ]


def test_a_region_that_holds_the_federation_lists_the_federations_events_unprobed(app, client):
    # FOSAAS is in Asia: each of its events (hosted, co-hosted, with a society elsewhere) is
    # listed; Asia's other societies' (SAFAAS in India) are not.
    fosaas = [("ID-JAKARTA", ()), ("PE-PERU", ("PH-MANILA",)), ("VN-VIETNAM", ("IN-CHENNAI",))]
    make_listed(app, fosaas, decoys=[("IN-CHENNAI", ()), ("PE-PERU", ("AR-ARGENTINA",))])
    pages(client, "federation=FOSAAS&region=asia")
    pages(client, "region=asia&federation=FOSAAS&kind=seminar")
    compiled, _plan, _backend = statement(app, federation="FOSAAS", region="asia")
    assert compiled.count("FROM event_host") == 1  # the federation's societies alone


def test_a_federation_and_a_region_it_is_not_in_list_the_events_both_host(app, client):
    # Only events co-hosted by a FOSAAS society and a Latin American one are listed.
    across = [("ID-JAKARTA", ("PE-PERU",)), ("AR-ARGENTINA", ("PH-MANILA",))]
    decoys = [("ID-JAKARTA", ()), ("PE-PERU", ("AR-ARGENTINA",)), ("IN-CHENNAI", ("PE-PERU",))]
    make_listed(app, across, decoys)
    pages(client, "federation=FOSAAS&region=latin_america")
    compiled, found, backend = statement(app, federation="FOSAAS", region="latin_america")
    assert compiled.count("FROM event_host") == 2
    if backend == "sqlite":
        # Each event's host rows are read by its id, not sought once per society listed.
        assert "(event_id=?)" in found
        assert "(event_id=? AND society_id=?)" not in found


def test_a_region_of_one_society_lists_that_societys_events_from_its_host_rows(app, client):
    # The Middle East's one society is IR-01 (SAFAAS): its events, led or co-hosted.
    iran = [("IR-01", ()), ("PE-PERU", ("IR-01",))]
    make_listed(app, iran, decoys=[("IN-CHENNAI", ()), ("PE-PERU", ())])
    pages(client, "region=middle_east")
    pages(client, "region=middle_east&federation=SAFAAS")
    assert listed(client, "region=middle_east&federation=FELAAS") == [
        f"Listed {n:02d}"
        for n in range(1, 24, 2)  # co-hosted by a FELAAS society (Peru)
    ]
    assert listed(client, "region=middle_east&society=IN-CHENNAI") == []
    compiled, found, backend = statement(app, region="middle_east", federation="SAFAAS")
    assert "JOIN event_host ON" in compiled  # the society's host rows, each joined to its event
    assert "ix_event_host_society_id_start_date_event_id" in found
    if backend == "sqlite":
        assert "TEMP B-TREE" not in found  # a walk in the list's order: no sort


def test_a_society_and_a_country_it_is_not_in_list_its_events_held_or_co_hosted_there(app, client):
    # Peru's society with Indonesia (three societies): its events held in Indonesia, and
    # those it co-hosts with one of Indonesia's societies; not its own elsewhere, nor theirs.
    with_indonesia = [("PE-PERU", ("ID-JAKARTA",)), ("ID-MEDAN", ("PE-PERU",))]
    for number in range(24):
        day = NEWEST - timedelta(days=2 * number)
        lead, co_hosts = with_indonesia[number % 2]
        held = "ID" if number % 3 == 0 else None
        if number % 4 == 3:
            lead, co_hosts, held = "PE-PERU", (), "ID"  # held there, hosted by Peru alone
        make_event(
            app, lead, co_hosts, titles={"en": f"Listed {number:02d}"}, start=day, country=held
        )
        before = day - timedelta(days=1)
        for lead, co_hosts, held in (("PE-PERU", (), "PE"), ("ID-JAKARTA", (), "ID")):
            make_event(app, lead, co_hosts, titles={"en": "Decoy"}, start=before, country=held)
    pages(client, "society=PE-PERU&country=ID")
    pages(client, "society=PE-PERU&country=ID&kind=seminar")
    assert listed(client, "society=PE-PERU&country=ID&kind=conference") == []
    # Peru's few events with Indonesia are read by their ids (partners.py), no host row.
    compiled, found, backend = statement(app, society="PE-PERU", country="ID", kind="seminar")
    assert "event_host" not in compiled
    if backend == "sqlite":
        assert "SEARCH event USING INTEGER PRIMARY KEY (rowid=?)" in found
        assert "ix_event_kind_start_date_id_status" not in found  # not every seminar


def test_a_society_and_a_federation_many_of_its_events_have_walk_its_host_rows(app, client):
    # Nearly every event of Peru's is co-hosted in FOSAAS: its ids would be more to read than the
    # page's walk of Peru's host rows (the 21 newest for the first page), which lists them.
    fosaas = [("PE-PERU", ("PH-MANILA",)), ("ID-JAKARTA", ("PE-PERU",))]
    make_listed(app, fosaas, decoys=[("ID-JAKARTA", ()), ("IN-CHENNAI", ())], count=30)
    assert listed(client, "society=PE-PERU&federation=FOSAAS") == [
        f"Listed {n:02d}" for n in range(20)
    ]
    with app.test_request_context("/events/"):
        filters = queries.EventFilter(society="PE-PERU", federation="FOSAAS")
        query = queries.page_ids(filters, 21, hosts=filter_choices.hosts())
        assert "JOIN event_host ON" in str(query)
        if db.engine.dialect.name == "sqlite":
            assert "ix_event_host_society_id_start_date_event_id" in plan(query)
        db.session.rollback()
    # Its second page would walk further than the ids: they are read instead.
    compiled, _found, _backend = statement(app, society="PE-PERU", federation="FOSAAS")
    assert "event_host" not in compiled
    # A fiscal year's walk reads its ten host rows alone: fewer than the thirty ids.
    compiled, _found, _backend = statement(
        app, society="PE-PERU", federation="FOSAAS", fiscal_year=2023
    )
    assert "JOIN event_host ON" in compiled
    pages(client, "society=PE-PERU&federation=FOSAAS", count=30)


def test_a_society_and_a_kind_it_has_few_of_read_their_ids(app, client):
    # Two conferences among Peru's thirty seminars: read by their ids, not by a walk of
    # every host row of Peru's; its seminars, a good share, are found by the walk.
    for number in range(32):
        kind = EventKind.CONFERENCE if number in (5, 17) else EventKind.SEMINAR
        day = NEWEST - timedelta(days=2 * number)
        make_event(app, "PE-PERU", titles={"en": f"Listed {number:02d}"}, start=day, kind=kind)
        make_event(app, "AR-ARGENTINA", titles={"en": "Decoy"}, start=day, kind=kind)
    assert listed(client, "society=PE-PERU&kind=conference") == ["Listed 05", "Listed 17"]
    seminars = [f"Listed {n:02d}" for n in range(32) if n not in (5, 17)]
    assert listed(client, "society=PE-PERU&kind=seminar") == seminars[:20]
    assert listed(client, "society=PE-PERU&kind=seminar&page=2") == seminars[20:]
    compiled, found, backend = statement(app, society="PE-PERU", kind="conference")
    assert "event_host" not in compiled
    if backend == "sqlite":
        assert "ix_event_kind_start_date_id_status" not in found
    with app.test_request_context("/events/"):
        filters = queries.EventFilter(society="PE-PERU", kind="seminar")
        assert "JOIN event_host ON" in str(
            queries.page_ids(filters, 21, hosts=filter_choices.hosts())
        )


def test_a_society_listed_once_in_a_version_is_walked_and_read_by_ids_when_asked_again(app, client):
    """Its partners cost about one walk to read and go with any change of content: read the
    second time a society is listed in a content version, not the first."""
    for number in range(12):
        kind = EventKind.CONFERENCE if number == 5 else EventKind.SEMINAR
        day = NEWEST - timedelta(days=2 * number)
        make_event(app, "PE-PERU", titles={"en": f"Listed {number:02d}"}, start=day, kind=kind)
    first, _found, _backend = statement(app, False, society="PE-PERU", kind="conference")
    again, _found, _backend = statement(app, False, society="PE-PERU", kind="conference")
    assert "JOIN event_host ON" in first and "event_host" not in again
    assert listed(client, "society=PE-PERU&kind=conference") == ["Listed 05"]
    make_event(app, "PE-PERU", titles={"en": "Listed 99"}, start=NEWEST, kind=EventKind.CONFERENCE)
    changed, _found, _backend = statement(app, False, society="PE-PERU", kind="conference")
    assert "JOIN event_host ON" in changed  # a new version: asked once again
    assert listed(client, "society=PE-PERU&kind=conference") == ["Listed 99", "Listed 05"]


def test_a_visitors_list_walks_the_society_however_often_it_is_asked(app, client, people):
    """The list view says who asks: a visitor's list walks the society's host rows every
    time, an officer's reads its ids from the second time on (queries._among_partners)."""
    for number in range(12):
        kind = EventKind.CONFERENCE if number == 5 else EventKind.SEMINAR
        day = NEWEST - timedelta(days=2 * number)
        make_event(app, "PE-PERU", titles={"en": f"Listed {number:02d}"}, start=day, kind=kind)
    with app.app_context():
        engine = db.engine
    for language in ("en", "es", "ja"):  # three pages, none from the page cache
        with count_queries(engine) as statements:
            page = get_as(client, "/events/?society=PE-PERU&kind=conference", language)
        assert re.findall(r"Listed \d\d", page_text(page)) == ["Listed 05"]
        assert any(JOINED_HOST_ROWS.search(s) for s in statements)
    log_in(client, people["officer_a"].email)
    for time in range(3):
        with count_queries(engine) as statements:
            assert listed(client, "society=PE-PERU&kind=conference") == ["Listed 05"]
        assert any(JOINED_HOST_ROWS.search(s) for s in statements) == (time == 0)
