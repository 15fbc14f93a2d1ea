"""Uploaded files never run on the site's origin: documents other than PDFs are downloads, images are raster only."""

from io import BytesIO

import pytest
from PIL import Image

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from members.services import statute_validate

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    return client


def served(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    return response


def test_an_html_document_is_served_as_a_download_never_inline(client, db):
    # Made directly, as an upload before the extension list was tightened would be.
    document = get_document_model().objects.create(title="Evil", file=ContentFile(HTML, name="evil.html"))
    response = served(client, document)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_an_svg_document_is_served_as_a_download_never_inline(client, db):
    document = get_document_model().objects.create(title="Drawing", file=ContentFile(SVG, name="drawing.svg"))
    response = served(client, document)
    assert response["Content-Disposition"].startswith("attachment")


def test_a_pdf_document_opens_in_the_browser(client, db):
    document = get_document_model().objects.create(title="Report", file=ContentFile(b"%PDF-1.4\n%%EOF", name="r.pdf"))
    response = served(client, document)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "drawing.svg", "script.js", "page.xhtml"])
def test_staff_cannot_upload_web_content_as_a_document(staff_client, name):
    response = staff_client.post(
        "/admin/documents/add/",
        {"title": "Upload", "file": SimpleUploadedFile(name, HTML), "collection": 1},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not get_document_model().objects.exists()


def test_an_svg_image_upload_is_refused(staff_client):
    response = staff_client.post(
        "/admin/images/add/",
        {
            "title": "Drawing",
            "file": SimpleUploadedFile("drawing.svg", SVG, content_type="image/svg+xml"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    assert b"svg" in response.content.lower()  # the error names what is not allowed


def test_a_membership_statute_must_be_a_pdf_by_its_bytes_not_its_name():
    with pytest.raises(ValidationError):
        statute_validate(SimpleUploadedFile("statute.pdf", HTML, content_type="application/pdf"))
    with pytest.raises(ValidationError):
        statute_validate(SimpleUploadedFile("statute.html", b"%PDF-1.4\n%%EOF"))
    statute_validate(SimpleUploadedFile("statute.pdf", b"%PDF-1.4\n%%EOF"))


def test_staff_can_still_upload_a_pdf_document_and_a_png_image(staff_client):
    # The refusals above are for the file type, not for the form as posted.
    png = BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    document = staff_client.post(
        "/admin/documents/add/",
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF"), "collection": 1},
    )
    image = staff_client.post(
        "/admin/images/add/",
        {
            "title": "Photo",
            "file": SimpleUploadedFile("photo.png", png.getvalue(), content_type="image/png"),
            "collection": 1,
        },
    )
    assert document.status_code == 302
    assert image.status_code == 302
    assert get_document_model().objects.count() == 1
    assert get_image_model().objects.count() == 1
