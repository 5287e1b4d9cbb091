"""Counting the SQL statements a request runs, and reading a statement's plan."""

from contextlib import contextmanager

from sqlalchemy import event, text

from alumni.extensions import db


@contextmanager
def count_queries(engine):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def plan(statement) -> str:
    """The database's plan for STATEMENT, one line a step (in an app context)."""
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "postgresql":
        # The test data is small enough for a scan to be cheapest: ask whether the index can
        # serve the query at all (a bound status could not, as no generic plan would).
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        rows = db.session.execute(text(f"EXPLAIN {compiled}"))
    else:
        rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
    return "\n".join(str(row[-1]) for row in rows)
