"""Mail in the new languages: a Portuguese (Brazil) reset and a Vietnamese invitation arrive
over the test harness's real SMTP server, in the recipient's language, tagged in BCP 47.

The expected words are read from the catalogs at test time, so these tests hold for whatever
the translators wrote (and fail while a catalog lacks the message)."""

from sqlalchemy import select

from alumni.auth.models import User
from alumni.extensions import db
from tests.auth.test_mail_flows import invite
from tests.auth_helpers import link_in, log_in, make_user
from tests.catalogs import translated


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_reset_reaches_a_brazilian_user_in_portuguese(app, client, smtp):
    make_user(app, "joana@example.org", language="pt_BR", name="Joana")
    assert client.post("/password/reset", data={"email": "joana@example.org"}).status_code == 302
    [message] = smtp.to("joana@example.org")
    assert message["Content-Language"] == "pt-BR"
    assert message["Subject"] == translated("pt_BR", "Reset your password")
    asked = "Someone asked to reset the password of your account on the AOTS Alumni Network."
    assert translated("pt_BR", asked) in body_of(message)
    assert link_in(message).startswith("/password/reset/")


def test_an_invitation_chosen_in_vietnamese_arrives_in_vietnamese(app, client, smtp, people):
    log_in(client, people["staff"].email)
    assert invite(client, email="lan@example.org", language="vi", name="Lan").status_code == 302
    with app.app_context():
        assert (
            db.session.scalars(select(User).where(User.email == "lan@example.org")).one().language
            == "vi"
        )
    [message] = smtp.to("lan@example.org")
    assert message["Content-Language"] == "vi"
    assert message["Subject"] == translated("vi", "Your account on the AOTS Alumni Network")
    assert translated("vi", "Hello %(name)s,").replace("%(name)s", "Lan") in body_of(message)


def test_a_chinese_users_mail_says_zh_hans(app, client, smtp):
    """The stored code (zh_Hans) leaves as BCP 47 whatever the catalog holds."""
    make_user(app, "wei@example.org", language="zh_Hans", name="Wei")
    assert client.post("/password/reset", data={"email": "wei@example.org"}).status_code == 302
    [message] = smtp.to("wei@example.org")
    assert message["Content-Language"] == "zh-Hans"
