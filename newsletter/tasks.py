"""Celery tasks for the newsletter: thin, taking ids; the work is in newsletter.sending and newsletter.drafting.

The periodic ones are in CELERY_BEAT_SCHEDULE (cep_site/settings/base.py).
"""

from celery import shared_task

from . import drafting, sending


@shared_task(name="newsletter.tasks.issue_deliveries_send", acks_late=True)
def issue_deliveries_send(delivery_ids: list[int]):
    return sending.deliveries_send(delivery_ids)


@shared_task(name="newsletter.tasks.newsletter_scheduled_send", acks_late=True)
def newsletter_scheduled_send():
    """Every minute (beat): start the sendings whose scheduled time has come, and mark sent those with nothing left
    to send (their last rows failed by the outbox's sweep, or sent by a worker that died before it could say so).

    Rows left queued are woken by core.tasks.outbox_sweep."""
    return {"queued": sending.sendings_start_due(), "finished": sending.sendings_finish()}


@shared_task(name="newsletter.tasks.newsletter_issue_draft", acks_late=True)
def newsletter_issue_draft():
    """The 1st of every second month (beat): draft the next issue from what was published since the last."""
    issue = drafting.issue_draft()
    return issue.pk if issue else None


# ---------------------------------------------------------------------------
# Subscriptions: the daily purge (newsletter.services); confirmation e-mails are one-off e-mails (core.mail)
# ---------------------------------------------------------------------------


@shared_task(name="newsletter.tasks.subscribers_purge", acks_late=True)
def subscribers_purge():
    """Daily (beat): delete sign-ups nobody confirmed within 7 days."""
    from . import services

    return {"deleted": services.subscribers_purge_unconfirmed()}


@shared_task(name="newsletter.tasks.bounce_mailbox_read", acks_late=True)
def bounce_mailbox_read():
    """Every 5 minutes (beat): read the bounce mailbox (newsletter.mailbox); nothing when none is configured."""
    from . import mailbox

    return mailbox.mailbox_read().as_dict()
