"""Attachments from the uploads folder as images and documents, used by the posts, with redirects from their files."""

from pathlib import Path

import pytest

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from news.models import NewsPage
from tests.helpers import png_file
from tests.wordpress.test_import_posts import import_wordpress
from tests.wordpress.wxr_builder import SITE, Post, write

pytestmark = pytest.mark.django_db

UPLOADS = f"{SITE}/wp-content/uploads"


def attachment(post_id, path, title, alt=""):
    meta = {"_wp_attached_file": path}
    if alt:
        meta["_wp_attachment_image_alt"] = alt
    return Post(
        post_id=post_id,
        post_type="attachment",
        status="inherit",
        title=title,
        slug=title.lower().replace(" ", "-"),
        attachment_url=f"{UPLOADS}/{path}",
        link=f"{SITE}/2019/05/baltic-network/{title.lower().replace(' ', '-')}/",
        meta=meta,
    )


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2019/05").mkdir(parents=True)
    (folder / "2019/05/riga.png").write_bytes(png_file("riga.png").read())
    (folder / "2019/05/meeting.png").write_bytes(png_file("meeting.png").read())
    (folder / "2019/05/report.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return folder


POST_WITH_MEDIA = f"""Services met in Riga.

[caption id="attachment_501" align="aligncenter" width="300"]<img src="{UPLOADS}/2019/05/riga-300x200.png" alt="The old town" width="300" height="200" /> Riga's old town[/caption]

Read <a href="{UPLOADS}/2019/05/report.pdf">the report</a>.

[gallery ids="502,503"]

<img src="{UPLOADS}/2019/05/lost.png" alt="" />"""  # noqa: E501 - as WordPress writes it, on one line


def imported_images():
    return get_image_model().objects.exclude(title__startswith="[Demo]")


def export_with_media(tmp_path):
    return write(
        tmp_path,
        Post(post_id=101, title="Riga", slug="riga", content=POST_WITH_MEDIA, meta={"_thumbnail_id": "502"}),
        attachment(501, "2019/05/riga.png", "Riga", alt="Riga from the river"),
        attachment(502, "2019/05/meeting.png", "Meeting"),
        attachment(503, "2019/05/gone.png", "Gone"),
        attachment(504, "2019/05/report.pdf", "Annual report 2018"),
        attachment(505, "2019/05/lost.png", "Lost"),
    )


def test_featured_inline_and_gallery_images_become_images_and_pdfs_documents(tmp_path, news_index, uploads):
    output = import_wordpress(export_with_media(tmp_path), "--uploads", str(uploads))

    images = {image.title: image for image in imported_images()}
    assert set(images) == {"Riga", "Meeting"}
    assert images["Riga"].description == "Riga from the river"
    document = get_document_model().objects.get()
    assert document.title == "Annual report 2018"
    news = NewsPage.objects.get()
    assert news.listing_image == images["Meeting"]
    blocks = [(block.block_type, block.block.get_prep_value(block.value)) for block in news.body]
    assert blocks == [
        ("paragraph", "<p>Services met in Riga.</p>"),
        (
            "image",
            {"image": images["Riga"].pk, "caption": "Riga's old town", "alt_text": "The old town", "decorative": False},
        ),
        ("paragraph", f'<p>Read <a linktype="document" id="{document.pk}">the report</a>.</p>'),
        ("image", {"image": images["Meeting"].pk, "caption": "", "alt_text": "", "decorative": False}),
    ]
    assert "failed 1: file missing from the uploads folder: 2019/05/gone.png" in output
    assert "failed 1: file missing from the uploads folder: 2019/05/lost.png" in output


def test_old_file_and_attachment_addresses_redirect_to_the_new_files(client, tmp_path, news_index, uploads):
    import_wordpress(export_with_media(tmp_path), "--uploads", str(uploads))
    document = get_document_model().objects.get()
    image = get_image_model().objects.get(title="Riga")

    assert client.get("/wp-content/uploads/2019/05/report.pdf")["Location"] == document.url
    assert client.get("/?attachment_id=504")["Location"] == document.url
    assert client.get("/2019/05/baltic-network/riga/")["Location"] == image.file.url
    assert client.get("/wp-content/uploads/2019/05/report.pdf", follow=True).status_code == 200


def test_old_addresses_of_resized_copies_redirect_to_the_image(client, tmp_path, news_index, uploads):
    import_wordpress(export_with_media(tmp_path), "--uploads", str(uploads))
    image = get_image_model().objects.get(title="Riga")

    for size in ["riga-300x200.png", "riga-1024x683.png", "riga-150x150.png", "riga.png"]:
        response = client.get(f"/wp-content/uploads/2019/05/{size}")
        assert (response.status_code, response["Location"]) == (301, image.file.url)
    assert client.get(image.file.url).status_code == 200
    assert client.get("/wp-content/uploads/2019/05/never-imported-300x200.png").status_code == 404


def test_a_second_run_makes_no_second_image(tmp_path, news_index, uploads):
    export = export_with_media(tmp_path)
    import_wordpress(export, "--uploads", str(uploads))

    output = import_wordpress(export, "--uploads", str(uploads))

    assert imported_images().count() == 2
    assert get_document_model().objects.count() == 1
    row = next(line for line in output.splitlines() if line.startswith("attachment"))
    assert row.split()[1:3] == ["0", "0"]  # none created, none updated


def test_without_an_uploads_folder_posts_are_imported_without_their_media(tmp_path, news_index):
    output = import_wordpress(export_with_media(tmp_path))

    assert NewsPage.objects.get().listing_image is None
    assert not imported_images().exists()
    assert "skipped 5: no --uploads folder given" in output


def test_a_dry_run_leaves_no_file_behind(tmp_path, news_index, uploads, settings):
    def media_files():
        return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())

    files_before = media_files()

    output = import_wordpress(export_with_media(tmp_path), "--uploads", str(uploads), "--dry-run")

    assert next(line for line in output.splitlines() if line.startswith("attachment")).split()[1] == "3"
    assert not imported_images().exists()
    assert media_files() == files_before
