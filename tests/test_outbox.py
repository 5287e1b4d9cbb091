"""Mail goes through the outbox: saved with the change, delivered after it, once, by a worker.

These tests run the production path (MAIL_DELIVERY="worker"): the request only stores the
message and enqueues a Huey task; delivery is `deliver_pending`, called here directly or by a
real `huey_consumer` process. The rest of the suite delivers right after the commit instead.
"""

import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

import pytest
from flask import make_response
from flask_mail import Message
from sqlalchemy import func, select, update

from alumni import create_app
from alumni.audit.models import AuditEntry
from alumni.common import mail, outbox, transaction
from alumni.common.models import MailStatus, OutgoingMail
from alumni.common.time import utcnow
from alumni.extensions import db
from alumni.tasks import tasks_for
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.conftest import base_config
from tests.events_helpers import make_event
from tests.grants_helpers import grant_state, make_grant
from tests.helpers import page_text
from tests.support.smtp import SmtpServer
from tests.support.templates import share_compiled_templates

COMMITTEE = "yuki@example.org"


@pytest.fixture
def mail_server():
    """An SMTP server of this test's own, not started: mail to it is refused until it is."""
    server = SmtpServer()
    yield server
    if server._controller.loop.is_running():
        server.stop()
    server._controller.loop.close()


@pytest.fixture
def worker_app(database_url, mail_server, tmp_path):
    config = base_config(database_url, mail_server.port) | {
        "MAIL_DELIVERY": "worker",
        "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite3"),
    }
    app = create_app(config)
    app.instance_path = str(tmp_path / "instance")
    share_compiled_templates(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def rows(app) -> list[tuple]:
    with app.app_context():
        query = select(OutgoingMail.recipient, OutgoingMail.status, OutgoingMail.attempts)
        return [tuple(row) for row in db.session.execute(query.order_by(OutgoingMail.id))]


def submit_application(app, people) -> int:
    """An officer submits a draft: the committee member is to be mailed."""
    make_user(app, COMMITTEE, language="ja", is_committee=True)
    grant_id = make_grant(app)
    client = app.test_client()
    log_in(client, people["officer_a"].email)
    response = client.post(f"/wnf/applications/{grant_id}/move/submit")
    assert response.status_code == 302
    assert grant_state(app, grant_id)["status"] == "submitted"
    return grant_id


def deliver(app) -> int:
    with app.app_context():
        return outbox.deliver_pending()


def test_a_submission_with_the_smtp_server_down_is_saved_and_delivered_once_later(
    worker_app, mail_server, people
):
    submit_application(worker_app, people)
    # The page answered without waiting for the (stopped) SMTP server: the request made no
    # delivery attempt at all. That, not a clock, shows "at once": a timed assertion fails on a
    # busy machine, not on a bug.
    assert (COMMITTEE, MailStatus.PENDING, 0) in rows(worker_app)
    assert tasks_for(worker_app).huey.pending_count() == 1  # a worker was asked to deliver
    staff = worker_app.test_client()
    log_in(staff, people["staff"].email)
    logged = page_text(staff.get("/staff/mail/?status=pending"))
    assert COMMITTEE in logged and "New WNF application to review" in logged
    mail_server.start()
    assert deliver(worker_app) >= 1
    assert deliver(worker_app) == 0
    [message] = mail_server.to(COMMITTEE)
    assert message["Content-Language"] == "ja"
    assert (COMMITTEE, MailStatus.SENT, 1) in rows(worker_app)


def test_two_workers_delivering_at_once_send_each_message_once(worker_app, mail_server, people):
    submit_application(worker_app, people)
    mail_server.start()
    counts = []
    workers = [threading.Thread(target=lambda: counts.append(deliver(worker_app))) for _ in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(mail_server.to(COMMITTEE)) == 1
    assert sum(counts) == len(rows(worker_app)) == len(mail_server.messages)


def test_a_failed_attempt_is_retried_later_then_marked_failed_with_the_reason(
    worker_app, mail_server, people
):
    submit_application(worker_app, people)
    assert deliver(worker_app) == 0
    with worker_app.app_context():
        row = db.session.scalars(select(OutgoingMail).filter_by(recipient=COMMITTEE)).one()
        assert row.status == MailStatus.PENDING and row.attempts == 1
        assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
        assert row.next_attempt_at > utcnow() + timedelta(seconds=50)
    assert deliver(worker_app) == 0  # not due yet: no second attempt at once
    with worker_app.app_context():
        db.session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.recipient == COMMITTEE)
            .values(attempts=outbox.MAX_ATTEMPTS - 1, next_attempt_at=utcnow())
        )
        db.session.commit()
    deliver(worker_app)
    assert (COMMITTEE, MailStatus.FAILED, outbox.MAX_ATTEMPTS) in rows(worker_app)
    mail_server.start()
    assert deliver(worker_app) == 0 and not mail_server.messages  # failed stays failed
    with worker_app.app_context():
        failed = db.session.scalars(select(OutgoingMail.id).filter_by(recipient=COMMITTEE)).one()
        outbox.retry(failed)
        db.session.commit()
    assert deliver(worker_app) == 1 and len(mail_server.to(COMMITTEE)) == 1


