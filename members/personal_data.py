"""What the site holds about one person, for their account page and for the download of all their data.

`members.erasure.account_erase` removes the same things; keep the two in step (docs/members.md, "Your account and
your data").
"""

import os

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.contributions import any_address, personal_data
from events.models import Registration

from .applications import held_application_read
from .models import Membership, MembershipApplication, MembershipStatusChange

# The user's own fields that the export leaves out: the password hash is no one's business, not even theirs.
USER_FIELDS_NOT_EXPORTED = {"password"}


def user_addresses(user) -> set[str]:
    """Every address of the account, in lower case: its login and any address allauth holds for it."""
    addresses = {address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    addresses.add(user.email.lower())
    return addresses


def verified_addresses(user) -> set[str]:
    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def user_registrations(user) -> QuerySet:
    """Event registrations made while logged in, or with an address the person has confirmed is theirs."""
    return (
        Registration.objects.filter(Q(user=user) | any_address("email", verified_addresses(user)))
        .select_related("event")
        .order_by("event__start", "pk")
    )


def user_login_records(user) -> dict[str, QuerySet]:
    """What django-axes recorded about logins with the person's addresses (it keys them by address, lower case)."""
    condition = any_address("username", user_addresses(user))
    return {
        "attempts": AccessAttempt.objects.filter(condition),
        "failures": AccessFailureLog.objects.filter(condition),
        "logins": AccessLog.objects.filter(condition),
    }


def user_applications(user) -> QuerySet:
    return MembershipApplication.objects.filter(applicant=user).select_related("member")


def export_user(user) -> dict:
    data = {}
    for field in user._meta.concrete_fields:
        if field.name not in USER_FIELDS_NOT_EXPORTED:
            data[field.name] = field.value_from_object(user)
    data["groups"] = list(user.groups.values_list("name", flat=True))
    return data


def export_application(application: MembershipApplication) -> dict:
    return {
        "organisation": application.member.name,
        "applied_as": application.applied_as,
        "membership_type": application.membership_type,
        "country": application.country,
        "contact_name": application.contact_name,
        "contact_phone": application.contact_phone,
        "contact_position": application.contact_position,
        # The file itself is not in the export: its name says which one staff hold.
        "statute_file": os.path.basename(application.statute.name) if application.statute else "",
        "motivation": application.motivation,
        "sent_at": application.created_at,
        "decision": application.decision,
        "decided_at": application.decided_at,
        "rejection_reason": application.rejection_reason,
    }


def export_registration(registration: Registration, *, page_url: str) -> dict:
    return {
        "event": registration.event.title,
        "event_start": registration.event.start,
        "your_page": page_url,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "country": registration.country,
        "from_a_member": registration.is_member,
        "reminders_consent": registration.reminders_consent,
        "status": registration.status,
        "registered_at": registration.created_at,
        "status_changed_at": registration.status_changed_at,
        "emails": [
            {"kind": email.kind, "status": email.status, "sent_at": email.sent_at}
            for email in sorted(registration.emails.all(), key=lambda email: (email.created_at, email.pk))
        ],
    }


def export_access(record) -> dict:
    data = {
        "address": record.username,
        "ip_address": record.ip_address,
        "user_agent": record.user_agent,
        "path": record.path_info,
        "time": record.attempt_time,
    }
    if isinstance(record, AccessAttempt):
        data["failures"] = record.failures_since_start
    if isinstance(record, AccessFailureLog):
        data["locked_out"] = record.locked_out
    if isinstance(record, AccessLog):
        data["logout_time"] = record.logout_time
    return data


def personal_data_export(user, *, registration_url) -> dict:
    """Everything the site holds about `user`, as JSON-ready data; `registration_url(registration)` links each."""
    memberships = Membership.objects.filter(user=user).select_related("member")
    status_changes = MembershipStatusChange.objects.filter(changed_by=user).select_related("member")
    registrations = user_registrations(user).prefetch_related("emails")
    login_records = user_login_records(user)
    held = held_application_read(user)
    addresses = verified_addresses(user)
    return {
        "exported_at": timezone.now(),
        "account": export_user(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "memberships": [
            {
                "member": membership.member.name,
                "kind": membership.member.kind,
                "membership_type": membership.member.membership_type,
                "status": membership.member.status,
                "role": membership.role,
                "position": membership.position,
                "since": membership.created_at,
            }
            for membership in memberships
        ],
        "membership_applications": [export_application(application) for application in user_applications(user)],
        "application_waiting_for_verification": held["data"] if held else None,
        "membership_status_changes_you_made": [
            {
                "member": change.member.name,
                "from_status": change.from_status,
                "to_status": change.to_status,
                "changed_at": change.changed_at,
                "note": change.note,
            }
            for change in status_changes
        ],
        "event_registrations": [
            export_registration(registration, page_url=registration_url(registration)) for registration in registrations
        ],
        # The parts other apps hold (newsletter subscriptions, contact messages): core.contributions.
        **{part.key: part.export(user, addresses) for part in personal_data()},
        "login_attempts": {
            name: [export_access(record) for record in records] for name, records in login_records.items()
        },
    }
