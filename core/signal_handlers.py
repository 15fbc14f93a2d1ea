"""Receivers of Django's signals for what core keeps: a document's text is read after it is saved (core/documents.py).

Connected in `CoreConfig.ready`. They only hand over: what happens is in the service the task calls.
"""

from django.db import transaction
from django.db.models.signals import post_save, pre_delete

from wagtail.documents import get_document_model

from .documents import documents_reindex_pages_on_delete
from .tasks import document_text_read


def document_saved(sender, instance, raw=False, **kwargs):
    """Read the file (if it is new or was replaced) once the upload is committed, outside the editor's request.

    `robust`: a broker that is down is logged and the upload goes on; beat's nightly refresh reads what was missed.
    """
    if raw:
        return
    document_id = instance.pk
    transaction.on_commit(lambda: document_text_read.delay(document_id), robust=True)


def document_deleting(sender, instance, **kwargs):
    documents_reindex_pages_on_delete(instance)


def connect() -> None:
    document_model = get_document_model()
    post_save.connect(document_saved, sender=document_model, dispatch_uid="cep-document-text-read")
    pre_delete.connect(document_deleting, sender=document_model, dispatch_uid="cep-document-pages-reindex")
