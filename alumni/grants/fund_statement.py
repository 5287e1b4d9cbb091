"""The public fund statement of a fiscal year: the ledger's lines (fund/statement.py) with
each programme's title, host and place on the WNF page, and the same lines as a sheet."""

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of
from alumni.extensions import db
from alumni.fund.statement import Statement
from alumni.grants.models import Grant
from alumni.grants.queries import PUBLIC
from alumni.societies.presenters import society_name


def programme_grants(statement: Statement) -> dict[int, Grant]:
    """The grants of the statement's programme lines, by id."""
    ids = [p.grant_id for p in statement.programmes if p.grant_id is not None]
    if not ids:
        return {}
    return {g.id: g for g in db.session.scalars(select(Grant).where(Grant.id.in_(ids)))}


def programme_link(grant: Grant | None) -> str | None:
    """Where the public WNF page lists GRANT (its fiscal year, its row)."""
    if grant is None or grant.status not in PUBLIC:
        return None
    return url_for(
        "grants.index",
        fiscal_year=fiscal_year_of(grant.planned_start),
        _anchor=f"programme-{grant.id}",
    )


def programme_title(grant: Grant | None) -> str:
    return grant.title if grant is not None else _("Not linked to a programme")


def donor(donations) -> tuple[str, str]:
    """(the line's text, the society's name or "") of a donations line."""
    if donations.society is not None:
        return _("Donations"), society_name(donations.society).text
    return _("Donations: %(donor)s", donor=donations.kind.title), ""


def sheet(statement: Statement, grants: dict[int, Grant]) -> tuple[list[str], list[list]]:
    """The statement's lines as a header and rows, amounts in whole yen (money out < 0)."""
    first, last = fiscal_year_bounds(statement.fiscal_year)
    header = [_("Section"), _("Line"), _("Society"), _("Amount (yen)")]
    money_in, money_out = _("Money in"), _("Money out")
    rows: list[list] = [[_("Opening balance"), first, "", statement.opening]]
    rows += [[money_in, *donor(d), d.amount] for d in statement.donations]
    if statement.investment_income:
        rows.append([money_in, _("Investment income"), "", statement.investment_income])
    for line in statement.programmes:
        grant = grants.get(line.grant_id)
        host = society_name(grant.host).text if grant is not None else ""
        title = programme_title(grant)
        if line.paid:
            rows.append([money_out, _("Grant paid: %(title)s", title=title), host, line.paid])
        if line.refunded:
            rows.append(
                [money_out, _("Refund received: %(title)s", title=title), host, line.refunded]
            )
    if statement.adjustments:
        rows.append([_("Adjustments"), _("Adjustments"), "", statement.adjustments])
    rows.append([_("Closing balance"), last, "", statement.closing])
    return header, rows


def period(statement: Statement) -> tuple[date, date]:
    return fiscal_year_bounds(statement.fiscal_year)
