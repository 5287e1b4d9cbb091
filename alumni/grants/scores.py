"""Review scores: committee members score an application on the configured criteria.

A member who may vote on an application scores it, while votes are taken, 1 to 5 on each
active criterion with an optional comment; saving again updates their scores. One row per
(application, member, criterion), under a unique constraint, so that a repeated or parallel
post cannot make a second one. Staff and the members who may vote see each criterion's average
and every member's scores; the applicants never do.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from alumni.audit.services import record
from alumni.auth import permissions
from alumni.common.exceptions import Conflict, Forbidden, Refused
from alumni.common.time import utcnow
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.grants import workflow
from alumni.grants.score_models import SCORES, ReviewCriterion, ReviewScore
from alumni.i18n import pick_translation


def criteria(*, active_only: bool = True) -> list[ReviewCriterion]:
    """The configured criteria in their order (only the active ones, unless asked)."""
    query = select(ReviewCriterion).order_by(ReviewCriterion.position, ReviewCriterion.id)
    if active_only:
        query = query.where(ReviewCriterion.active.is_(True))
    return list(db.session.scalars(query))


def criterion_name(criterion: ReviewCriterion) -> str:
    """The criterion's name in the page's language, else in English, else its code."""
    return pick_translation(criterion.names or {}, "en")[0] or criterion.code


def scores_of(grant) -> list[ReviewScore]:
    return list(
        db.session.scalars(
            select(ReviewScore)
            .where(ReviewScore.grant_id == grant.id)
            .order_by(ReviewScore.member_id, ReviewScore.criterion_id)
        )
    )


def why_not(user, grant) -> str:
    """Why a committee member may not score GRANT now (tied to a society in it), else ""."""
    involved = permissions.conflicts(user, grant)
    if not (permissions.is_committee_member(user) and involved):
        return ""
    if grant.status not in workflow.VOTING:
        return ""
    return _(
        "You cannot review this application: you belong to %(society)s, which takes part in it.",
        society=involved[0].code,
    )


def save_scores(actor, grant, given: dict[str, tuple[int, str]]) -> None:
    """Store ACTOR's scores {criterion code: (score, comment)}, updating those saved before."""
    if not permissions.can_vote(actor, grant):
        raise Forbidden(
            why_not(actor, grant) or _("Only members of the WNF committee score applications.")
        )
    if grant.status not in workflow.VOTING:
        raise Conflict(_("Applications are scored only while the committee takes votes."))
    active = {c.code: c for c in criteria()}
    if set(given) != set(active) or any(score not in SCORES for score, _c in given.values()):
        raise Refused(_("Give every criterion a score from 1 to 5."))
    mine = {
        row.criterion_id: row
        for row in db.session.scalars(
            select(ReviewScore).where(
                ReviewScore.grant_id == grant.id, ReviewScore.member_id == actor.id
            )
        )
    }
    for code, (score, comment) in given.items():
        _store(mine.get(active[code].id), grant, actor, active[code], score, comment)
    db.session.flush()
    record(
        "grant.scored",
        actor=actor,
        target=grant,
        society=grant.host,
        details={code: score for code, (score, _c) in sorted(given.items())},
    )


def _store(row, grant, actor, criterion, score: int, comment: str) -> None:
    if row is None:
        db.session.add(
            ReviewScore(
                grant_id=grant.id,
                member_id=actor.id,
                criterion_id=criterion.id,
                score=score,
                comment=comment,
            )
        )
    elif (row.score, row.comment) != (score, comment):
        row.score, row.comment, row.at = score, comment, utcnow()


@dataclass
class Summary:
    criterion: ReviewCriterion
    count: int = 0
    total: int = 0

    @property
    def average(self) -> float | None:
        return round(self.total / self.count, 1) if self.count else None


@dataclass
class Panel:
    """What the application's page shows of the scores (the template asks can() which part)."""

    criteria: list[ReviewCriterion] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)  # (user, {criterion id: score row})
    reason: str = ""
    form: object = None


def panel(user, grant, form=None, make_form=None) -> Panel:
    """The scores part of GRANT's page for USER; FORM is a refused score form as posted,
    MAKE_FORM(criteria, own scores) builds a fresh one."""
    shown = Panel(reason=why_not(user, grant))
    if not permissions.can_see_review_scores(user, grant):
        return shown
    rows = scores_of(grant)
    scored = {row.criterion_id for row in rows}
    shown.criteria = [c for c in criteria(active_only=False) if c.active or c.id in scored]
    by_id = {c.id: Summary(c) for c in shown.criteria}
    members: dict[int, tuple] = {}
    for row in rows:
        by_id[row.criterion_id].count += 1
        by_id[row.criterion_id].total += row.score
        members.setdefault(row.member_id, (row.member, {}))[1][row.criterion_id] = row
    shown.summaries = list(by_id.values())
    shown.members = sorted(members.values(), key=lambda item: item[0].name.casefold())
    if permissions.can_score_application(user, grant) and make_form is not None:
        mine = members.get(user.id, (None, {}))[1]
        shown.form = form or make_form([c for c in shown.criteria if c.active], mine)
    return shown


def add_criterion(actor, *, code: str, names: dict[str, str]) -> ReviewCriterion:
    """A new active criterion, after the others."""
    if db.session.scalar(select(ReviewCriterion.id).where(ReviewCriterion.code == code)):
        raise Refused(_("A criterion with this code already exists."))
    last = db.session.scalar(
        select(ReviewCriterion.position).order_by(ReviewCriterion.position.desc())
    )
    criterion = ReviewCriterion(code=code, names=_names(names), position=(last or 0) + 10)
    db.session.add(criterion)
    db.session.flush()
    record("wnf.criterion_added", actor=actor, details={"code": code, "names": criterion.names})
    return criterion


def update_criterion(actor, criterion: ReviewCriterion, *, names: dict, active: bool) -> None:
    """Rename a criterion per language, or (de)activate it; its scores are kept."""
    before = {"names": dict(criterion.names or {}), "active": criterion.active}
    criterion.names, criterion.active = _names(names), active
    db.session.flush()
    record(
        "wnf.criterion_changed",
        actor=actor,
        details={
            "code": criterion.code,
            "before": before,
            "names": criterion.names,
            "active": active,
        },
    )


def _names(names: dict[str, str]) -> dict[str, str]:
    return {lang: names[lang] for lang in LANGUAGES if names.get(lang)}


def load_criterion(criterion_id: int) -> ReviewCriterion | None:
    return db.session.get(ReviewCriterion, criterion_id)
