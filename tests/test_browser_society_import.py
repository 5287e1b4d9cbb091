"""Staff import a changed society list in a real browser, in Spanish, on a phone: the preview
shows the one change, applying it renames the society; a broken file lists its problems with
their lines and changes nothing."""

import csv
import io
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from alumni import create_app
from tests.auth_helpers import PASSWORD, make_people
from tests.conftest import base_config
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
NEW_NAME = "Asociación Peruana de Exbecarios de AOTS (APEBA)"


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_template):
    folder = tmp_path_factory.mktemp("society-import")
    shutil.copyfile(sqlite_template, folder / "site.sqlite3")
    app = create_app(
        base_config(f"sqlite:///{folder / 'site.sqlite3'}") | {"WTF_CSRF_ENABLED": True}
    )
    people = make_people(app)
    with LiveServer(app) as server:
        yield server.url, people


@pytest.fixture
def staff_page(site):
    url, people = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale="es-ES")
        page = context.new_page()
        page.goto(url + "/login")
        page.locator("#email").fill(people["staff"].email)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.locator(".languages > summary").click()
        page.get_by_role("button", name="Español").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
        yield page, url
        browser.close()


def exported_rows(page, url) -> list[dict]:
    response = page.request.get(url + "/staff/societies/export.csv")
    assert response.ok
    return list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))


def save_csv(path, rows) -> str:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def fits_the_phone(page) -> bool:
    return wider_by(page) <= 0


def serious_violations(page) -> list[str]:
    return [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_staff_preview_then_apply_a_new_name(staff_page, tmp_path):
    page, url = staff_page
    rows = exported_rows(page, url)
    peru = next(r for r in rows if r["code"] == "PE-PERU")
    peru["name_es"] = NEW_NAME
    page.goto(url + "/societies/")
    page.get_by_role("link", name="Importar y exportar la lista de asociaciones").click()
    page.get_by_label("Lista de asociaciones (CSV o Excel .xlsx)").set_input_files(
        save_csv(tmp_path / "asociaciones.csv", rows)
    )
    page.get_by_role("button", name="Ver la vista previa de la importación").click()
    expect(page.get_by_role("status")).to_have_text("0 por añadir, 1 por cambiar, 71 sin cambios.")
    change = page.locator("table.import-changes")
    expect(change.locator("caption")).to_have_text("PE-PERU")
    expect(change.locator("ins")).to_have_text(NEW_NAME)
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    if os.environ.get("MAP_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['MAP_SCREENSHOTS']}/import-preview.png", full_page=True)
    saved = next(r for r in exported_rows(page, url) if r["code"] == "PE-PERU")
    assert saved["name_es"] != NEW_NAME  # not yet: a preview saves nothing
    page.get_by_role("button", name="Aplicar estos cambios").click()
    expect(page.locator(".flash")).to_contain_text(
        "La lista de asociaciones se ha importado: 0 añadidas, 1 cambiada."
    )
    page.goto(url + "/societies/PE-PERU")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_NAME)


def test_a_broken_file_lists_its_problems_and_changes_nothing(staff_page, tmp_path):
    page, url = staff_page
    rows = exported_rows(page, url)
    rows[0]["country"] = "QQ"
    rows[4]["code"] = rows[5]["code"]
    rows[6]["name_es"] = "No debería guardarse"
    page.goto(url + "/staff/societies/import")
    page.get_by_label("Lista de asociaciones (CSV o Excel .xlsx)").set_input_files(
        save_csv(tmp_path / "rota.csv", rows)
    )
    page.get_by_role("button", name="Ver la vista previa de la importación").click()
    problems = page.get_by_role("list", name="Problemas en el archivo").get_by_role("listitem")
    expect(problems).to_have_text(
        [
            "Línea 2: código de país desconocido «QQ»",
            f"Línea 7: el código {rows[5]['code']} ya está en la línea 6",
        ]
    )
    expect(page.get_by_role("button", name="Aplicar estos cambios")).to_have_count(0)
    assert fits_the_phone(page)
    if os.environ.get("MAP_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['MAP_SCREENSHOTS']}/import-refused.png", full_page=True)
    assert exported_rows(page, url)[6]["name_es"] != "No debería guardarse"
