"""Applying from the membership page: the applicant's account, and the application held until the address is verified.

An anonymous applicant gets an account (an unverified address) and their application is *held*: what they sent is
kept as a JSON file and the statute beside it, under `member-statutes/held/`, and nothing reaches the membership
records yet. When they follow the link in the verification e-mail, allauth's `email_confirmed` signal releases it
through `members.services.application_submit`, exactly as if a verified member had sent it. Staff therefore only ever
see applications from addresses that were confirmed, and the "received" e-mail goes to an address known to work.

See docs/members.md, "Applying".
"""

import datetime
import json
import logging
import uuid

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import mail

from .models import MembershipApplication
from .services import application_submit

logger = logging.getLogger(__name__)

# Under the statutes' directory, so that the rule "never serve member-statutes/ publicly" covers held files too.
HELD_DIRECTORY = "member-statutes/held"
ADDRESS_TAKEN_SUBJECT = "[CEP] Someone tried to apply for membership with your e-mail address"


def address_has_account(email: str) -> bool:
    """Whether an account uses this address, as its login or as an address waiting for verification."""
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def applicant_register(
    request, *, email: str, password: str, first_name: str, last_name: str, data: dict, statute: UploadedFile | None
) -> EmailAddress:
    """A new account with its application held, and allauth's verification e-mail to the address.

    The account's address is not verified, so allauth refuses it a login until the link is followed. Raises
    IntegrityError if the address got an account meanwhile; on any error nothing is kept, no row and no file.
    """
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name
        )
        address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        application_hold(user=user, data=data, statute=statute)
        try:
            # Sent now, inside the request, as allauth's own sign-up does (its mails read the request it is serving).
            address.send_confirmation(request, signup=True)
        except Exception:
            held_application_discard(user)
            raise
    return address


# ---------------------------------------------------------------------------
# Held applications
# ---------------------------------------------------------------------------


def held_application_path(user) -> str:
    # Derived from the account (a re-used primary key has another date_joined) and the secret key, so that the name
    # says nothing and cannot be guessed; there is no row to keep it in.
    joined = user.date_joined.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%f")
    digest = salted_hmac("members.applications.held", f"{user.pk}:{joined}").hexdigest()
    return f"{HELD_DIRECTORY}/{digest}.json"


def held_application_read(user) -> dict | None:
    path = held_application_path(user)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as held_file:
        return json.load(held_file)


def application_hold(*, user, data: dict, statute: UploadedFile | None) -> None:
    """Keep an application until `user` verifies their address: `data` as `application_submit` takes it.

    The statute must have passed `statute_validate` already. If writing fails, nothing is left behind.
    """
    statute_path = default_storage.save(f"{HELD_DIRECTORY}/{uuid.uuid4().hex}.pdf", statute) if statute else ""
    try:
        held = {"data": data, "statute": statute_path, "held_at": timezone.now().isoformat()}
        path = held_application_path(user)
        default_storage.delete(path)  # there is none for a new account; never let the storage rename ours
        default_storage.save(path, ContentFile(json.dumps(held).encode()))
    except Exception:
        if statute_path:
            default_storage.delete(statute_path)
        raise


def held_application_files(user) -> list[str]:
    """The stored files of the application `user` has waiting, if any."""
    held = held_application_read(user)
    if held is None:
        return []
    return [path for path in (held_application_path(user), held.get("statute")) if path]


def held_application_discard(user) -> None:
    for path in held_application_files(user):
        default_storage.delete(path)


def files_delete_on_commit(paths: list[str]) -> None:
    def delete():
        for path in paths:
            default_storage.delete(path)

    paths = [path for path in paths if path]
    if paths:
        transaction.on_commit(delete, robust=True)


def application_release(*, user) -> MembershipApplication | None:
    """Submit the application `user` has waiting, now that their address is verified; None if there is none.

    A failure is logged and leaves the held files for staff to look into: the verification itself must go through.
    """
    try:
        held = held_application_read(user)
    except (OSError, ValueError):
        logger.exception("The held application of user %s cannot be read.", user.pk)
        return None
    if held is None:
        return None
    try:
        with transaction.atomic():
            if held.get("statute"):
                with default_storage.open(held["statute"], "rb") as stored:
                    application = application_submit(user, data=held["data"], statute=File(stored, name="statute.pdf"))
            else:
                application = application_submit(user, data=held["data"], statute=None)
    except Exception:
        logger.exception("The held application of user %s could not be submitted.", user.pk)
        return None
    files_delete_on_commit([held_application_path(user), held.get("statute", "")])
    return application


def address_confirmed(sender, request, email_address, **kwargs):
    """allauth's `email_confirmed`: a verified address releases its account's held application."""
    application_release(user=email_address.user)


def connect() -> None:
    email_confirmed.connect(address_confirmed, dispatch_uid="members.applications.address_confirmed")


# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------


def address_taken_notice_queue(*, email: str, login_url: str, apply_url: str) -> None:
    """Tell the owner of an address that someone applied with it, instead of telling the person who typed it."""
    body = render_to_string(
        "members/email/application_address_taken.txt",
        {"login_url": mail.public_url(login_url), "apply_url": mail.public_url(apply_url)},
    )
    mail.email_queue("members.application-address-taken", to=[email], subject=ADDRESS_TAKEN_SUBJECT, body=body)
