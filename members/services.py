"""Every change of a membership: applying, approving, rejecting, confirming, lapsing.

Each transition is one function that runs in a transaction, refuses a change the rules do not allow
(`TransitionNotAllowed`), writes one `MembershipStatusChange` row with who and when, keeps the "Members" group in
step and queues an e-mail to the applicant or the member's main contacts in the same transaction (core.mail).

    applied ──approve──▶ provisional ──confirm (General Assembly)──▶ confirmed
       │                     │  │                                       │
       └──reject──▶ rejected ◀──┘  └──────────lapse──▶ lapsed ◀─────────┘
                                                         │
                        restore (the fee paid): back to the status it lapsed from
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.log_actions import log

from core import mail

from .models import (
    ACTIVE_STATUSES,
    MEMBERS_GROUP_NAME,
    STATUS_DATE_FIELDS,
    MemberKind,
    MemberOrganisation,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    MembershipType,
    MemberStatus,
)

logger = logging.getLogger(__name__)

DEFAULT_STATUTE_MAX_BYTES = 5 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"

# The status changes the rules allow; anything else raises TransitionNotAllowed.
ALLOWED_TRANSITIONS = {
    MemberStatus.APPLIED: {MemberStatus.PROVISIONAL, MemberStatus.REJECTED},
    # The General Assembly may still refuse a provisional member.
    MemberStatus.PROVISIONAL: {MemberStatus.CONFIRMED, MemberStatus.REJECTED, MemberStatus.LAPSED},
    MemberStatus.CONFIRMED: {MemberStatus.LAPSED},
    MemberStatus.REJECTED: set(),
    # Restored (the fee it lapsed for is paid) to the status it lapsed from.
    MemberStatus.LAPSED: {MemberStatus.PROVISIONAL, MemberStatus.CONFIRMED},
}


class TransitionNotAllowed(Exception):
    """A change of status that the membership rules do not allow; the message says why, for staff to read."""


# ---------------------------------------------------------------------------
# The "Members" group
# ---------------------------------------------------------------------------


def members_group() -> Group:
    # A data migration creates the group; get_or_create also covers a flushed database.
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP_NAME)
    return group


def members_group_sync(users: Iterable) -> None:
    """Put each of these users (objects or primary keys) in the "Members" group if they are a member, else out.

    A member is a person with a membership of a provisional or confirmed member; the group only mirrors that,
    for Wagtail's view restrictions.
    """
    user_ids = {getattr(user, "pk", user) for user in users}
    user_ids.discard(None)
    if not user_ids:
        return
    member_ids = set(Membership.objects.active().filter(user_id__in=user_ids).values_list("user_id", flat=True))
    group = members_group()
    group.user_set.add(*member_ids)
    group.user_set.remove(*(user_ids - member_ids))


def members_group_sync_all() -> None:
    """Rebuild the group from the memberships: everyone in it now, and everyone with a membership."""
    group = members_group()
    user_ids = set(group.user_set.values_list("pk", flat=True))
    user_ids |= set(Membership.objects.values_list("user_id", flat=True))
    members_group_sync(user_ids)


def member_people_ids(member: MemberOrganisation) -> list[int]:
    return list(Membership.objects.filter(member=member).values_list("user_id", flat=True))


# ---------------------------------------------------------------------------
# Statute upload
# ---------------------------------------------------------------------------


def statute_max_bytes() -> int:
    return getattr(settings, "MEMBER_STATUTE_MAX_BYTES", DEFAULT_STATUTE_MAX_BYTES)


def statute_validate(statute: UploadedFile) -> None:
    """A statute is a PDF (by its first bytes, not only its name) no larger than MEMBER_STATUTE_MAX_BYTES."""
    limit = statute_max_bytes()
    if statute.size > limit:
        raise ValidationError(
            f"The statute is too large: at most {limit // (1024 * 1024)} MB, please.", code="statute_too_large"
        )
    if not statute.name.lower().endswith(".pdf"):
        raise ValidationError("The statute must be a PDF file.", code="statute_not_pdf")
    statute.seek(0)
    signature = statute.read(len(PDF_SIGNATURE))
    statute.seek(0)
    if signature != PDF_SIGNATURE:
        raise ValidationError("The statute must be a PDF file.", code="statute_not_pdf")


# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------

SUBJECTS = {
    "application_received": "We have received your application to CEP",
    "application_approved": "Your CEP membership: provisional access granted",
    "application_rejected": "Your application to CEP",
    "membership_confirmed": "Your CEP membership is confirmed",
    "membership_lapsed": "Your CEP membership has lapsed",
    "membership_restored": "Your CEP membership is restored",
}


def notice_queue(kind: str, *, recipients: list[str], context: dict) -> None:
    """Queue one of the membership e-mails in the change's transaction: a rolled-back change sends nothing, and a
    mail server that fails cannot turn a change that did happen into an error page."""
    recipients = [address for address in recipients if address]
    if not recipients:
        logger.warning("No one to send the %s e-mail to.", kind)
        return
    body = render_to_string(f"members/email/{kind}.txt", context)
    mail.email_queue(f"members.{kind.replace('_', '-')}", to=recipients, subject=SUBJECTS[kind], body=body)


def member_contact_addresses(member: MemberOrganisation) -> list[str]:
    return [user.email for user in member.main_contacts()]


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------


def status_change(member: MemberOrganisation, to_status: str, *, by, note: str = "") -> MembershipStatusChange:
    """Move a (locked) member to a new status, set that status's date and log the change."""
    from_status = member.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
        raise TransitionNotAllowed(
            f"{member.name} is {member.get_status_display().lower()}; it cannot become "
            f"{MemberStatus(to_status).label.lower()}."
        )
    now = timezone.now()
    member.status = to_status
    setattr(member, STATUS_DATE_FIELDS[to_status], now)
    member.save(update_fields=["status", STATUS_DATE_FIELDS[to_status], "updated_at"])
    return MembershipStatusChange.objects.create(
        member=member, from_status=from_status, to_status=to_status, changed_by=by, changed_at=now, note=note
    )


