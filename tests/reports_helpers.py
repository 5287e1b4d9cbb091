"""Staff import a programme table as in the browser: upload, read the preview, apply."""

import io

from tests.helpers import page_text
from tests.robustness.forms import form_posting_to


def upload_table(client, year, content: bytes, *, kind="fiscal_year", first="", name="t.csv"):
    data = {"kind": kind, "first_year": first, "file": (io.BytesIO(content), name)}
    return client.post(
        f"/staff/summaries/{year}/programme-table", data=data, content_type="multipart/form-data"
    )


def apply_previewed(client, preview_url: str):
    """Post the preview page's apply form as a browser would."""
    page = client.get(preview_url)
    assert page.status_code == 200, page_text(page)
    action = preview_url + "/apply"
    fields = form_posting_to(page.get_data(as_text=True), action, preview_url)
    return client.post(action, data=dict(fields))


def import_table(client, year, content: bytes, **options):
    """Upload, preview and apply; returns the page shown after applying."""
    uploaded = upload_table(client, year, content, **options)
    assert uploaded.status_code == 302, page_text(uploaded)
    applied = apply_previewed(client, uploaded.headers["Location"])
    assert applied.status_code == 302, page_text(applied)
    return client.get(applied.headers["Location"])