def queue_then(outcome: str):
    mail.queue(Message("Hello", recipients=["nobody@example.org"], body="Hi"), "test")
    if outcome == "crash":
        raise RuntimeError("the view failed after queueing mail")
    return make_response("refused", 409)


@pytest.mark.parametrize("outcome", ["refused", "crash"])
def test_a_refused_or_failed_request_leaves_no_mail_behind(worker_app, outcome):
    view = transaction.unit_of_work(lambda: queue_then(outcome))
    with worker_app.test_request_context("/", method="POST"):
        if outcome == "crash":
            with pytest.raises(RuntimeError):
                view()
        else:
            assert view().status_code == 409
    with worker_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0
    assert tasks_for(worker_app).huey.pending_count() == 0


def test_a_dedupe_key_queues_a_message_once(worker_app):
    with worker_app.test_request_context("/", method="POST"):
        message = Message("Reminder", recipients=["rosa@example.org"], body="Due")
        assert mail.queue(message, "reminder", dedupe_key="grant:1:due-1")
        assert not mail.queue(message, "reminder", dedupe_key="grant:1:due-1")
        transaction.commit()
    assert rows(worker_app) == [("rosa@example.org", MailStatus.PENDING, 0)]


def wait_for_delivery(server, address: str, more=lambda: False) -> None:
    """Until ADDRESS has mail (and MORE() is false), then a moment for a wrong second copy."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and (more() or not server.to(address)):
        time.sleep(0.2)
    time.sleep(1.5)


def start_consumer(app, database_url: str, redis_url: str = "") -> subprocess.Popen:
    env = os.environ | {
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
        "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
        "PYTHONWARNINGS": "ignore",
    }
    command = [sys.executable, "-m", "huey.bin.huey_consumer", "alumni.worker.huey"]
    return subprocess.Popen(
        [*command, "--workers", "2", "--delay", "0.1", "--max-delay", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_real_huey_consumer_delivers_the_committed_mail_once(
    worker_app, mail_server, people, database_url
):
    mail_server.start()
    consumer = start_consumer(worker_app, database_url)
    try:
        submit_application(worker_app, people)
        wait_for_delivery(mail_server, COMMITTEE)
    finally:
        consumer.terminate()
        consumer.wait(timeout=20)
    assert len(mail_server.to(COMMITTEE)) == 1
    assert (COMMITTEE, MailStatus.SENT, 1) in rows(worker_app)


def test_workers_on_redis_deliver_the_committed_mail_once(
    worker_app, mail_server, people, database_url, redis_url
):
    """The scaled set-up: the queue on Redis (REDIS_URL), a worker process reading it."""
    worker_app.config["REDIS_URL"] = redis_url
    mail_server.start()
    submit_application(worker_app, people)
    tasks = tasks_for(worker_app)
    assert type(tasks.huey).__name__ == "RedisHuey" and tasks.huey.pending_count() == 1
    assert not os.path.exists(worker_app.config["HUEY_SQLITE_PATH"])  # not the embedded queue
    assert (COMMITTEE, MailStatus.PENDING, 0) in rows(worker_app)
    consumer = start_consumer(worker_app, database_url, redis_url)
    try:
        wait_for_delivery(mail_server, COMMITTEE)
    finally:
        consumer.terminate()
        consumer.wait(timeout=20)
    assert len(mail_server.to(COMMITTEE)) == 1
    assert (COMMITTEE, MailStatus.SENT, 1) in rows(worker_app)
    assert tasks.huey.pending_count() == 0  # the worker took the task from Redis


def test_two_worker_processes_running_the_daily_schedule_send_one_reminder(
    worker_app, mail_server, people, database_url, redis_url
):
    """The reminder schedule's tick, run by two consumer processes on Redis at once."""
    worker_app.config["REDIS_URL"] = redis_url
    make_event(worker_app, SOCIETY_A, start=date.today() - timedelta(days=30))  # due today
    mail_server.start()
    tasks = tasks_for(worker_app)
    for _ in range(4):  # as if the tick fired in each worker, twice
        tasks.send_reminders()
    consumers = [start_consumer(worker_app, database_url, redis_url) for _ in range(2)]
    officer = people["officer_a"].email
    try:
        wait_for_delivery(mail_server, officer, more=tasks.huey.pending_count)
    finally:
        for consumer in consumers:
            consumer.terminate()
        for consumer in consumers:
            consumer.wait(timeout=20)
    assert [m["Subject"] for m in mail_server.to(officer)] == [
        "Reminder 1 of 3: the participation report is due"
    ]


