"""Documents searched, as production runs it: the upload queues the reading in Redis and a Celery worker reads the
PDF on PostgreSQL, after which search finds the page that uses it. In a module of its own: its test empties the
database, so the other document tests would each load their site again."""

import pytest
from celery.contrib.testing.worker import start_worker

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

from cep_site import celery_app
from core.models import DocumentText
from tests.core.test_document_search import page_linking, pdf, search
from tests.helpers import wait_for


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_reads_an_uploaded_pdf_and_search_then_finds_the_page(client, demo_site, search_index, real_broker):
    staff = get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x")
    client.force_login(staff)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Annual report 2025",
            "file": SimpleUploadedFile("annual-report.pdf", pdf("Foreword", "Caseloads fell in Kaunas.")),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    # Published while the reading waits in Redis, as when workers are busy: the page is indexed without the text.
    page_linking(demo_site, document, title="Our reports")
    client.logout()
    assert not search(client, "kaunas").select(".search-result")

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        wait_for(lambda: DocumentText.objects.filter(document=document, status=DocumentText.Status.READ).exists())

    results = search(client, "kaunas")
    assert [link.get_text() for link in results.select(".search-result__title a")] == ["Our reports"]
    assert "page 2" in results.select_one(".search-result__document").get_text()
