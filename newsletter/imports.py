"""Staff add subscribers from a CSV file (the admin's import view)."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core.addresses import address_domain_validate

from .models import Subscriber
from .services import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, confirmation_send_if_due, subscriber_get_or_create

HEADER_WORDS = {"email", "e-mail", "email address", "e-mail address", "address", "mail"}


@dataclass
class SkippedRow:
    line: int
    value: str
    reason: str


@dataclass
class ImportReport:
    """What an import did, for the admin page: counts, and each skipped line with its reason."""

    source: str
    consented: bool
    invited: int = 0  # new, or waiting already: asked to confirm (the e-mail at most once a day)
    subscribed: int = 0  # consented: subscribed at once
    unchanged: int = 0  # subscribed already
    skipped: list[SkippedRow] = field(default_factory=list)
    error: str = ""  # the file could not be read at all

    @property
    def rows(self) -> int:
        return self.invited + self.subscribed + self.unchanged + len(self.skipped)


def csv_text(file) -> str:
    """The uploaded file as text: UTF-8 (with or without the BOM Excel writes), else Windows-1252."""
    data = file.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(text: str):
    """(line number, cells) for each non-empty row; separated by commas, semicolons or tabs (as Excel saves)."""
    # The separator most used in the first lines (csv.Sniffer guesses wrong on short files with one column).
    sample = "\n".join(text.splitlines()[:50])
    delimiter = max(",;\t", key=sample.count) if any(mark in sample for mark in ",;\t") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for cells in reader:
        cells = [cell.strip() for cell in cells]
        if any(cells):
            yield reader.line_num, cells


def import_row_problem(email: str, name: str) -> str:
    if not email:
        return "No e-mail address."
    if len(email) > EMAIL_MAX_LENGTH:
        return f"The e-mail address is longer than {EMAIL_MAX_LENGTH} characters."
    try:
        validate_email(email)
    except ValidationError:
        return "Not a valid e-mail address."
    try:
        address_domain_validate(email)
    except ValidationError as error:
        return error.messages[0]
    if len(name) > NAME_MAX_LENGTH:
        return f"The name is longer than {NAME_MAX_LENGTH} characters."
    return ""


def subscribers_import(*, file, source: str, consented: bool, imported_by=None) -> ImportReport:
    """Add the addresses of a CSV file (e-mail, then name; a header row is skipped) to the subscribers.

    - not consented: new addresses wait for confirmation and are sent the link, like a sign-up; they are deleted
      after 7 days if nobody confirms. Unsubscribed and bounced addresses are skipped.
    - consented (staff state that these people agreed elsewhere): subscribed at once, with the source and who
      imported them as the consent record; unsubscribed ones too, since they agreed again.
    A confirmed subscriber is never changed. Bad lines are skipped and reported with their line numbers.
    """
    report = ImportReport(source=source, consented=consented)
    try:
        text = csv_text(file)
    except OSError as error:
        report.error = f"The file could not be read: {error}"
        return report
    seen: dict[str, int] = {}
    now = timezone.now()
    who = getattr(imported_by, "email", "") or "staff"
    consent_record = f"Consent given before the import, as stated by {who} when importing (source: {source})."
    with transaction.atomic():
        for line, cells in csv_rows(text):
            email = cells[0]
            name = cells[1] if len(cells) > 1 else ""
            if not seen and line == 1 and email.lower() in HEADER_WORDS:
                continue
            problem = import_row_problem(email, name)
            if not problem and email.lower() in seen:
                problem = f"Repeats line {seen[email.lower()]}."
            if problem:
                report.skipped.append(SkippedRow(line, email, problem))
                continue
            seen[email.lower()] = line
            subscriber, created = subscriber_get_or_create(
                email, defaults={"name": name, "source": source, "signed_up_at": now}
            )
            status = subscriber.status
            if status == Subscriber.Status.CONFIRMED:
                report.unchanged += 1
            elif consented:
                subscriber.status = Subscriber.Status.CONFIRMED
                subscriber.name = subscriber.name or name
                subscriber.source = source
                subscriber.consent_text, subscriber.consent_version = consent_record, "import"
                subscriber.signed_up_at, subscriber.signed_up_ip = now, None
                subscriber.confirmed_at, subscriber.confirmed_ip = now, None
                subscriber.unsubscribed_at = None
                subscriber.bounce_count = 0
                subscriber.save()
                report.subscribed += 1
            elif status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
                reason = "Unsubscribed" if status == Subscriber.Status.UNSUBSCRIBED else "Bounced"
                report.skipped.append(SkippedRow(line, email, f"{reason}: not added again unless they consented."))
            else:
                # New, or a sign-up already waiting (whose own consent record from the form is kept).
                if subscriber.name == "" and name:
                    subscriber.name = name
                    subscriber.save(update_fields=["name"])
                confirmation_send_if_due(subscriber, now=now)
                report.invited += 1
    return report
