"""Receipts on a programme report's actual lines: attached by the host's officer while the
report is written or corrected, read by the host, the committee and staff, and kept with their
line when a returned report is filed again."""

from sqlalchemy import select

from alumni.extensions import db
from alumni.files.models import Attachment
from tests.auth_helpers import log_in
from tests.files_helpers import PDF, png, upload
from tests.grants.test_report_review import client_of, line_ids, move, reported
from tests.grants_helpers import report_data, spent
from tests.helpers import page_text


def receipts(app, line_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Attachment.file_name).where(
                    Attachment.owner_kind == "receipt", Attachment.owner_id == line_id
                )
            )
        )


def test_a_receipt_stays_with_its_line_through_a_return(app, client, people):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    venue, interpreting = line_ids(app, grant_id)
    form = client.get(f"/files/attach/receipt/{venue}", headers={"Accept-Language": "en"})
    assert (
        "Line 1 of the programme report for “Kaizen exchange”: Venue in Lima, PEN2,000.00 spent"
        in page_text(form)
    )
    attached = upload(client, f"/files/attach/receipt/{venue}", PDF, "recibo-lima.pdf")
    assert attached.status_code == 302
    assert receipts(app, venue) == ["recibo-lima.pdf"] and receipts(app, interpreting) == []

    committee = client_of(app, people["committee"].email)
    page = committee.get(f"/wnf/applications/{grant_id}", headers={"Accept-Language": "en"})
    assert "recibo-lima.pdf" in page_text(page)
    receipt_id = _receipt_id(app, venue)
    with committee.get(f"/files/{receipt_id}/recibo-lima.pdf") as download:
        assert download.status_code == 200 and download.get_data() == PDF
    outsider = client_of(app, people["officer_b"].email)  # a cooperating society's officer
    with outsider.get(f"/files/{receipt_id}/recibo-lima.pdf") as refused:
        assert refused.status_code == 403
    assert upload(outsider, f"/files/attach/receipt/{venue}", png(), "x.png").status_code == 403

    returned = move(committee, grant_id, "return_report", "Which date is the venue's?")
    assert returned.status_code == 302
    # Returned: the officer may still attach, and filing again keeps the line and its receipt.
    photo = upload(client, f"/files/attach/receipt/{interpreting}", png(), "factura.png")
    assert photo.status_code == 302
    again = report_data(
        None,
        spent("2000", currency="PEN", rate="40", label="Venue (12 May)") | {"id": str(venue)},
        spent("100000", label="Interpretation") | {"id": str(interpreting)},
    )
    assert client.post(f"/wnf/applications/{grant_id}/report", data=again).status_code == 302
    assert receipts(app, venue) == ["recibo-lima.pdf"]
    assert receipts(app, interpreting) == ["factura.png"]

    assert move(committee, grant_id, "accept_report").status_code == 302
    # Accepted: the accounts are settled, nothing more is attached.
    late = upload(client, f"/files/attach/receipt/{venue}", PDF, "late.pdf")
    assert late.status_code == 403 and receipts(app, venue) == ["recibo-lima.pdf"]


def _receipt_id(app, line_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Attachment.id).where(
                Attachment.owner_kind == "receipt", Attachment.owner_id == line_id
            )
        )


def test_a_line_with_receipts_is_kept_until_its_receipts_are_removed(app, client, people):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    venue, interpreting = line_ids(app, grant_id)
    assert upload(client, f"/files/attach/receipt/{venue}", PDF, "recibo.pdf").status_code == 302
    committee = client_of(app, people["committee"].email)
    assert move(committee, grant_id, "return_report", "Drop the venue.").status_code == 302

    # The officer empties the venue's row: the line and its receipt stay, the form is kept.
    without_venue = report_data(
        None,
        spent("100000", label="Interpretation") | {"id": str(interpreting)},
        narrative="Corrected: the venue was free.",
    )
    url = f"/wnf/applications/{grant_id}/report"
    refused = client.post(url, data=without_venue, headers={"Accept-Language": "en"})
    assert refused.status_code == 409
    assert (
        "Line 1 (Venue in Lima, PEN2,000.00) has receipts: recibo.pdf. Remove them from the "
        "line first, or keep the line." in page_text(refused)
    )
    assert "Corrected: the venue was free." in page_text(refused)
    assert line_ids(app, grant_id) == [venue, interpreting]
    assert receipts(app, venue) == ["recibo.pdf"]

    removed = client.post(f"/files/attach/receipt/{venue}/{_receipt_id(app, venue)}/remove")
    assert removed.status_code == 302
    assert client.post(url, data=without_venue).status_code == 302
    assert line_ids(app, grant_id) == [interpreting]
    with app.app_context():
        assert db.session.scalars(select(Attachment)).all() == []
