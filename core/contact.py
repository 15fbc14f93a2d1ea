"""The contact page's form: the view, the stored message, its e-mail through the outbox, and the retention purge.

A message that passes the form is stored (`ContactSubmission`, listed in the admin) and its e-mail to the
secretariat queued as a `ContactEmail` row in the same transaction; a Celery task sends it after commit, as every
outbox row is sent (docs/delivery.md). The e-mail goes to the page's `recipient`, else the site's contact address,
with Reply-To the sender. Messages older than `CONTACT_SUBMISSION_RETENTION_MONTHS` are deleted daily (beat's
`core.tasks.contact_submissions_purge`, or `manage.py purge_contact_submissions`).
"""

import logging
from email.utils import formataddr

from dateutil.relativedelta import relativedelta
from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone

from . import outbox
from .forms import ContactForm
from .models import ContactEmail, ContactPage, ContactSubmission, SiteSettings
from .public_forms import kept_private, rate_limited, see_other

logger = logging.getLogger(__name__)

# What a message is made of, fetched with the rows.
MESSAGE_RELATED = ("submission__page",)
SUBJECT_PREFIX = "[CEP website] "


# ---------------------------------------------------------------------------
# The page's routes (ContactPage.contact and ContactPage.thanks)
# ---------------------------------------------------------------------------


def contact_rate(group, request) -> str:
    # Read at each request rather than at import, so that a changed setting takes effect.
    return settings.CONTACT_FORM_RATE


def thanks_url(request, page: ContactPage) -> str:
    return page.get_url(request) + page.reverse_subpage("thanks")


def page_with_form(request, page: ContactPage, *, form, status: int = 200) -> TemplateResponse:
    request.is_preview = getattr(request, "is_preview", False)
    response = TemplateResponse(
        request, page.get_template(request), page.get_context(request, form=form), status=status
    )
    # What the visitor typed, shown back to them: for no cache to keep.
    return kept_private(response) if form.is_bound else response


@ratelimit(key="ip", rate=contact_rate, method="POST", block=False)
def contact_form(request, page: ContactPage):
    """GET: the page with an empty form. POST: a 303 to `thanks/`, a 400 with the form and its errors, or a 429."""
    if request.method in ("GET", "HEAD"):
        return page_with_form(request, page, form=ContactForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.limited:
        return rate_limited(request, page=page, things="messages", doing="getting in touch")
    form = ContactForm(request.POST)
    if form.is_from_a_bot:
        # Thanked like anyone else, so that the bot learns nothing; nothing is kept or sent.
        return see_other(thanks_url(request, page))
    if not form.is_valid():
        return page_with_form(request, page, form=form, status=400)
    submission_create(page=page, data=form.submission_data(), recipient=recipient_for(request, page))
    return see_other(thanks_url(request, page))


def contact_thanks(request, page: ContactPage):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    request.is_preview = getattr(request, "is_preview", False)
    context = page.get_context(request)
    return TemplateResponse(request, "cep_site/contact_page_thanks.html", context)


# ---------------------------------------------------------------------------
# Storing and queueing
# ---------------------------------------------------------------------------


def recipient_for(request, page: ContactPage) -> str:
    """The page's own recipient, else the general enquiries address of the request's site ("" if neither)."""
    return page.recipient or SiteSettings.for_request(request).contact_email


def submission_create(*, page: ContactPage | None, data: dict, recipient: str) -> ContactSubmission:
    """Store the message and queue its e-mail to `recipient` (none when empty); workers are woken after commit."""
    with transaction.atomic():
        submission = ContactSubmission.objects.create(page=page, recipient=recipient, **data)
        if not recipient:
            logger.warning("Contact message %s kept but not sent: no recipient is set.", submission.pk)
            return submission
        row = ContactEmail.objects.create(submission=submission, recipient=recipient)
        outbox.dispatch(ContactEmail, [row.pk])
    return submission


# ---------------------------------------------------------------------------
# Sending (the worker's side)
# ---------------------------------------------------------------------------


def contact_message(row: ContactEmail) -> EmailMessage:
    """The e-mail to the secretariat: the message as typed, with Reply-To the person who wrote it."""
    submission = row.submission
    context = {"submission": submission, "retention_months": settings.CONTACT_SUBMISSION_RETENTION_MONTHS}
    body = render_to_string("cep_site/email/contact_message.txt", context)
    return EmailMessage(
        subject=SUBJECT_PREFIX + submission.subject,
        body=body,
        to=[row.recipient],
        reply_to=[formataddr((submission.name, submission.email))],
    )


def emails_send(ids: list[int]) -> dict[str, int]:
    """Claim those of `ids` still queued and send them; rows another worker holds or has sent are skipped."""
    claimed = outbox.claim(ContactEmail.objects.filter(pk__in=ids), limit=len(ids))
    return outbox.send_claimed(ContactEmail, claimed, contact_message, related=MESSAGE_RELATED)


def emails_send_queued() -> dict[str, int]:
    """Send every queued row, batch by batch, in this process (the management command)."""
    totals = {"sent": 0, "failed": 0, "retry": 0}
    while claimed := outbox.claim(ContactEmail.objects.all(), limit=outbox.BATCH_SIZE):
        outcome = outbox.send_claimed(ContactEmail, claimed, contact_message, related=MESSAGE_RELATED)
        for key, value in outcome.items():
            totals[key] += value
        if outcome["retry"]:
            break  # the mail server is struggling: leave the rest for the next run
    return totals


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------


def retention_cutoff(now=None):
    return (now or timezone.now()) - relativedelta(months=settings.CONTACT_SUBMISSION_RETENTION_MONTHS)


def submissions_purge(*, now=None) -> int:
    """Delete the messages sent before the retention period, with their e-mail rows; returns how many."""
    _total, deleted = ContactSubmission.objects.filter(created_at__lt=retention_cutoff(now)).delete()
    return deleted.get(ContactSubmission._meta.label, 0)
