"""Users get user.email_normalized: the address as lookups compare it, under a unique index.

Reviewed by hand. The column holds NFC(address), case-folded, with the domain in its IDNA
ASCII form ("Ana@Bücher.example" -> "ana@xn--bcher-kva.example"); the app fills it on every
assignment of user.email (alumni.common.validators.email_key, copied here so that this
migration keeps meaning what it meant when the app changes). Existing rows are filled in
Python. Two accounts whose addresses compare equal cannot be merged by a migration (each has
its own memberships, sessions and audit trail): the upgrade then stops before changing
anything and names them, so staff can fix or disable one of each pair and run it again.
The downgrade drops the index and the column; user.email was never changed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 10:00:00.000000

"""

import contextlib
import unicodedata
from collections import defaultdict

import idna
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

user = sa.table(
    "user",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("email_normalized", sa.String),
)


def email_key(address: str) -> str:
    address = unicodedata.normalize("NFC", address.strip())
    local, at, domain = address.rpartition("@")
    if not at:
        return address.casefold()
    with contextlib.suppress(idna.IDNAError, UnicodeError):  # kept as stored
        domain = idna.encode(domain, uts46=True).decode("ascii")
    return f"{local}@{domain}".casefold()


def _keys(connection) -> dict[int, str]:
    rows = connection.execute(sa.select(user.c.id, user.c.email).order_by(user.c.id)).all()
    keys = {row.id: email_key(row.email) for row in rows}
    owners = defaultdict(list)
    for row in rows:
        owners[keys[row.id]].append(f"#{row.id} {row.email!r}")
    clashes = [" = ".join(ids) for ids in owners.values() if len(ids) > 1]
    if clashes:
        raise RuntimeError(
            "0009: these users' e-mail addresses differ only in case or Unicode form, so they "
            "would be one account; change or remove one of each group, then upgrade again: "
            + "; ".join(clashes)
        )
    return keys


def upgrade():
    connection = op.get_bind()
    keys = _keys(connection)  # before any change: a refusal leaves the database as it was
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("email_normalized", sa.String(length=254), nullable=True))
    for user_id, key in keys.items():
        connection.execute(user.update().where(user.c.id == user_id).values(email_normalized=key))
    with op.batch_alter_table("user") as batch_op:
        batch_op.alter_column(
            "email_normalized", existing_type=sa.String(length=254), nullable=False
        )
        batch_op.create_index(
            batch_op.f("ix_user_email_normalized"), ["email_normalized"], unique=True
        )


def downgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_email_normalized"))
        batch_op.drop_column("email_normalized")
