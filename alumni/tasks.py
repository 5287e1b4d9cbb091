"""The task queue: Huey, on SQLite in the instance folder by default, on Redis with REDIS_URL.

The web process only enqueues; a worker (`huey_consumer alumni.worker.huey`, started by
`make run`) runs the tasks. Every task is also safe to run twice or in several workers at
once: delivering mail claims each row first (alumni/common/outbox.py).

Huey is imported when the queue is first used (a job enqueued, the worker built), not with
the site: importing it imports every storage it offers whose library is installed (redis,
psycopg: 14 MB a web worker would hold on SQLite, or on PostgreSQL without Redis), and most
requests never enqueue.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from flask import Flask

from alumni.common import outbox

if TYPE_CHECKING:
    from huey import Huey

logger = logging.getLogger("alumni.tasks")

# Scheduled jobs, registered by the packages that own them (this module sits below them all):
# name -> (crontab, function run in an app context, returning what it did).
SCHEDULE: dict[str, tuple] = {}


class crontab:  # noqa: N801 (huey's name, which it stands for)
    """huey.crontab(**FIELDS), made when first asked whether a moment is due (huey's worker
    asks every minute), so that registering a schedule does not import huey."""

    def __init__(self, **fields: str):
        self.fields = fields
        self._due: Callable | None = None

    def __call__(self, moment: datetime) -> bool:
        if self._due is None:
            from huey import crontab

            self._due = crontab(**self.fields)
        return self._due(moment)


def scheduled(name: str, schedule: crontab) -> Callable:
    """Run the decorated function on SCHEDULE (a crontab) in every worker's app."""

    def register(function: Callable) -> Callable:
        SCHEDULE[name] = (schedule, function)
        return function

    return register


# Jobs run once, after the commit of the request that asked for them (common.transaction
# .defer), registered by the packages that own them: name -> function run in an app context.
JOBS: dict[str, Callable] = {}


def job(name: str) -> Callable:
    """Make the decorated function the task queue's job NAME (its arguments are pickled)."""

    def register(function: Callable) -> Callable:
        JOBS[name] = function
        return function

    return register


def _storage(app: Flask) -> "Huey":
    from huey import RedisHuey, SqliteHuey

    if app.config.get("REDIS_URL"):
        return RedisHuey("alumni", url=app.config["REDIS_URL"])
    path = app.config.get("HUEY_SQLITE_PATH") or str(Path(app.instance_path) / "huey.sqlite3")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("alumni", filename=path)


def tasks_for(app: Flask) -> SimpleNamespace:
    """APP's Huey and its tasks, built once per application."""
    if "alumni_tasks" not in app.extensions:
        app.extensions["alumni_tasks"] = _build(app)
    return app.extensions["alumni_tasks"]


def _build(app: Flask) -> SimpleNamespace:
    huey = _storage(app)

    def deliver_mail() -> int:
        with app.app_context():
            return outbox.deliver_pending()

    def in_app(function: Callable) -> Callable:
        def run():
            with app.app_context():
                return function()

        return run

    def in_app_with(function: Callable) -> Callable:
        def run(*args):
            with app.app_context():
                return function(*args)

        return run

    jobs = {
        name: huey.periodic_task(schedule, name=name)(in_app(function))
        for name, (schedule, function) in SCHEDULE.items()
    }
    return SimpleNamespace(
        huey=huey,
        **jobs,
        # A job fails before its commit or not at all, so running it again is safe.
        jobs={
            name: huey.task(name=name, retries=2, retry_delay=10)(in_app_with(function))
            for name, function in JOBS.items()
        },
        deliver_mail=huey.task(name="deliver_mail")(deliver_mail),
        # Catches what an enqueue missed (queue down) and the retries that came due.
        deliver_mail_every_minute=huey.periodic_task(crontab(), name="deliver_mail_every_minute")(
            deliver_mail
        ),
    )


def enqueue_delivery(app: Flask) -> None:
    """Ask a worker to deliver the mail just committed; the periodic run covers a failure."""
    try:
        tasks_for(app).deliver_mail()
    except Exception:  # the mail is safe in the outbox; never fail the committed request
        logger.exception("could not enqueue mail delivery; the periodic task will send it")


def run_job(app: Flask, name: str, *args) -> None:
    """Job NAME with ARGS: run here and now (MAIL_DELIVERY="after_commit", the tests, in APP's
    context) or handed to a worker, so the request that asked does the same work whatever
    the job then finds."""
    if app.config["MAIL_DELIVERY"] == "after_commit":
        JOBS[name](*args)
        return
    try:
        tasks_for(app).jobs[name](*args)
    except Exception:  # the request has committed: it must still answer
        logger.exception("could not enqueue the job %s", name)
