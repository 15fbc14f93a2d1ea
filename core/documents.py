"""Documents searched: the text of uploaded PDFs, read by a worker and indexed with the pages that use them.

A document's file is read after it is uploaded or replaced (`document_text_read`, called by the task
`core.tasks.document_text_read` that the save queues at commit). Its text goes on a `DocumentText` row; then the
pages that use the document (Wagtail's reference index) are indexed again, with the text of their public documents
as one more search field (`BasePage.documents_text`, `page_documents_text`). A file that cannot be read is never an
error for the editor who uploaded it: its row says why, the admin's report lists it, and its edit page says it.
"""

import hashlib
import io
import logging
import re
import time
from dataclasses import dataclass

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.search import index

from . import page_cache
from .models import DocumentText

logger = logging.getLogger(__name__)

# Enough for a long report (a 150-page report is about 500,000 characters); past it the rest of a file is not
# searched. A page's entry in PostgreSQL's index is one tsvector of at most 1 MB: 400,000 characters of words that
# are all different (a worst case, measured) make 780 kB of it, leaving room for the page's own text.
DOCUMENT_TEXT_MAX = 500_000
PAGE_DOCUMENTS_TEXT_MAX = 400_000
# A damaged or hostile file can make a reader loop over its pages for minutes: past these, what was read is kept.
PAGES_READ_MAX = 2_000
READING_SECONDS_MAX = 60
PAGE_BREAK = "\f"
UNSTORABLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")

PASSWORD_PROTECTED = "The PDF is password-protected."  # noqa: S105 -- a message, not a password
ENCRYPTED = "The PDF is encrypted against copying, which the site cannot open. Save a copy without protection."
DAMAGED = "The file is damaged and could not be read."
EMPTY = "The file is empty."
NO_TEXT = "The PDF has no text to search: it may be a scan. Upload a version with text (run it through OCR)."
TOO_SLOW = "Reading the file took too long; it may be damaged."
MISSING = "The file could not be found in the storage."


@dataclass(frozen=True)
class PdfReading:
    status: str
    text: str = ""
    page_count: int | None = None
    reason: str = ""


def is_pdf(document) -> bool:
    return document.file_extension.lower() == "pdf"


def pdf_read(data: bytes) -> PdfReading:
    """The text of a PDF, its pages separated by PAGE_BREAK, or why it could not be read. Never raises for what a
    file holds: a broken file is an outcome, not an error."""
    if not data:
        return PdfReading(DocumentText.Status.UNREADABLE, reason=EMPTY)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return PdfReading(DocumentText.Status.UNREADABLE, reason=PASSWORD_PROTECTED)
        return pages_read(reader)
    except (FileNotDecryptedError, DependencyError):
        # Opened with the empty password but in AES, which pypdf decrypts only where `cryptography` is installed.
        return PdfReading(DocumentText.Status.UNREADABLE, reason=ENCRYPTED)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
        # strict=False repairs what it can; what is left surfaces as any of these from deep in the parser.
        logger.info("A document could not be read", exc_info=True)
        return PdfReading(DocumentText.Status.UNREADABLE, reason=DAMAGED)


def pages_read(reader: pypdf.PdfReader) -> PdfReading:
    started = time.monotonic()
    page_count = len(reader.pages)
    texts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= PAGES_READ_MAX or length >= DOCUMENT_TEXT_MAX:
            break
        if time.monotonic() - started > READING_SECONDS_MAX:
            if not texts:
                return PdfReading(DocumentText.Status.UNREADABLE, page_count=page_count, reason=TOO_SLOW)
            break
        text = plain_text(page.extract_text() or "")
        texts.append(text)
        length += len(text) + 1
    text = PAGE_BREAK.join(texts)[:DOCUMENT_TEXT_MAX]
    if not text.replace(PAGE_BREAK, "").strip():
        return PdfReading(DocumentText.Status.UNREADABLE, page_count=page_count, reason=NO_TEXT)
    return PdfReading(DocumentText.Status.READ, text=text, page_count=page_count)


def plain_text(extracted: str) -> str:
    """Words separated by single spaces, without the control characters and lone surrogates a PDF's fonts can map
    to: PostgreSQL stores neither."""
    return " ".join(UNSTORABLE.sub("", extracted).split())


def document_needs_reading(document) -> bool:
    """A new document, or one whose file was replaced since it was read."""
    text = DocumentText.objects.filter(document=document).only("file_name", "file_hash").first()
    if text is None:
        return True
    return text.file_name != document.file.name or bool(document.file_hash and document.file_hash != text.file_hash)


