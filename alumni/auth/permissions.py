"""Who may do what: every rule of the site, stated once, used by views and templates alike.

Anonymous users are denied, administrators short-circuit, staff act network-wide, and
everything else comes from current memberships (an expired term grants nothing).
"""

from flask_babel import gettext as _

from alumni.auth.models import MembershipRole
from alumni.common.models import MailStatus
from alumni.common.time import today


def is_authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_admin(user) -> bool:
    """Administrators: everything, plus site settings and the audit log."""
    return is_authenticated(user) and user.is_admin


def is_staff(user) -> bool:
    """AOTS staff (administrators included) act on the whole network."""
    return is_authenticated(user) and (user.is_admin or user.is_staff)


def is_committee_member(user) -> bool:
    """WNF committee members; voting is personal, so administrators are not members by rank."""
    return is_authenticated(user) and user.is_committee


def officer_society_ids(user) -> set[int]:
    """Societies where USER holds an officer's membership today."""
    if not is_authenticated(user):
        return set()
    return {
        m.society_id for m in user.active_memberships(today())
        if m.role == MembershipRole.OFFICER
    }  # fmt: skip


def is_officer_of(user, society) -> bool:
    return society is not None and society.id in officer_society_ids(user)


def standing_in(user, society_id: int | None) -> tuple[bool, bool]:
    """All that the society-scoped permissions below ask of USER about a society: are they
    staff, are they an officer of it. A page drawn for one standing is right for everyone of
    it (caching.for_visitors); a predicate that asks something else must be added here."""
    return is_staff(user), society_id in officer_society_ids(user)


def can_edit_society_profile(user, society) -> bool:
    """Descriptions, contacts, links and which officers are shown: own society's officers."""
    return is_staff(user) or is_officer_of(user, society)


def can_manage_societies(user, society=None) -> bool:
    """Create societies, change country, federation, region and status: staff only."""
    return is_staff(user)


def can_manage_users(user) -> bool:
    """See the list of users and invite new ones: staff (who is invited how is the service's)."""
    return is_staff(user)


def role_rank(user) -> int:
    """The one ranking of roles: administrator > staff > everyone else (committee included).

    Ranked by the roles held, not by whether the account may log in: a disabled
    administrator still ranks above staff (Flask-Login's is_authenticated is False for them).
    """
    if user is None or getattr(user, "is_anonymous", False):
        return -1
    return 2 if user.is_admin else 1 if user.is_staff else 0


def can_manage_user(user, target) -> bool:
    """Edit, invite, disable, enable a user and change their memberships: staff, for those
    ranked below them; only administrators manage staff and administrators."""
    return is_admin(user) or (is_staff(user) and role_rank(target) < role_rank(user))


# What the refusal page says (auth/access.py requires): staff who reach an administrator's
# page by a link or an address are told why, not only that they may not.
can_manage_user.why_not = lambda user, target: (
    _("Only an administrator can change the account of a staff member or an administrator.")
    if is_staff(user)
    else None
)


def can_manage_membership(user, membership) -> bool:
    """Add or end a membership: whoever may manage the member."""
    return can_manage_user(user, membership.user)


def can_end_membership(user, membership) -> bool:
    """End a membership whose term has not run out yet."""
    return can_manage_membership(user, membership) and (
        membership.term_end is None or membership.term_end >= today()
    )


def can_invite_user(user, target) -> bool:
    """Send the invitation again: to an enabled account that has no password yet."""
    return can_manage_user(user, target) and target.is_active and target.password_hash is None


def can_disable_user(user, target) -> bool:
    """Disable someone else's enabled account."""
    return can_manage_user(user, target) and target.is_active and target.id != user.id


def can_enable_user(user, target) -> bool:
    return can_manage_user(user, target) and not target.is_active


def can_grant_network_roles(user) -> bool:
    """Make someone staff or administrator: administrators only."""
    return is_admin(user)


def can_view_audit_log(user) -> bool:
    return is_admin(user)


def can_see_mail_log(user, mail=None) -> bool:
    """The mail log (who was sent what, what failed and why) and its retry button: staff."""
    return is_staff(user)


def can_retry_mail(user, mail) -> bool:
    """Offer the retry button: staff, on a message that failed."""
    return can_see_mail_log(user) and mail.status == MailStatus.FAILED


def can_use_account(user) -> bool:
    """Pages about one's own account: anyone logged in."""
    return is_authenticated(user)


def can_create_event(user, society) -> bool:
    """Post an event (or a series) for a society: its officers, and staff."""
    return is_staff(user) or is_officer_of(user, society)


def can_edit_event(user, event) -> bool:
    """Edit, publish and report an event: officers of any of its host societies, and staff."""
    if is_staff(user):
        return True
    mine = officer_society_ids(user)
    return any(host.society_id in mine for host in event.hosts)


def can_cancel_event(user, event) -> bool:
    """Cancel a published event: the lead host's officers, and staff."""
    return is_staff(user) or event.lead_host.society_id in officer_society_ids(user)


def can_report_event(user, event) -> bool:
    """File or correct the participation report: those who edit the event, once published."""
    return event.status.value == "published" and can_edit_event(user, event)


