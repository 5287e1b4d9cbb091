"""Database base class, naming convention and engine set-up."""

from flask import g, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

# A stable naming convention makes Alembic migrations reviewable and lets a downgrade drop
# constraints by name on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on SQLite's integrity features; other backends are left alone."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=FULL")
    # WAL lets readers work while one writer commits; an in-memory database cannot use it.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Session, "after_begin")
def _sqlite_write_lock_first(session, transaction, connection):
    """A request that may write takes SQLite's write lock when its transaction begins.

    SQLAlchemy's documented pysqlite recipe: a deferred transaction that read first fails at
    its first write ("database is locked") when another writer committed meanwhile, and two
    posts of one form would not queue behind each other. Reads (GET) and work outside
    requests keep pysqlite's own deferred begin (threads that read, then wait for each other,
    must not hold the lock); Alembic's connection is not a Session and is left alone.
    """
    if connection.dialect.name != "sqlite" or transaction.nested or transaction.parent:
        return
    if not has_request_context() or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not g.get("only_reads"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def enum_column(enum_class, name: str) -> Enum:
    """Store an enum as its value in a VARCHAR, with a CHECK listing the allowed values."""
    return Enum(
        enum_class,
        native_enum=False,
        length=max(20, *(len(member.value) for member in enum_class)),
        values_callable=lambda members: [m.value for m in members],
        create_constraint=True,
        name=name,
    )