def member_lock(member: MemberOrganisation) -> MemberOrganisation:
    """The member's row, locked until the transaction ends, so two staff clicking at once cannot both move it."""
    return MemberOrganisation.objects.select_for_update().get(pk=member.pk)


def application_lock(application: MembershipApplication) -> MembershipApplication:
    # Only the application's row: PostgreSQL cannot lock the nullable side of the joins.
    return (
        MembershipApplication.objects.select_for_update(of=("self",))
        .select_related("member", "applicant")
        .get(pk=application.pk)
    )


APPLICATION_FIELDS = ("name", "applied_as", "membership_type", "country", "contact_name", "motivation")


def application_submit(applicant, *, data: dict, statute: UploadedFile | None) -> MembershipApplication:
    """Record an application: a member (status applied), the applicant's membership of it, the application row.

    `data` holds what the form asked: name (of the organisation; an individual's is their own), applied_as,
    membership_type, country, contact_name, contact_phone, contact_position, website, motivation.
    """
    missing = [field for field in APPLICATION_FIELDS if not str(data.get(field, "")).strip()]
    if data.get("applied_as") == MemberKind.INDIVIDUAL and "name" in missing:
        missing.remove("name")
    if missing:
        raise ValidationError(f"The application lacks: {', '.join(missing)}.")
    try:
        applied_as = MemberKind(data["applied_as"])
        membership_type = MembershipType(data["membership_type"])
    except ValueError as error:
        raise ValidationError(f"Not a kind or type of membership: {error}") from error
    if applied_as == MemberKind.INDIVIDUAL and membership_type == MembershipType.FULL:
        raise ValidationError("Only organisations can be full members; a person joins as an associate.")
    if applied_as == MemberKind.ORGANISATION and statute is None:
        raise ValidationError("An organisation's application needs its statute (PDF).")
    if statute is not None:
        statute_validate(statute)

    with transaction.atomic():
        now = timezone.now()
        name = data.get("name", "").strip() if applied_as == MemberKind.ORGANISATION else ""
        member = MemberOrganisation.objects.create(
            name=name or applicant.get_full_name() or applicant.email,
            kind=applied_as,
            country=data["country"],
            membership_type=membership_type,
            status=MemberStatus.APPLIED,
            applied_at=now,
            website=data.get("website", ""),
        )
        Membership.objects.create(
            member=member,
            user=applicant,
            role=Membership.Role.INDIVIDUAL if applied_as == MemberKind.INDIVIDUAL else Membership.Role.MAIN_CONTACT,
            position=data.get("contact_position", ""),
        )
        application = MembershipApplication(
            applicant=applicant,
            member=member,
            applied_as=applied_as,
            membership_type=membership_type,
            country=data["country"],
            contact_name=data["contact_name"],
            contact_phone=data.get("contact_phone", ""),
            contact_position=data.get("contact_position", ""),
            motivation=data["motivation"],
            created_at=now,
        )
        if statute is not None:
            application.statute.save(statute.name, statute, save=False)
        application.save()
        MembershipStatusChange.objects.create(
            member=member, from_status="", to_status=MemberStatus.APPLIED, changed_by=applicant, changed_at=now
        )
        members_group_sync([applicant])
        notice_queue("application_received", recipients=[applicant.email], context={"application": application})
    return application


