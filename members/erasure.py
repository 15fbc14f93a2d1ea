"""Erasing an account: the person's data is deleted from every table, not flagged.

What stays is what belongs to others: an organisation's member record and its status log (with "changed by"
emptied), and events' other registrations. `members.personal_data` finds the same rows for the export; keep the two
in step (docs/members.md, "Your account and your data").
"""

import logging

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.contributions import personal_data
from events.models import Registration
from events.registrations import RegistrationRefused, registration_cancel

from .applications import files_delete_on_commit, held_application_files
from .models import MemberKind, MemberOrganisation, Membership, MembershipApplication, MembershipStatusChange
from .personal_data import user_login_records, user_registrations, verified_addresses

logger = logging.getLogger(__name__)


class ErasureRefused(Exception):
    """An account this page may not erase; the message says why, for the person to read."""


def registrations_erase(registrations) -> int:
    """Delete the registrations, with the e-mails sent about them; a place still to come goes to the waiting list."""
    now = timezone.now()
    for registration in registrations:
        if registration.status != Registration.Status.CANCELLED and registration.event.end >= now:
            try:
                # Cancelled first, so that a freed place goes to the next person waiting, as any cancellation does.
                registration_cancel(registration)
            except RegistrationRefused:
                logger.info("Registration %s could not be cancelled before erasure.", registration.pk)
    count = len(registrations)
    # RegistrationEmail rows go with their registration (on_delete=CASCADE).
    Registration.objects.filter(pk__in=[registration.pk for registration in registrations]).delete()
    return count


def individual_members_of(user):
    """Individual memberships of which `user` is the only person: the member record is the person, so it goes too."""
    return (
        MemberOrganisation.objects.filter(kind=MemberKind.INDIVIDUAL, memberships__user=user)
        .annotate(people=Count("memberships", distinct=True))
        .filter(people=1)
    )


def erasure_refusal(user) -> str:
    """Why this account may not be erased from the account page, or "" if it may."""
    if user.is_staff or user.is_superuser:
        # A staff account carries the site's editing history and permissions: an administrator removes it.
        return "Staff accounts are deleted by an administrator in the admin, not from this page."
    return ""


def account_erase(*, user) -> None:
    """Delete `user` and their personal data everywhere; stored files are deleted once the deletion is committed.

    Deleted: the account and its e-mail addresses, their event registrations (made while logged in or with their
    address) and the e-mails about them, their memberships, the applications they sent (with the statute files), an
    application waiting for verification, an individual membership of theirs alone, their newsletter subscriptions,
    their messages through the contact page, and django-axes' login records for their addresses. Kept: status
    changes they made, without their name. Staff accounts are removed in the admin.
    """
    if refusal := erasure_refusal(user):
        raise ErasureRefused(refusal)
    with transaction.atomic():
        files = held_application_files(user)
        login_records = user_login_records(user)  # read before the account and its addresses are gone

        registrations_erase(list(user_registrations(user)))
        # What other apps hold: newsletter subscriptions, contact messages (core.contributions).
        addresses = verified_addresses(user)
        for part in personal_data():
            part.erase(user, addresses)

        members = list(individual_members_of(user))
        applications = MembershipApplication.objects.filter(Q(applicant=user) | Q(member__in=members))
        files += [application.statute.name for application in applications if application.statute]
        applications.delete()
        MemberOrganisation.objects.filter(pk__in=[member.pk for member in members]).delete()
        Membership.objects.filter(user=user).delete()
        # The status log is the member's history: it stays, without who made the change.
        MembershipStatusChange.objects.filter(changed_by=user).update(changed_by=None)

        for records in login_records.values():
            records.delete()
        # allauth's EmailAddress rows, group memberships and Wagtail's per-user rows go with the user (CASCADE).
        user.delete()
        files_delete_on_commit(files)
