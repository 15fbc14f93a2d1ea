from celery import shared_task

from django.core.management import call_command


@shared_task(name="core.tasks.search_index_refresh", acks_late=True)
def search_index_refresh():
    """Rebuild the search index, catching edits that bypassed the save signals (bulk updates, imports), after reading
    the documents whose reading was never done (the broker was down when they were uploaded)."""
    from . import documents

    documents.documents_read(document_ids=documents.documents_unread())
    call_command("update_index", verbosity=0)


@shared_task(name="core.tasks.document_text_read", acks_late=True)
def document_text_read(document_id: int):
    """After a document is uploaded or changed: read its text for search and index again the pages that use it."""
    from . import documents

    text = documents.document_text_read(document_id=document_id)
    return text.status if text else None


@shared_task(name="core.tasks.scheduled_pages_publish", acks_late=True)
def scheduled_pages_publish():
    """Every minute (beat): publish the pages whose go-live time has come and unpublish those whose expiry time has
    passed, as editors set them in the page's "Set schedule" (Wagtail's `publish_scheduled`)."""
    call_command("publish_scheduled", verbosity=0)


# ---------------------------------------------------------------------------
# The outbox (core.outbox, docs/delivery.md): one sweep for every kind of row, and the one-off e-mails (core.mail)
# ---------------------------------------------------------------------------


@shared_task(name="core.tasks.outbox_sweep", acks_late=True)
def outbox_sweep():
    """Every minute (beat): for every kind of row, put back rows a lost worker held and wake workers for every row
    that may be sent now."""
    from . import outbox

    return outbox.sweep()


@shared_task(name="core.tasks.outbox_emails_send", acks_late=True)
def outbox_emails_send(email_ids: list[int]):
    from . import mail

    return mail.emails_send(email_ids)


@shared_task(name="core.tasks.outbox_emails_purge", acks_late=True)
def outbox_emails_purge():
    """Daily (beat): delete one-off e-mails sent or given up on more than OUTBOX_EMAIL_RETENTION_DAYS ago."""
    from . import mail

    return {"deleted": mail.emails_purge()}


# ---------------------------------------------------------------------------
# The contact form (core.contact): its e-mails through the outbox, and the retention purge
# ---------------------------------------------------------------------------


@shared_task(name="core.tasks.contact_emails_send", acks_late=True)
def contact_emails_send(email_ids: list[int]):
    from . import contact

    return contact.emails_send(email_ids)


@shared_task(name="core.tasks.contact_submissions_purge", acks_late=True)
def contact_submissions_purge():
    """Daily (beat): delete contact messages older than CONTACT_SUBMISSION_RETENTION_MONTHS."""
    from . import contact

    return {"deleted": contact.submissions_purge()}
