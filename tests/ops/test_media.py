"""What /media/ serves: the public images and their renditions, in every mode, and nothing else uploaded."""

from pathlib import Path

import pytest

from django.conf import settings

from demo.site import placeholder_image

pytestmark = pytest.mark.django_db


def stored(relative: str, content: bytes) -> str:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{relative}"


@pytest.mark.parametrize("debug", [False, True])
def test_an_image_and_its_rendition_are_served_with_their_type(client, settings, debug):
    settings.DEBUG = debug
    image = placeholder_image(title="Board meeting in Vilnius")
    rendition = image.get_rendition("fill-400x267|format-webp")  # one of the cards' (core/images.py)

    for url in [image.file.url, rendition.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")
        assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.parametrize(
    "relative",
    ["member-statutes/statute-of-the-probation-service.pdf", "documents/members-only-minutes.pdf", "held/x.json"],
)
def test_statutes_documents_and_anything_else_uploaded_are_not(client, relative):
    url = stored(relative, b"%PDF-1.4 private")
    assert client.get(url).status_code == 404


def test_no_way_out_of_the_images_folders(client):
    stored("member-statutes/private.pdf", b"%PDF-1.4 private")
    for url in ["/media/images/../member-statutes/private.pdf", "/media/images/%2e%2e/member-statutes/private.pdf"]:
        response = client.get(url)
        assert response.status_code == 404, url