def can_see_event(user, event) -> bool:
    """Published and cancelled events are public; a draft or a discarded one only to those
    who may edit it."""
    return event.status.value in ("published", "cancelled") or can_edit_event(user, event)


def can_manage_themes(user) -> bool:
    return is_staff(user)


def can_apply_for_grant(user, society) -> bool:
    """Draft and submit WNF applications for a society: its officers."""
    return is_officer_of(user, society)


def can_manage_application(user, grant) -> bool:
    """Edit, submit, withdraw and report an application: the host's officers."""
    return is_officer_of(user, grant.host)


def can_view_application(user, grant) -> bool:
    """An application is seen by its host's and cooperating societies' officers, the
    committee and staff."""
    if is_staff(user) or is_committee_member(user):
        return True
    mine = officer_society_ids(user)
    return grant.host_society_id in mine or any(c.society_id in mine for c in grant.cooperations)


def can_see_committee_queue(user) -> bool:
    return is_committee_member(user) or is_staff(user)


def can_vote_on_grants(user, grant=None) -> bool:
    """Committee members vote; services refuse those tied to the host or a cooperator."""
    return is_committee_member(user)


def conflicts(user, grant) -> list:
    """USER's societies (any membership in force) that host or co-operate in GRANT."""
    if not is_authenticated(user):
        return []
    involved = {grant.host_society_id, *(c.society_id for c in grant.cooperations)}
    return [m.society for m in user.active_memberships() if m.society_id in involved]


def can_vote(user, grant) -> bool:
    """Vote on GRANT and take its review actions: committee members with no conflict on it."""
    return is_committee_member(user) and not conflicts(user, grant)


def can_review_application(user, grant) -> bool:
    """Start the review or return an application: staff, and the members who may vote on it."""
    return is_staff(user) or can_vote(user, grant)


# The workflow's VOTING statuses (grants/workflow.py; auth sits below grants).
TAKING_VOTES = ("submitted", "under_review")


def can_score_application(user, grant) -> bool:
    """Score GRANT on the review criteria: the members who may vote on it, while votes are
    taken."""
    return can_vote(user, grant) and grant.status.value in TAKING_VOTES


def can_see_review_scores(user, grant) -> bool:
    """The scores of GRANT: staff and the members who may vote on it, never its applicants."""
    return can_review_application(user, grant)


def can_manage_review_criteria(user, criterion=None) -> bool:
    """Add, rename and deactivate the WNF review criteria: staff."""
    return is_staff(user)


def can_see_report(user, grant) -> bool:
    """A programme report's money line by line (and its receipts): the host's officers, the
    WNF committee and staff; a cooperating society sees the application, not the accounts."""
    return is_staff(user) or is_committee_member(user) or is_officer_of(user, grant.host)


def can_run_the_fund(user, grant=None) -> bool:
    """The secretariat (AOTS staff) records money, decisions of meetings, disbursements."""
    return is_staff(user)


def can_publish_summaries(user, summary=None) -> bool:
    """Compile, preview and publish yearly summaries: AOTS staff."""
    return is_staff(user)


def can_see_completeness(user) -> bool:
    """The network's reporting completeness and the societies' health: AOTS staff."""
    return is_staff(user)


def can_see_programme_evidence(user, grant) -> bool:
    """A programme report's evidence and receipts: the host's officers, the committee, staff."""
    return is_staff(user) or is_committee_member(user) or is_officer_of(user, grant.host)


# A programme's evidence is added while its report is being written or corrected: after the
# money went out, until the report is accepted.
_REPORTING = ("disbursed", "reported", "report_returned")


def can_attach_programme_evidence(user, grant) -> bool:
    """Attach or remove evidence (and receipts): who reports the programme, until it closes."""
    return can_manage_application(user, grant) and grant.status.value in _REPORTING


def can_see_receipt(user, line) -> bool:
    """A receipt of an actual spending line: as the evidence of the line's programme."""
    return can_see_programme_evidence(user, line.grant)


def can_attach_receipt(user, line) -> bool:
    return can_attach_programme_evidence(user, line.grant)


# Per kind of attachment: (who may read its files, who may attach and remove them), each a
# rule about the object the file is attached to.
ATTACHMENT_RULES = {
    "event_photo": (can_see_event, can_edit_event),
    "report_evidence": (can_see_programme_evidence, can_attach_programme_evidence),
    "receipt": (can_see_receipt, can_attach_receipt),
}


def can_read_attachment(user, attachment) -> bool:
    """Download or view a file: who may read what it is attached to, by its kind's rule."""
    owner = attachment.owner if attachment is not None else None
    return owner is not None and ATTACHMENT_RULES[attachment.owner_kind][0](user, owner)


def can_attach_file(user, owner) -> bool:
    """Attach files to OWNER (an owner with its kind) and remove them: who may edit it."""
    return ATTACHMENT_RULES[owner.kind][1](user, owner.object)


PREDICATES = {
    name: value
    for name, value in dict(globals()).items()
    if name.startswith(("can_", "is_")) and callable(value)
}
