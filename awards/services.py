"""Writes with side effects: a nomination stored with its PDF, and its confirmation queued for the nominator; the
retention purge of nominations whose call closed AWARD_NOMINATION_RETENTION_YEARS ago."""

import datetime

from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import mail

from .models import AwardCall, Nomination

CONFIRMATION_SUBJECT = "Your nomination for the CEP Award {year}"


def nomination_submit(*, call: AwardCall, data: dict, supporting_pdf: UploadedFile | None, page_url: str) -> Nomination:
    """Store the nomination and queue the nominator's confirmation in the same transaction: a nomination that is
    not stored is never confirmed, and a mail server that fails cannot lose a stored one."""
    with transaction.atomic():
        nomination = Nomination(call=call, **data)
        if supporting_pdf:
            nomination.supporting_pdf.save(supporting_pdf.name, supporting_pdf, save=False)
        nomination.save()
        body = render_to_string(
            "awards/email/nomination_received.txt", {"nomination": nomination, "call": call, "page_url": page_url}
        )
        mail.email_queue(
            "awards.nomination-received",
            to=[nomination.nominator_email],
            subject=CONFIRMATION_SUBJECT.format(year=call.year),
            body=body,
        )
    return nomination


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Nominations of calls that closed before this day are past the retention period."""
    return (today or timezone.localdate()) - relativedelta(years=settings.AWARD_NOMINATION_RETENTION_YEARS)


def nominations_purge(*, today: datetime.date | None = None) -> int:
    """Delete the nominations of calls that closed more than the retention period ago; returns how many. Their PDFs
    go with them: the queryset's delete sends post_delete for each row (awards/signal_handlers.py)."""
    _total, deleted = Nomination.objects.filter(call__closes_on__lt=retention_cutoff(today)).delete()
    return deleted.get(Nomination._meta.label, 0)
