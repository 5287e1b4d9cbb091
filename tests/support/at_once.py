"""Two workers at the same instant: the same schedule run in two threads, each its own session."""

import threading

from alumni.common.transaction import commit
from alumni.extensions import db


def run_twice_at_once(app, schedule, *args) -> list[str]:
    """Run SCHEDULE(*ARGS) and commit in two threads released together; the errors raised."""
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                schedule(*args)
                commit()
            except Exception as error:  # shown in the assertion, not lost in a thread
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors
