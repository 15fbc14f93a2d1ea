from celery import shared_task

from django.core.management import call_command


@shared_task(name="core.tasks.search_index_refresh", acks_late=True)
def search_index_refresh():
    """Rebuild the search index, catching edits that bypassed the save signals (bulk updates, imports)."""
    call_command("update_index", verbosity=0)


# ---------------------------------------------------------------------------
# The contact form (core.contact): its e-mails through the outbox, and the retention purge
# ---------------------------------------------------------------------------


@shared_task(name="core.tasks.contact_emails_send", acks_late=True)
def contact_emails_send(email_ids: list[int]):
    from . import contact

    return contact.emails_send(email_ids)


@shared_task(name="core.tasks.contact_emails_sweep", acks_late=True)
def contact_emails_sweep():
    """Every minute (beat): put back rows a lost worker held, and wake workers for every row due."""
    from . import contact, outbox
    from .models import ContactEmail

    requeued = outbox.requeue_expired(ContactEmail)
    ids = contact.queued_email_ids()
    for start in range(0, len(ids), contact.BATCH_SIZE):
        contact_emails_send.delay(ids[start : start + contact.BATCH_SIZE])
    return {"requeued": requeued, "enqueued": len(ids)}


@shared_task(name="core.tasks.contact_submissions_purge", acks_late=True)
def contact_submissions_purge():
    """Daily (beat): delete contact messages older than CONTACT_SUBMISSION_RETENTION_MONTHS."""
    from . import contact

    return {"deleted": contact.submissions_purge()}