UNKNOWN = "nobody@example.org"


def ask_for_resets(app, *addresses) -> list:
    """A reset requested for each address, each by a browser of its own; the pages shown."""
    return [
        app.test_client().post("/password/reset", data={"email": a}, follow_redirects=True)
        for a in addresses
    ]


def reset_audits(app) -> list[tuple]:
    with app.app_context():
        query = select(AuditEntry.actor_label, AuditEntry.ip).filter_by(
            action="auth.reset_requested"
        )
        return [tuple(row) for row in db.session.execute(query)]


def test_a_reset_request_does_the_same_work_whether_or_not_the_account_exists(worker_app, people):
    """Nothing the request does depends on the address: it only queues one job."""
    known, unknown = ask_for_resets(worker_app, people["officer_a"].email, UNKNOWN)
    assert known.status_code == unknown.status_code == 200
    assert page_text(known) == page_text(unknown)
    assert rows(worker_app) == [] and reset_audits(worker_app) == []
    assert tasks_for(worker_app).huey.pending_count() == 2


def test_a_real_huey_consumer_mails_a_known_address_once_and_an_unknown_one_nothing(
    worker_app, mail_server, people, database_url
):
    officer = people["officer_a"].email
    mail_server.start()
    consumer = start_consumer(worker_app, database_url)
    try:
        known, unknown = ask_for_resets(worker_app, officer, UNKNOWN)
        deadline = time.monotonic() + 30
        while not mail_server.to(officer) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # room for a second, wrong delivery to show up
    finally:
        consumer.terminate()
        consumer.wait(timeout=20)
    assert known.status_code == unknown.status_code == 200
    assert page_text(known) == page_text(unknown)
    [message] = mail_server.messages
    assert message["To"] == officer and "/password/reset/" in message.get_body().get_content()
    assert rows(worker_app) == [(officer, MailStatus.SENT, 1)]
    assert reset_audits(worker_app) == [(officer, "127.0.0.1")]  # the asking request's IP
