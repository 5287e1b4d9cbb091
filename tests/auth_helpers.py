"""People in every role of the permission matrix, and logging them in through the login form."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from alumni.auth.models import Membership, MembershipRole, OfficerTitle, User
from alumni.auth.passwords import hash_password
from alumni.extensions import db
from alumni.societies.models import Society
from tests.helpers import get_as, page_text

PASSWORD = "correct horse battery staple 42"
SOCIETY_A = "PE-PERU"
SOCIETY_B = "IN-KERALA"
ROLES = [
    "anonymous",
    "member",
    "officer_a",
    "officer_b",
    "expired_officer",
    "committee",
    "staff",
    "admin",
]


@dataclass
class Person:
    role: str
    email: str
    id: int | None = None


def _society(code: str) -> Society:
    return db.session.scalars(select(Society).where(Society.code == code)).one()


def make_user(
    app,
    email: str,
    *,
    name="Test Person",
    language="en",
    memberships=(),
    password=PASSWORD,
    **roles,
) -> int:
    """Store a user with a password and MEMBERSHIPS [(society code, role, start, end)]."""
    with app.app_context():
        user = User(
            email=email,
            name=name,
            language=language,
            password_hash=hash_password(password) if password else None,
            **roles,
        )
        for code, role, start, end in memberships:
            user.memberships.append(
                Membership(
                    society=_society(code),
                    role=role,
                    title=OfficerTitle.PRESIDENT
                    if role == MembershipRole.OFFICER
                    else OfficerTitle.MEMBER,
                    term_start=start,
                    term_end=end,
                )
            )
        db.session.add(user)
        db.session.commit()
        return user.id


def make_people(app) -> dict[str, Person]:
    """One person per role of the matrix; societies A and B are in different countries."""
    today = date.today()
    long_ago, later = today - timedelta(days=400), today + timedelta(days=400)
    officer, member = MembershipRole.OFFICER, MembershipRole.MEMBER
    specs = {
        "member": {"memberships": [(SOCIETY_A, member, long_ago, later)]},
        "officer_a": {"memberships": [(SOCIETY_A, officer, long_ago, later)]},
        "officer_b": {"memberships": [(SOCIETY_B, officer, long_ago, later)]},
        "expired_officer": {
            "memberships": [(SOCIETY_A, officer, long_ago, today - timedelta(days=1))]
        },
        "committee": {"is_committee": True},
        "staff": {"is_staff": True},
        "admin": {"is_admin": True},
    }
    people = {"anonymous": Person("anonymous", "")}
    for role, spec in specs.items():
        email = f"{role.replace('_', '-')}@example.org"
        people[role] = Person(role, email, make_user(app, email, name=role.title(), **spec))
    return people


def log_in(client, email: str, password: str = PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def log_in_as(client, person: Person) -> None:
    if person.role != "anonymous":
        log_in(client, person.email)


def pages_in_turn(app, people, roles: list[str], url: str, language: str = "en"):
    """(role, page text) of URL asked by each of ROLES in that order, each role in one browser
    of its own, logged in once (a role may come back later in the order)."""
    clients = {}
    for role in roles:
        if role not in clients:
            clients[role] = app.test_client()
            log_in_as(clients[role], people[role])
        yield role, page_text(get_as(clients[role], url, language))


def link_in(message) -> str:
    """The first http link in an e-mail's text, as a path the test client can open."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    url = re.search(r"https?://\S+", body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)
