"""Staff import the society list through the browser: a preview of what the file would change,
then the same file applied. The rules are the command line's (csvio and services.checked_rows,
services.write_rows); only the two steps are this module's.

The preview page carries the file itself (base64) and a signed token of its SHA-256 and of the
changes previewed. Applying checks both: a file other than the one previewed, or a list changed
in between (so the preview no longer says what would happen), is refused with 409 and changes
nothing. Nothing is stored between the two posts, so any worker may answer either.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from alumni.audit.services import record
from alumni.common.exceptions import Conflict, Refused
from alumni.extensions import db
from alumni.societies import csvio, services
from alumni.societies.models import Society

MAX_BYTES = 300 * 1024  # base64 in the preview's form stays under Flask's 500 kB form limit
PREVIEW_SECONDS = 60 * 60
SHOWN_CHARACTERS = 200


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class Preview:
    added: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    changed: list[tuple[str, list[Change]]] = field(default_factory=list)
    unchanged: int = 0
    content: str = ""  # the file, base64
    token: str = ""

    def digest(self) -> str:
        """What the preview says would happen, as one hash."""
        changes = [[code, [[c.column, c.old, c.new] for c in cs]] for code, cs in self.changed]
        plan = {"added": [code for code, _name in self.added], "changed": changes}
        return hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="societies-import")


def _read(data: bytes) -> list[csvio.SocietyRow]:
    if len(data) > MAX_BYTES:
        raise Refused(_("The file is larger than 300 KB: is it the list of societies?"))
    if not data.strip():
        raise Refused(_("The file is empty."))
    return services.checked_rows(csvio.read_upload(data))


def preview_upload(data: bytes) -> Preview:
    """What importing DATA would change; refused (CsvImportError) with every bad line."""
    preview = _plan(_read(data))
    preview.content = base64.b64encode(data).decode("ascii")
    claims = {"sha256": hashlib.sha256(data).hexdigest(), "plan": preview.digest()}
    preview.token = _signer().dumps(claims)
    return preview


def apply_upload(actor, content: str, token: str) -> Preview:
    """Import the previewed file, if it is the one previewed and would still do the same."""
    try:
        data = base64.b64decode(content, validate=True)
        claims = _signer().loads(token, max_age=PREVIEW_SECONDS)
    except (binascii.Error, ValueError, BadData):
        raise Conflict(_("This preview is too old or incomplete. Send the file again.")) from None
    if claims.get("sha256") != hashlib.sha256(data).hexdigest():
        raise Conflict(_("This is not the file that was previewed. Send the file again."))
    rows = _read(data)
    preview = _plan(rows)
    if preview.digest() != claims.get("plan"):
        raise Conflict(_("The list of societies changed since the preview. Check the new preview."))
    if not (preview.added or preview.changed):
        return preview  # the list is as in the file (sent from an old page): nothing to record
    services.write_rows(rows)
    record(
        "societies.imported",
        actor=actor,
        details={
            "added": [code for code, _name in preview.added],
            "changed": [code for code, _changes in preview.changed],
            "unchanged": preview.unchanged,
        },
    )
    return preview


def _plan(rows: list[csvio.SocietyRow]) -> Preview:
    by_code = {s.code: s for s in db.session.scalars(select(Society))}
    preview = Preview()
    for row in rows:
        new = _as_exported(row)
        society = by_code.get(new["code"])
        if society is None:
            preview.added.append((new["code"], _any_name(new)))
            continue
        old = services.export_row(society)
        # A column the file left out changes nothing (csvio.OPTIONAL).
        changes = [
            Change(c, old[c], new[c]) for c in csvio.COLUMNS if c in new and old[c] != new[c]
        ]
        if changes:
            preview.changed.append((society.code, changes))
        else:
            preview.unchanged += 1
    return preview


def _as_exported(row: csvio.SocietyRow) -> dict[str, str]:
    """The row as the export would write it once imported (defaults filled in)."""
    values = dict(row.values)
    for name, parsed in row.parsed.items():
        value = getattr(parsed, "value", parsed)
        values[name] = "" if value is None else str(value)
    return values


def _any_name(values: dict[str, str]) -> str:
    names = [values.get(f"name_{lang}", "") for lang in ("en", "ja", "es")]
    return next((name for name in names if name), "")


def shortened(text: str) -> str:
    """A long value (a description) as the preview shows it."""
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
