"""Every picture an editor adds has alt text, or is marked decorative on purpose: in the image library and in text."""

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model

from core.blocks import ImageBlock

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800), (0, 51, 153)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="x"))
    return client


@pytest.fixture
def image(db):
    return get_image_model().objects.create(
        title="General Assembly", description="", file=ContentFile(png_bytes(), name="assembly.png")
    )


def edit(client, image, **fields):
    data = {"title": image.title, "description": "", "collection": image.collection_id, "tags": ""}
    data.update(fields)
    return client.post(f"/admin/images/{image.pk}/", data)


def test_saving_an_image_without_alt_text_asks_for_it_and_keeps_what_is_stored(editor_client, image):
    image.description = "Delegates in Brussels"
    image.save()
    response = edit(editor_client, image, title="Renamed")
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Describe the picture for people who cannot see it" in errors
    image.refresh_from_db()
    assert (image.title, image.description) == ("General Assembly", "Delegates in Brussels")


def test_an_image_saves_with_alt_text(editor_client, image):
    response = edit(editor_client, image, description="Delegates at the General Assembly in Brussels")
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.description == "Delegates at the General Assembly in Brussels"


def test_a_decorative_image_saves_without_alt_text_even_if_some_was_typed(editor_client, image):
    response = edit(editor_client, image, description="a blue pattern", decorative="on")
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.description == ""


def test_the_edit_form_offers_decorative_right_after_the_alt_text(editor_client, image):
    page = BeautifulSoup(editor_client.get(f"/admin/images/{image.pk}/").content, "html.parser")
    names = [field["name"] for field in page.select("form input[name], form textarea[name]") if field.get("name")]
    assert names.index("decorative") == names.index("description") + 1
    # Saved before without alt text: it shows as decorative, which is how the site renders it.
    assert page.select_one('input[name="decorative"]').has_attr("checked")


def test_the_multiple_uploader_takes_the_files_first_then_asks_for_alt_text(editor_client):
    upload = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("board.png", png_bytes(), content_type="image/png")},
    )
    assert upload.status_code == 200
    assert upload.json()["success"] is True
    image = get_image_model().objects.get()
    prefix = f"image-{image.pk}"
    fields = {f"{prefix}-title": "Board", f"{prefix}-collection": image.collection_id, f"{prefix}-tags": ""}

    missing = editor_client.post(f"/admin/images/multiple/{image.pk}/", {**fields, f"{prefix}-description": ""})
    assert missing.json()["success"] is False
    assert "Describe the picture" in missing.json()["form"]

    described = editor_client.post(
        f"/admin/images/multiple/{image.pk}/", {**fields, f"{prefix}-description": "The Board around a table"}
    )
    assert described.json()["success"] is True
    image.refresh_from_db()
    assert image.description == "The Board around a table"


def test_a_picture_in_text_needs_alt_text_unless_decorative(image):
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "caption": "", "alt_text": "", "decorative": False}))
    assert "alt_text" in error.value.block_errors
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "Delegates voting", "decorative": False}))
    image.description = "Delegates in Brussels"
    image.save()
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))


def test_a_decorative_picture_in_text_has_empty_alt_text(image):
    image.description = "Delegates in Brussels"
    image.save()
    block = ImageBlock()
    decorative = BeautifulSoup(block.render(block.to_python({"image": image.pk, "decorative": True})), "html.parser")
    described = BeautifulSoup(block.render(block.to_python({"image": image.pk, "alt_text": ""})), "html.parser")
    assert decorative.select_one("img")["alt"] == ""
    assert described.select_one("img")["alt"] == "Delegates in Brussels"
    # Sized and offered as WebP, so the text does not jump as it loads.
    assert described.select_one("img")["width"] and described.select_one("img")["height"]
    assert described.select_one('source[type="image/webp"]')["srcset"]
