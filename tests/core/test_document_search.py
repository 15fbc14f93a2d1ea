"""Documents searched: the text of uploaded PDFs is read after upload, and site search finds the pages that use them
by the words inside; files that cannot be read are reported to staff, never an error."""

import io
import json

import pypdf
import pytest
from reportlab.pdfgen import canvas

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, get_page_models

from core import documents
from core.models import DocumentText
from core.tasks import search_index_refresh
from demo.site import block, paragraph
from tests.core.factories import StandardPageFactory, publish
from tests.helpers import page_soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]

Document = get_document_model()


def pdf(*pages: str) -> bytes:
    """A PDF with one line of text per page, as ReportLab writes it."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for text in pages:
        drawing.drawString(72, 720, text)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def encrypted_pdf(*pages: str, user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf(*pages))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def document_create(title="Annual report 2025", data=None, name="annual-report.pdf", **fields):
    """A document as code makes it; its file is read when the test's transaction would commit."""
    return Document.objects.create(title=title, file=ContentFile(data or pdf("Nothing to see"), name=name), **fields)


def read(document) -> DocumentText:
    documents.document_text_read(document_id=document.pk)
    return DocumentText.objects.get(document=document)


def page_linking(parent, document, title="Our reports", text="Read our yearly reports."):
    """A published page whose body links the document with a document block."""
    body = [block("paragraph", paragraph(text)), block("document", {"document": document.pk, "link_text": ""})]
    return publish(StandardPageFactory(parent=parent, title=title, introduction="", body=json.dumps(body)))


def search(client, query):
    return page_soup(client.get("/search/", {"q": query}))


# ---- Reading ----


def test_a_pdf_of_several_pages_is_read_page_by_page():
    document = document_create(data=pdf("Introduction by the president", "Caseloads in Lithuania", "Annexes"))

    text = read(document)

    assert text.status == DocumentText.Status.READ
    assert text.page_count == 3
    assert text.text.split("\f") == ["Introduction by the president", "Caseloads in Lithuania", "Annexes"]
    assert text.read_at is not None
    assert text.reason == ""


def test_a_password_protected_pdf_is_unreadable_with_the_reason():
    document = document_create(data=encrypted_pdf("Board minutes", user_password="secret"))

    text = read(document)

    assert (text.status, text.reason) == (DocumentText.Status.UNREADABLE, "The PDF is password-protected.")
    assert text.text == ""


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_pdf_encrypted_only_against_changes_opens_with_the_empty_password(algorithm):
    document = document_create(data=encrypted_pdf("Probation in Estonia", user_password="", algorithm=algorithm))

    assert read(document).text == "Probation in Estonia"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF", "damaged"),
        (pdf("A full page of text")[:300], "damaged"),
        (b"This is not a PDF at all, whatever its name says.", "damaged"),
        (pdf(""), "has no text to search"),
    ],
    ids=["no-pages", "cut-short", "not-a-pdf-inside", "scanned"],
)
def test_a_damaged_or_empty_pdf_is_unreadable_with_the_reason(data, reason):
    text = read(document_create(data=data))

    assert text.status == DocumentText.Status.UNREADABLE
    assert reason in text.reason


def test_a_document_that_is_not_a_pdf_is_not_read():
    text = read(document_create(title="Budget", data=b"year,amount\n2025,1000\n", name="budget.csv"))

    assert (text.status, text.text, text.reason) == (DocumentText.Status.NOT_PDF, "", "")


def test_replacing_the_file_reads_it_again_and_an_edit_of_the_title_does_not(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_create(data=pdf("First edition"))
    first = DocumentText.objects.get(document=document)
    assert first.text == "First edition"

    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Annual report 2025 (corrected)"
        document.save()
    assert DocumentText.objects.get(document=document).read_at == first.read_at

    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(pdf("Second edition"), name="annual-report-corrected.pdf")
        document.save()
    assert DocumentText.objects.get(document=document).text == "Second edition"


# ---- The admin's upload ----


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    return client


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (encrypted_pdf("Board minutes", user_password="secret"), "The PDF is password-protected."),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catal", "The file is damaged and could not be read."),
    ],
    ids=["encrypted", "broken"],
)
def test_uploading_an_unreadable_pdf_in_the_admin_works_and_its_edit_page_says_why(
    staff_client, django_capture_on_commit_callbacks, data, reason
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/documents/add/",
            {"title": "Board minutes", "file": SimpleUploadedFile("minutes.pdf", data), "collection": 1},
        )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.search_text.reason == reason
    edit_page = page_soup(staff_client.get(f"/admin/documents/edit/{document.pk}/"))
    assert reason in edit_page.get_text()
    assert "Upload a new file" in edit_page.get_text()


