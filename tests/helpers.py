"""Small helpers the tests share: reading pages as a user sees them, making societies."""

import html
import re

from alumni.extensions import db
from alumni.societies.models import Society, SocietyStatus, SocietyText


def page_text(response) -> str:
    """The visible text of an HTML response, whitespace collapsed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def get_as(client, url: str, language: str):
    """GET URL as a visitor whose browser asks for LANGUAGE."""
    return client.get(url, headers={"Accept-Language": language})


def add_society(
    app,
    code="XX-TEST",
    country="PE",
    federation="FELAAS",
    region="latin_america",
    names=None,
    descriptions=None,
    original="en",
    status=SocietyStatus.ACTIVE,
    **fields,
) -> str:
    """Store a society in its own app context (a shared one would leak into requests)."""
    with app.app_context():
        _store_society(
            code, country, federation, region, names, descriptions, original, status, fields
        )
    return code


def _store_society(
    code, country, federation, region, names, descriptions, original, status, fields
) -> None:
    society = Society(
        code=code,
        country_code=country,
        federation_code=federation,
        region_code=region,
        original_language=original,
        status=status,
        **fields,
    )
    for language in sorted(set(names or {}) | set(descriptions or {})):
        society.texts.append(
            SocietyText(
                language=language,
                name=(names or {}).get(language, ""),
                description=(descriptions or {}).get(language, ""),
            )
        )
    db.session.add(society)
    db.session.commit()
