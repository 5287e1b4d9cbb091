"""Issue journey in a real browser: an invited officer edits their society in Spanish."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.auth_helpers import SOCIETY_A, SOCIETY_B
from tests.support.browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple 42"
NEW_PASSWORD = "violet tractor umbrella 77"


@pytest.fixture
def site(live_site):
    return live_site.url, live_site.people


def test_staff_invite_an_officer_who_edits_their_society_in_spanish(site, smtp):
    url, people = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        staff = browser.new_context(locale="en-US").new_page()
        staff.goto(url + "/login")
        staff.get_by_label("E-mail address").fill(people["staff"].email)
        staff.get_by_label("Password").fill(PASSWORD)
        staff.get_by_role("button", name="Log in").click()
        staff.get_by_role("link", name="Users").click()
        staff.get_by_role("link", name="Invite a user").click()
        staff.get_by_label("Name", exact=True).fill("Rosa Díaz")
        staff.get_by_label("E-mail address").fill("rosa@example.org")
        staff.get_by_label("Language for e-mails").select_option("es")
        staff.get_by_role("button", name="Create and send the invitation").click()
        expect(staff.get_by_role("status").first).to_contain_text("rosa@example.org")
        staff.get_by_label("Society", exact=True).select_option(SOCIETY_A)
        staff.get_by_label("Role", exact=True).select_option("officer")
        staff.get_by_label("Position", exact=True).select_option("secretary")
        staff.get_by_label("Term starts").fill("2024-04-01")
        staff.get_by_role("button", name="Add the membership").click()
        expect(staff.get_by_role("status").first).to_contain_text("The membership is added.")

        [message] = smtp.to("rosa@example.org")
        assert message["Content-Language"] == "es"
        assert message["Subject"] == "Su cuenta en la Red de exbecarios de AOTS"
        body = message.get_body(preferencelist=("plain",)).get_content()
        link = re.search(r"https?://\S+", body).group(0)

        officer = browser.new_context(locale="es-ES").new_page()
        officer.goto(link)
        expect(officer.get_by_role("heading", level=1)).to_contain_text("Rosa Díaz")
        officer.locator("#password").fill(NEW_PASSWORD)
        officer.locator("#confirm").fill(NEW_PASSWORD)
        officer.locator("form.form button[type=submit]").click()
        expect(officer.get_by_role("heading", level=1)).to_have_text("Su cuenta")
        officer.get_by_role("link", name="Editar el perfil").click()
        officer.locator("#description_es").fill("Organizamos el Premio Nacional 5S.")
        officer.locator("form.form button[type=submit]").click()
        expect(officer.locator("main")).to_contain_text("Organizamos el Premio Nacional 5S.")

        response = officer.goto(f"{url}/societies/{SOCIETY_B}/edit")
        assert response.status == 403
        expect(officer.get_by_role("heading", level=1)).to_have_text("Acceso denegado")
        browser.close()