def test_replacing_the_file_in_the_admin_reads_the_new_one(staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_create(data=encrypted_pdf("Board minutes", user_password="secret"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/documents/edit/{document.pk}/",
            {
                "title": document.title,
                "file": SimpleUploadedFile("minutes-open.pdf", pdf("Minutes of the Board")),
                "collection": 1,
            },
        )

    assert response.status_code == 302
    text = DocumentText.objects.get(document=document)
    assert (text.status, text.text) == (DocumentText.Status.READ, "Minutes of the Board")
    edit_page = page_soup(staff_client.get(f"/admin/documents/edit/{document.pk}/"))
    assert "Search cannot read" not in edit_page.get_text()


def test_uploading_several_files_at_once_with_a_broken_one_works(staff_client, django_capture_on_commit_callbacks):
    # The admin's "Add documents" page posts each file on its own to the multiple uploader.
    with django_capture_on_commit_callbacks(execute=True):
        for name, data in [("broken.pdf", b"%PDF-1.4\n1 0 obj <<"), ("report.pdf", pdf("Annual figures"))]:
            response = staff_client.post(
                "/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile(name, data), "collection": 1}
            )
            assert response.status_code == 200
            assert response.json()["success"]

    statuses = dict(DocumentText.objects.values_list("document__title", "status"))
    assert statuses == {"broken.pdf": DocumentText.Status.UNREADABLE, "report.pdf": DocumentText.Status.READ}


def test_text_is_stored_without_the_control_characters_postgresql_refuses():
    assert documents.plain_text("Case\x00load\n\nof  the \ud800year") == "Caseload of the year"


# ---- The report ----


def unreadable_document_used_by_a_page(demo_site):
    document = document_create(title="Board minutes", data=encrypted_pdf("Minutes", user_password="secret"))
    read(document)
    page_linking(demo_site, document, title="The Board")
    read_one = document_create(title="Leaflet", data=pdf("A leaflet"), name="leaflet.pdf")
    read(read_one)
    return document


def test_the_report_lists_unreadable_documents_with_the_reason_and_the_pages_that_use_them(staff_client, demo_site):
    unreadable_document_used_by_a_page(demo_site)

    report = page_soup(staff_client.get("/admin/reports/documents-search/"))

    rows = [" ".join(row.get_text(" ").split()) for row in report.select("tbody tr")]
    assert len(rows) == 1
    assert "Board minutes" in rows[0]
    assert "The PDF is password-protected." in rows[0]
    assert "The Board" in rows[0]
    assert "Documents search cannot read" in report.select_one("h1").get_text()


def test_the_report_is_in_the_reports_menu_only_for_staff_who_may_change_documents(client, demo_site):
    unreadable_document_used_by_a_page(demo_site)
    users = get_user_model().objects
    reader = users.create_user(email="reader@cep-probation.org", password="x")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)

    assert client.get("/admin/reports/documents-search/").status_code == 302  # to the dashboard, with a message
    assert "/admin/reports/documents-search/" not in client.get("/admin/").content.decode()

    # Allowed to change the documents of one collection: the report lists that collection's.
    papers = Collection.get_first_root_node().add_child(name="Papers")
    elsewhere = document_create(title="Papers of 2025", data=b"damaged", name="papers.pdf", collection=papers)
    read(elsewhere)
    editors = Group.objects.create(name="Document editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_document", "change_document"):
        editors.collection_permissions.create(collection=papers, permission=Permission.objects.get(codename=codename))
    reader.groups.add(editors)
    client.force_login(reader)

    report = client.get("/admin/reports/documents-search/")
    assert report.status_code == 200
    titles = [link.get_text() for link in page_soup(report).select("tbody td.title a")]
    assert titles == ["Papers of 2025"]
    assert "/admin/reports/documents-search/" in client.get("/admin/").content.decode()


def test_the_report_takes_as_many_queries_for_20_documents_as_for_2(staff_client, demo_site):
    def grow(count, start):
        for number in range(start, start + count):
            document = document_create(
                title=f"Minutes {number}", data=encrypted_pdf("Minutes", user_password="secret"), name="minutes.pdf"
            )
            read(document)
            page_linking(demo_site, document, title=f"Board {number}")

    def queries():
        staff_client.get("/admin/reports/documents-search/")
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get("/admin/reports/documents-search/")
        assert response.status_code == 200
        return len(captured)

    grow(2, 0)
    with_2 = queries()
    grow(18, 2)
    assert queries() == with_2


# ---- Search ----


def test_search_finds_a_page_by_a_word_only_in_its_pdf_and_names_the_document_and_its_page(
    client, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_create(data=pdf("Foreword", "Caseloads fell in Zwolle and Kaunas last year."))
    page = page_linking(demo_site, document, title="Our reports")

    results = search(client, "kaunas")

    assert [link.get_text() for link in results.select(".search-result__title a")] == ["Our reports"]
    assert results.select_one(".search-result__title a")["href"] == page.url
    found = results.select_one(".search-result__document")
    assert " ".join(found.get_text().split()) == "Found on page 2 of the document “Annual report 2025” (PDF)"
    assert found.select_one("a")["href"] == f"{document.url}#page=2"
    snippet = results.select_one(".search-result__snippet")
    assert snippet.get_text() == "Caseloads fell in Zwolle and Kaunas last year."
    assert snippet.select_one("mark").get_text() == "Kaunas"


def test_a_pdf_read_after_the_page_was_published_finds_the_page(client, demo_site):
    # As with a worker: the page is published before its document is read.
    document = document_create(data=pdf("The Zwolle pilot"))
    page_linking(demo_site, document, title="Pilots")
    assert not search(client, "zwolle").select(".search-result")

    read(document)

    assert [a.get_text() for a in search(client, "zwolle").select(".search-result__title a")] == ["Pilots"]


def test_a_page_found_by_its_own_text_shows_its_own_snippet(client, demo_site):
    document = document_create(data=pdf("Zwolle again"))
    read(document)
    page_linking(demo_site, document, title="Pilots", text="The pilot ran in Zwolle.")

    results = search(client, "zwolle")

    assert not results.select(".search-result__document")
    assert results.select_one(".search-result__snippet").get_text() == "The pilot ran in Zwolle."


def test_a_pdf_linked_in_rich_text_or_attached_finds_its_page(client, demo_site):
    linked = document_create(title="Linked", data=pdf("Vilnius"), name="linked.pdf")
    read(linked)
    rich_text = f'<p>See <a linktype="document" id="{linked.pk}">the study</a>.</p>'
    publish(
        StandardPageFactory(parent=demo_site, title="Linked in text", body=json.dumps([block("paragraph", rich_text)]))
    )

    assert [a.get_text() for a in search(client, "vilnius").select(".search-result__title a")] == ["Linked in text"]


def test_the_words_of_a_document_in_a_restricted_collection_find_nothing(client, demo_site):
    private = Collection.get_first_root_node().add_child(name="Members")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document = document_create(data=pdf("Confidential figures from Tallinn"), collection=private)
    read(document)
    page_linking(demo_site, document, title="Members' papers")

    assert not search(client, "tallinn").select(".search-result")


def test_deleting_a_document_takes_its_words_out_of_search(client, demo_site, django_capture_on_commit_callbacks):
    document = document_create(data=pdf("Riga"))
    read(document)
    page_linking(demo_site, document, title="Baltic reports")
    assert search(client, "riga").select(".search-result")

    with django_capture_on_commit_callbacks(execute=True):
        document.delete()

    assert not search(client, "riga").select(".search-result")


def test_every_page_type_is_searched_by_its_documents():
    for model in get_page_models():
        if model._meta.app_label == "wagtailcore":
            continue
        names = [field.field_name for field in model.get_search_fields()]
        assert "documents_text" in names, model


def test_search_results_take_as_many_queries_for_100_documents_as_for_10(client, demo_site):
    def grow(count, start):
        for number in range(start, start + count):
            document = document_create(title=f"Report {number}", data=pdf(f"Report {number} on Ljubljana"))
            read(document)
            page_linking(demo_site, document, title=f"Reports {number}")

    def queries():
        client.get("/search/", {"q": "report"})  # Wagtail's per-site caches; the results searched for are not cached
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": "ljubljana"})
        assert response.status_code == 200
        assert len(page_soup(response).select(".search-result__document")) == 10
        return len(captured)

    grow(10, 0)
    with_10 = queries()
    grow(90, 10)
    assert queries() == with_10


def test_the_nightly_refresh_reads_a_document_whose_reading_was_lost(client, demo_site):
    # Uploaded while the broker was down: nothing was queued, and no row says the file was read.
    document = document_create(data=pdf("Figures from Maribor"))
    page_linking(demo_site, document, title="Slovenian figures")
    assert not DocumentText.objects.exists()

    search_index_refresh.delay()

    assert DocumentText.objects.get(document=document).status == DocumentText.Status.READ
    assert [a.get_text() for a in search(client, "maribor").select(".search-result__title a")] == ["Slovenian figures"]


def test_the_demo_leaflet_is_found_by_a_word_only_in_its_pdf(client, full_demo_site):
    results = search(client, "certificate")

    assert [a.get_text() for a in results.select(".search-result__title a")] == [
        "Framework Decisions 2008/947/JHA and 2009/829/JHA explained"
    ]
    assert "Found on page 2 of the document" in results.select_one(".search-result__document").get_text()
    assert "certificate" not in client.get(results.select_one(".search-result__title a")["href"]).content.decode()
