"""A society's profile saved a second time: links and texts are updated, never duplicated.

Item 3 of issue 11: once a society had a link, saving its profile again was a 500 (the new
links were inserted before the old ones were deleted, on a unique position).
"""

from sqlalchemy import select

from alumni.extensions import db
from alumni.societies.models import Society, SocietyLink, SocietyText
from tests.auth_helpers import SOCIETY_A, log_in
from tests.helpers import get_as, page_text
from tests.societies.test_editing import profile_form

EDIT = f"/societies/{SOCIETY_A}/edit"


def stored(app) -> dict:
    with app.app_context():
        found = db.session.scalars(select(Society).where(Society.code == SOCIETY_A)).one()
        return {
            "version": found.version,
            "links": [(link.position, link.label, link.url) for link in found.links],
            "texts": {t.language: (t.name, t.description) for t in found.texts},
            "link_rows": len(db.session.scalars(select(SocietyLink)).all()),
        }


def with_links(data: dict, *links) -> dict:
    for i in range(3):
        label, url = links[i] if i < len(links) else ("", "")
        data[f"links-{i}-label"], data[f"links-{i}-url"] = label, url
    return data


FB = ("Facebook", "https://example.org/fb")
YT = ("YouTube", "https://example.org/yt")
IG = ("Instagram", "https://example.org/ig")


def save(client, *links, **fields):
    """Open the form as a browser does (a fresh key and version), change it and send it."""
    data = with_links(profile_form(client, SOCIETY_A), *links)
    data.update(fields)
    return client.post(EDIT, data=data)


def test_a_profile_with_links_saves_again_reordered_shortened_and_longer(app, client, people):
    log_in(client, people["officer_a"].email)
    assert save(client, FB, YT).status_code == 302
    assert stored(app)["links"] == [(1, *FB), (2, *YT)]
    response = save(client, FB, YT)  # the same again: was a 500
    assert response.status_code == 302, page_text(response)
    assert stored(app)["links"] == [(1, *FB), (2, *YT)]
    assert save(client, YT, FB).status_code == 302  # reordered
    assert stored(app)["links"] == [(1, *YT), (2, *FB)]
    assert save(client, FB).status_code == 302  # one removed
    assert stored(app)["links"] == [(1, *FB)]
    assert save(client, IG, FB, YT).status_code == 302  # two added, in front and behind
    after = stored(app)
    assert after["links"] == [(1, *IG), (2, *FB), (3, *YT)] and after["link_rows"] == 3
    assert save(client, ("", ""), YT).status_code == 302  # an empty line is dropped
    assert stored(app)["links"] == [(1, *YT)]
    text = page_text(get_as(app.test_client(), f"/societies/{SOCIETY_A}", "en"))
    assert "YouTube" in text and "Facebook" not in text


def test_names_per_language_are_updated_added_and_removed(app, client, people):
    log_in(client, people["officer_a"].email)
    before = stored(app)["texts"]
    names = {"name_ja": "ペルーAOTS同窓会", "description_ja": "説明", "name_es": "AOTS Perú"}
    assert save(client, FB, **names).status_code == 302
    assert stored(app)["texts"]["ja"] == ("ペルーAOTS同窓会", "説明")
    assert save(client, FB, **names).status_code == 302  # saved again, unchanged
    assert save(client, FB, name_ja="", description_ja="").status_code == 302  # removed
    texts = stored(app)["texts"]
    assert "ja" not in texts and texts["es"][0] == "AOTS Perú"
    assert set(texts) == (set(before) | {"es"}) - {"ja"}


def test_the_name_in_the_language_it_is_known_by_cannot_be_emptied(app, client, people):
    """PE-PERU is known by its English name: emptied, the English pages would name it in
    Japanese. Refused at that field, the other names typed kept, nothing saved."""
    log_in(client, people["officer_a"].email)
    before = stored(app)
    response = save(client, FB, name_en="", name_es="AOTS Perú")
    assert response.status_code == 422
    shown = page_text(response)
    assert shown.count("Give the society's name in English, the language it is known by.") == 1
    assert 'value="AOTS Perú"' in response.get_data(as_text=True)
    assert stored(app) == before
    assert save(client, FB, name_en="  ").status_code == 422  # blanks are no name either
    assert save(client, FB, name_es="AOTS Perú").status_code == 302


def test_a_refused_save_keeps_the_typed_links_and_changes_nothing(app, client, people):
    log_in(client, people["officer_a"].email)
    assert save(client, FB, YT).status_code == 302
    before = stored(app)
    response = save(client, IG, ("Bad", "javascript:alert(1)"), description_en="Typed text")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="https://example.org/ig"' in body and 'value="javascript:alert(1)"' in body
    assert "Typed text" in body
    assert stored(app) == before


def test_the_same_form_sent_twice_saves_once_and_lands_on_the_society(app, client, people):
    log_in(client, people["officer_a"].email)
    data = with_links(profile_form(client, SOCIETY_A), FB)
    data["description_en"] = "Sent twice"
    first = client.post(EDIT, data=data)
    second = client.post(EDIT, data=data)  # its version is stale now: was a 409
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == f"/societies/{SOCIETY_A}"
    after = stored(app)
    assert after["texts"]["en"][1] == "Sent twice" and after["links"] == [(1, *FB)]
    with app.app_context():
        rows = db.session.scalars(select(SocietyText).where(SocietyText.language == "en"))
        assert sum(1 for t in rows if t.description == "Sent twice") == 1