def document_text_read(*, document_id: int) -> DocumentText | None:
    """Read the document's file if it is new or was replaced, then index again the pages that use the document
    (its text, its title or its collection may have changed). None if the document is gone."""
    documents_read(document_ids=[document_id])
    return DocumentText.objects.filter(document_id=document_id).first()


def documents_read(*, document_ids) -> None:
    """`document_text_read` for several documents, each page that uses some of them indexed once."""
    documents = list(get_document_model().objects.filter(pk__in=document_ids))
    for document in documents:
        if document_needs_reading(document):
            document_file_read(document)
    page_ids = {page.pk for pages in documents_pages_using(documents).values() for page in pages}
    if page_ids:
        pages_reindex(page_ids)
        page_cache.purge()  # search results are cached under the content generation


def document_file_read(document) -> DocumentText:
    data, file_hash = b"", ""
    try:
        with document.open_file() as file:
            data = file.read()
        file_hash = hashlib.sha1(data).hexdigest()  # noqa: S324 -- as Wagtail's file_hash: a fingerprint, not a secret
        reading = pdf_read(data) if is_pdf(document) else PdfReading(DocumentText.Status.NOT_PDF)
    except OSError:
        logger.warning("The file of document %s could not be opened", document.pk, exc_info=True)
        reading = PdfReading(DocumentText.Status.UNREADABLE, reason=MISSING)
    text, _created = DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "status": reading.status,
            "text": reading.text,
            "page_count": reading.page_count,
            "reason": reading.reason,
            "file_name": document.file.name,
            "file_hash": file_hash,
            "read_at": timezone.now(),
        },
    )
    return text


def documents_pages_using(documents) -> dict[int, list]:
    """The pages that use each of `documents`, by document id. Two queries whatever their number."""
    references = (
        ReferenceIndex.get_references_to_in_bulk(documents)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("to_object_id", "object_id")
    )
    page_ids_of = {}
    for document_id, page_id in references:
        page_ids_of.setdefault(int(document_id), set()).add(int(page_id))
    pages = Page.objects.in_bulk({pk for ids in page_ids_of.values() for pk in ids})
    return {
        document_id: sorted((pages[pk] for pk in ids if pk in pages), key=lambda page: page.title)
        for document_id, ids in page_ids_of.items()
    }


def documents_reindex_pages_on_delete(document) -> None:
    """Before a document is deleted: index its pages again once it is gone, so its words no longer find them."""
    page_ids = [page.pk for page in documents_pages_using([document]).get(document.pk, [])]
    if page_ids:
        transaction.on_commit(lambda: pages_reindex(page_ids), robust=True)


def pages_reindex(page_ids) -> None:
    for page in Page.objects.filter(pk__in=page_ids).specific():
        index.insert_or_update_object(page)


def documents_unread() -> list[int]:
    """Documents never read: their task was lost (the broker was down at upload). Beat's nightly refresh reads them."""
    return list(get_document_model().objects.filter(search_text__isnull=True).values_list("pk", flat=True))


# ---------------------------------------------------------------------------
# What a page is searched by
# ---------------------------------------------------------------------------


def public_document_texts(document_ids) -> list[DocumentText]:
    """The texts read of these documents, leaving out those in a collection with a view restriction (members' papers):
    a public page that links one must not give away its words in search."""
    texts = list(
        DocumentText.objects.filter(document_id__in=document_ids, status=DocumentText.Status.READ)
        .select_related("document__collection")
        .order_by("document_id")
    )
    # A restriction covers the collections under its own (treebeard paths: a child's path starts with its parent's).
    restricted = tuple(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not restricted:
        return texts
    return [text for text in texts if not text.document.collection.path.startswith(restricted)]


def page_document_ids(page) -> list[str]:
    """The documents the page refers to, from its own content rather than from the reference index's rows.

    The page is indexed in the same commit as those rows are updated, and before them (both are Wagtail tasks run at
    commit, search first), so the rows would still name the documents of its previous version. The extraction is the
    one the reference index records (`tests/core/test_document_search.py` checks it still finds fields, blocks and
    rich text links).
    """
    document_type = ReferenceIndex._get_base_content_type(get_document_model()).pk
    references = ReferenceIndex._extract_references_from_object(page)
    return sorted({object_id for content_type_id, object_id, *_paths in references if content_type_id == document_type})


def page_documents_text(page) -> str:
    """The text of the public documents a page uses, for its search index entry."""
    if not page.pk:
        return ""
    ids = page_document_ids(page)
    if not ids:
        return ""
    return "\n".join(text.text for text in public_document_texts(ids))[:PAGE_DOCUMENTS_TEXT_MAX]