def application_approve(application: MembershipApplication, *, by) -> MembershipApplication:
    """The Board's yes: the member becomes provisional, with members' access until the General Assembly."""
    with transaction.atomic():
        application = application_lock(application)
        member = member_lock(application.member)
        if application.decision != MembershipApplication.Decision.PENDING:
            raise TransitionNotAllowed(
                f"The application of {member.name} was already decided ({application.get_decision_display().lower()})."
            )
        status_change(member, MemberStatus.PROVISIONAL, by=by, note="Application approved by the Board.")
        application.decision = MembershipApplication.Decision.APPROVED
        application.decided_by = by
        application.decided_at = member.provisional_at
        application.member = member
        application.save(update_fields=["decision", "decided_by", "decided_at"])
        log(instance=application, action="cep.application.approve", user=by)
        members_group_sync(member_people_ids(member))
        notice_queue(
            "application_approved",
            recipients=[application.applicant.email if application.applicant else ""],
            context={"application": application, "member": member},
        )
    return application


def application_reject(application: MembershipApplication, *, by, reason: str) -> MembershipApplication:
    """Refuse an application, while it waits or while the member is provisional (the General Assembly's no)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give the reason for rejecting the application; the applicant is told it.")
    with transaction.atomic():
        application = application_lock(application)
        member = member_lock(application.member)
        if application.decision == MembershipApplication.Decision.REJECTED:
            raise TransitionNotAllowed(f"The application of {member.name} was already rejected.")
        status_change(member, MemberStatus.REJECTED, by=by, note=reason)
        application.decision = MembershipApplication.Decision.REJECTED
        application.decided_by = by
        application.decided_at = member.rejected_at
        application.rejection_reason = reason
        application.member = member
        application.save(update_fields=["decision", "decided_by", "decided_at", "rejection_reason"])
        log(instance=application, action="cep.application.reject", user=by)
        members_group_sync(member_people_ids(member))
        notice_queue(
            "application_rejected",
            recipients=[application.applicant.email if application.applicant else ""],
            context={"application": application, "member": member, "reason": reason},
        )
    return application


def membership_confirm(member: MemberOrganisation, *, by, note: str = "") -> MemberOrganisation:
    """The General Assembly's confirmation of a provisional member."""
    with transaction.atomic():
        member = member_lock(member)
        status_change(member, MemberStatus.CONFIRMED, by=by, note=note or "Confirmed by the General Assembly.")
        log(instance=member, action="cep.membership.confirm", user=by)
        members_group_sync(member_people_ids(member))
        notice_queue("membership_confirmed", recipients=member_contact_addresses(member), context={"member": member})
    return member


def membership_lapse(member: MemberOrganisation, *, by, note: str = "") -> MemberOrganisation:
    """A membership ends (fees unpaid, the member left): its people lose members' access."""
    with transaction.atomic():
        member = member_lock(member)
        status_change(member, MemberStatus.LAPSED, by=by, note=note)
        log(instance=member, action="cep.membership.lapse", user=by)
        members_group_sync(member_people_ids(member))
        notice_queue(
            "membership_lapsed", recipients=member_contact_addresses(member), context={"member": member, "note": note}
        )
    return member


def membership_restore(member: MemberOrganisation, *, by, note: str = "") -> MemberOrganisation:
    """A lapsed membership taken up again (its fee paid): back to the status it lapsed from, with members' access."""
    with transaction.atomic():
        member = member_lock(member)
        lapse = member.status_changes.filter(to_status=MemberStatus.LAPSED).order_by("-changed_at", "-pk").first()
        status_change(member, lapse.from_status if lapse else MemberStatus.CONFIRMED, by=by, note=note)
        log(instance=member, action="cep.membership.restore", user=by)
        members_group_sync(member_people_ids(member))
        notice_queue(
            "membership_restored", recipients=member_contact_addresses(member), context={"member": member, "note": note}
        )
    return member


def member_record(member: MemberOrganisation, *, by) -> MemberOrganisation:
    """Log a member that staff entered in the admin (one who joined before the site), at the status they chose.

    Not a transition: the member had no status before. Staff may enter it as applied, provisional or confirmed.
    """
    if member.status not in (MemberStatus.APPLIED, *ACTIVE_STATUSES):
        raise TransitionNotAllowed("A new member starts as applied, provisional or confirmed.")
    with transaction.atomic():
        now = timezone.now()
        date_field = STATUS_DATE_FIELDS[member.status]
        if getattr(member, date_field) is None:
            setattr(member, date_field, now)
            member.save(update_fields=[date_field])
        MembershipStatusChange.objects.create(
            member=member,
            from_status="",
            to_status=member.status,
            changed_by=by,
            changed_at=now,
            note="Entered by staff in the admin.",
        )
        members_group_sync(member_people_ids(member))
    return member
