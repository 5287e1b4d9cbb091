"""The request owns one unit of work: it commits once when the view succeeded, mail included.

Services change objects and flush, never commit or roll back the caller's work. Every view is
wrapped by `unit_of_work` when the app is created: a response below 400 commits, anything else
(a refusal shown with its 4xx status, an exception) rolls back, so nothing is ever half-saved.
What must outlive a rolled-back request (a counted login attempt, the audit entry of a
refusal) is written by `own_transaction`, a short transaction on its own connection. This is
the only module that commits; the CLI's commands use `commit()` too.

A GET that wrote nothing (no flush, no write statement through the session, no mail, nothing
waiting for a commit) is not committed: its read transaction ends when Flask-SQLAlchemy
removes the session at the end of the request, as a commit's would have (a commit of nothing
was a good part of a public page's fixed cost). Writes go through the session, never around
it on its connection, so that they are seen here.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import current_app, g, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from alumni import tasks
from alumni.common import mail, outbox
from alumni.extensions import db


def commit() -> None:
    """Commit the unit of work with the mail it queued, then have that mail delivered and
    run what waited for the commit (`after_commit`)."""
    try:
        if _session_started():
            db.session.commit()
    except Exception:
        rollback()
        raise
    g.pop("after_rollback", None)
    waiting = g.pop("after_commit", [])
    if mail.take_added():
        _deliver_after_commit()
    for callback in waiting:
        callback()


def _session_started() -> bool:
    # A request that never touched the database (a health check) has no session to end.
    return db.session.registry.has()


def after_commit(callback: Callable[[], object]) -> None:
    """Call CALLBACK once the unit of work has committed; a rollback forgets it."""
    g.setdefault("after_commit", []).append(callback)


def after_rollback(callback: Callable[[], object]) -> None:
    """Call CALLBACK if the unit of work is rolled back instead of committed (a stored file
    whose row was never saved is removed again); a commit forgets it."""
    g.setdefault("after_rollback", []).append(callback)


def defer(job: str, *args) -> None:
    """Run the task queue's JOB with ARGS once the unit of work has committed, off the
    request: by a worker, or (MAIL_DELIVERY="after_commit") right after the commit."""
    app = current_app._get_current_object()
    after_commit(lambda: tasks.run_job(app, job, *args))


def _deliver_after_commit() -> None:
    """Hand the committed mail to the worker, or (MAIL_DELIVERY="after_commit") send it now."""
    if current_app.config["MAIL_DELIVERY"] == "after_commit":
        outbox.deliver_pending()
    else:
        tasks.enqueue_delivery(current_app._get_current_object())


def rollback() -> None:
    """Drop the unit of work, and with it the mail it queued."""
    if _session_started():
        db.session.rollback()
    mail.take_added()
    g.pop("after_commit", None)
    for callback in g.pop("after_rollback", []):
        callback()


def unit_of_work(view):
    """Commit after VIEW when its response is a success or a redirect, else roll back."""

    @wraps(view)
    def run(*args, **kwargs):
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            rollback()
            raise
        if response.status_code >= 400:
            rollback()
        elif not _only_read():
            commit()
        return response

    return run


_READING = frozenset({"GET", "HEAD", "OPTIONS"})


def _only_read() -> bool:
    """Whether this request only read: nothing for a commit to save or to run after."""
    if request.method not in _READING or "after_commit" in g or "after_rollback" in g:
        return False
    if g.get("mail_added"):
        return False
    if not _session_started():
        return True
    session = db.session()
    return not (session.info.get("wrote") or session.new or session.dirty or session.deleted)


# Once a session wrote it stays marked for its life (a request's): a savepoint rolled back
# does not undo what was flushed before it, and a needless commit is only what it was before.
@event.listens_for(Session, "after_flush")
def _note_flush(session, flush_context):
    session.info["wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_write_statement(orm_execute_state):
    if not orm_execute_state.is_select:  # an insert, update, delete or text statement
        orm_execute_state.session.info["wrote"] = True


@contextmanager
def own_transaction() -> Iterator[Session]:
    """A separate session committed at once, whatever becomes of the request's own."""
    with Session(db.engine) as session, session.begin():
        yield session


def wrap_every_view(app) -> None:
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = unit_of_work(view)
