"""The managed list of event themes shipped with the site; staff extend it under Themes."""

import csv
from importlib import resources

from sqlalchemy import select

from alumni.config import LANGUAGES
from alumni.events.models import Theme
from alumni.extensions import db


def load_themes() -> int:
    """Add the shipped themes that are missing; a re-run keeps what staff changed."""
    existing = set(db.session.scalars(select(Theme.code)))
    source = resources.files("alumni.events").joinpath("data", "themes.csv")
    with source.open(encoding="utf-8") as stream:
        new = [
            Theme(
                code=row["code"],
                position=int(row["position"]),
                names={lang: row[f"name_{lang}"] for lang in LANGUAGES if row.get(f"name_{lang}")},
            )
            for row in csv.DictReader(stream)
            if row["code"] not in existing
        ]
    db.session.add_all(new)
    db.session.flush()
    return len(new)
