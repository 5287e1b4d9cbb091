"""The auth package's jobs for the task queue (alumni/tasks.py), run after a request commits."""

from alumni import tasks
from alumni.auth import services
from alumni.common.transaction import commit, rollback


@tasks.job("password_reset")
def password_reset(email: str, ip: str = "", request_id: str = "") -> None:
    """The half of a reset request that depends on the address: mail the link if its
    account exists, in a unit of work of its own."""
    if services.mail_password_reset(email, ip, request_id):
        commit()
    else:
        rollback()
