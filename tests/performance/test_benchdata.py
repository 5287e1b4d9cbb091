"""The benchmark's synthetic users are real accounts: found by their address like any other."""

from alumni import benchdata
from alumni.auth.services import find_user_by_email
from alumni.extensions import db


def test_bulk_inserted_bench_users_are_found_by_their_address(app_context):
    assert benchdata._users(3) == 3
    db.session.commit()
    found = find_user_by_email("Bench1@Example.org")
    assert found is not None and found.email == "bench1@example.org"
