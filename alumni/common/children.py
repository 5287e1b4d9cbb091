"""Saving a collection of child rows (report country rows, links, per-language texts, budget
lines, speakers) so that a second save never trips a unique constraint.

Rows are matched to the wanted items by their key: a kept key is updated in place, a row no
longer wanted is deleted, and the deletions reach the database before any new row is
inserted (SQLAlchemy's unit of work would otherwise insert first). Works the same on SQLite
and PostgreSQL because no statement ever holds two rows with one key.
"""

from collections.abc import Callable, Iterable

from flask_babel import gettext as _

from alumni.common.exceptions import Refused
from alumni.extensions import db


def save_children(
    collection: list, wanted: Iterable[dict], key: str | tuple[str, ...], make: Callable
) -> None:
    """Make the relationship COLLECTION hold WANTED (dicts of attributes), matched on KEY.

    MAKE(item) builds a new child from an item. Two items with the same key are refused.
    """
    names = (key,) if isinstance(key, str) else key
    wanted = list(wanted)
    wanted_keys = [tuple(item[n] for n in names) for item in wanted]
    if len(set(wanted_keys)) != len(wanted_keys):
        raise Refused(_("The same line appears twice. Each line must be different."))
    rows = {tuple(getattr(row, n) for n in names): row for row in collection}
    for row_key, row in rows.items():
        if row_key not in wanted_keys:
            collection.remove(row)
            db.session.delete(row)
    db.session.flush()
    for item_key, item in zip(wanted_keys, wanted, strict=True):
        row = rows.get(item_key)
        if row is None:
            collection.append(make(item))
            continue
        for name, value in item.items():
            if getattr(row, name) != value:
                setattr(row, name, value)


def per_language(values: dict, fields: tuple[str, ...], languages) -> list[dict]:
    """Rows of per-language texts from form VALUES ("title_es", "description_es", …): one
    per language that has any of FIELDS filled, as {"language": …, field: …}."""
    rows = [
        {"language": lang, **{name: values.get(f"{name}_{lang}") or "" for name in fields}}
        for lang in languages
    ]
    return [row for row in rows if any(row[name] for name in fields)]
