"""Erasing an account: the person's data is deleted from every table, not flagged.

What stays is what belongs to others: an organisation's member record and its status log (with "changed by"
emptied), and events' other registrations. `members.personal_data` finds the same rows for the export; keep the two
in step (docs/members.md, "Your account and your data").
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from wagtail.models import ModelLogEntry

from core.contributions import personal_data
from events.models import Registration
from events.registrations import RegistrationRefused, registration_cancel

from .applications import HELD_DIRECTORY, files_delete_on_commit, held_application_files
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
    changes they made and the admin's history of the records deleted, without their name. Staff accounts are
    removed in the admin.
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
        log_entries_unname([*applications, *members])
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


def log_entries_unname(objects) -> None:
    """The admin's history of these records (who decided an application, and when) stays; the records' names,
    which for an individual member are the person's, go from it."""
    for instance in objects:
        ModelLogEntry.objects.for_instance(instance).update(
            label=f"{instance._meta.verbose_name.capitalize()} erased at the person's request", data={}
        )


# ---------------------------------------------------------------------------
# Accounts whose address was never confirmed
# ---------------------------------------------------------------------------


def unverified_accounts(*, joined_before):
    """Accounts made by signing up or applying whose address nobody confirmed: every address they have is
    unverified, and they never logged in (allauth refuses them a login). Staff accounts, and accounts made in the
    admin without an address, are never among them."""
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(date_joined__lt=joined_before, last_login__isnull=True, is_staff=False, is_superuser=False)
        .filter(Exists(addresses))
        .exclude(Exists(addresses.filter(verified=True)))
    )


def unverified_accounts_purge(now=None) -> int:
    """Erase the accounts not confirmed within UNVERIFIED_ACCOUNT_RETENTION_DAYS, with the applications they hold
    and their statute files, and any held file left that old; returns how many accounts.

    An unconfirmed application cannot reach the secretariat, and each one may carry a statute of several megabytes:
    without this they would pile up on the disk for ever, at the pace the application form's rate limit allows.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS)
    erased = 0
    for user in unverified_accounts(joined_before=cutoff).order_by("pk"):
        account_erase(user=user)
        erased += 1
    held_files_purge(older_than=cutoff)
    return erased


def held_files_purge(*, older_than) -> None:
    """Held files older than the retention period whose account is gone another way (deleted in the admin)."""
    try:
        _directories, names = default_storage.listdir(HELD_DIRECTORY)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{HELD_DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < older_than:
            default_storage.delete(path)
