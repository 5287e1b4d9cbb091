"""Small read statements run straight on the driver's connection, their values as Core's.

A public page that reads a few rows by key (an event's page: two statements) spent more on
SQLAlchemy's steps around each statement than on the statement: beginning the session's
transaction and checking out its connection, the statement's cache key (hashed anew on every
execution, and large for a union), the execution context and the result object. Here the
statement is compiled once per dialect, run on a pooled driver connection as
caching._read_version runs its one, and each value converted by the column type's own result
processor, as Core converts it. Only for statements whose parameters need no conversion
(integers, text).

Core runs them instead when someone listens to the engine's statements (the query counter, a
tracer, echo), when the request's session has begun a transaction (what it wrote, or will,
must be seen), and when the driver fails (a dropped connection is thrown away, and Core
connects afresh and raises what the error pages know).
"""

from flask import has_request_context
from sqlalchemy import Engine
from sqlalchemy.sql import Select

from alumni.extensions import db, proven

_PLANS: dict[tuple[int, str], "_Plan"] = {}


class _Plan:
    """A statement compiled for one dialect, with its columns' result processors."""

    def __init__(self, statement, dialect):
        self.statement = statement  # held: the plans are keyed by its id
        self.compiled = statement.compile(dialect=dialect)
        self.dialect = dialect
        self.types = [column.type for column in statement.selected_columns]
        self._processors: dict[tuple, list | None] = {}

    def arguments(self, params: dict):
        values = self.compiled.construct_params(params)
        if self.compiled.positional:
            return [values[name] for name in self.compiled.positiontup]
        return values

    def processors(self, description) -> list | None:
        """The result processors for the cursor's columns (None when no value needs one)."""
        coltypes = tuple(column[1] for column in description)
        found = self._processors.get(coltypes, False)
        if found is False:
            dialect = self.dialect
            found = [
                kind.dialect_impl(dialect).result_processor(dialect, coltype)
                for kind, coltype in zip(self.types, coltypes, strict=True)
            ]
            found = self._processors[coltypes] = found if any(found) else None
        return found


def rows(statement: Select, params: dict) -> list[tuple] | None:
    """STATEMENT's rows with PARAMS as Core would give them, or None: then run it in Core."""
    engine: Engine = db.engine
    if engine.dispatch.before_cursor_execute or engine.echo or _in_transaction():
        return None
    key = (id(statement), engine.dialect.name)
    plan = _PLANS.get(key)
    if plan is None or plan.statement is not statement:
        plan = _PLANS[key] = _Plan(statement, engine.dialect)
    fetched = fetch(engine, plan.compiled.string, plan.arguments(params))
    if fetched is None:
        return None
    description, found = fetched
    processors = plan.processors(description)
    if processors is None:
        return found
    converted = []
    for row in found:
        pairs = zip(processors, row, strict=True)
        converted.append(tuple(value if to is None else to(value) for to, value in pairs))
    return converted


def _in_transaction() -> bool:
    """Whether the request's session has begun a transaction (without making a session when
    the request has none yet: most public pages never need one)."""
    registry = db.session.registry
    return registry.has() and registry().in_transaction()


def fetch(engine: Engine, sql: str, arguments=()) -> tuple[tuple, list] | None:
    """SQL's cursor description and rows on a pooled driver connection, or None when the
    driver failed (caching reads the content version so too)."""
    dialect = engine.dialect
    connection = engine.raw_connection()
    driver = connection.dbapi_connection
    try:
        # In autocommit where the driver has it (psycopg): no BEGIN, no ROLLBACK on return.
        autocommit = getattr(driver, "autocommit", None) is False
        if autocommit:
            driver.autocommit = True
        try:
            cursor = driver.cursor()
            cursor.execute(sql, arguments)
            description, found = cursor.description, cursor.fetchall()
            cursor.close()
        finally:
            if autocommit and not driver.closed:
                driver.autocommit = False
    except dialect.loaded_dbapi.Error as error:
        if dialect.is_disconnect(error, driver, None):
            connection.invalidate(error)
        else:
            connection.close()
        return None
    connection.close()  # back to the pool, with nothing begun to roll back
    if has_request_context():
        proven(driver)  # it answered: the next checkout of it need not ping
    return description, found
