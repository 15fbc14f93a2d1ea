"""What real exports (WordPress's theme test data, WordPress.com) have that a plain export has not."""

import pytest
from bs4 import BeautifulSoup

from wagtail.images import get_image_model

from core.models import StandardPage
from news.models import NewsPage
from tests.helpers import png_file
from tests.wordpress.test_import_posts import import_wordpress
from tests.wordpress.wxr_builder import Post, write

pytestmark = pytest.mark.django_db


def password_form(html: str):
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "password"}).find_parent("form")


def test_a_password_protected_post_asks_for_its_password_and_opens_with_it(client, tmp_path, news_index):
    import_wordpress(write(tmp_path, Post(post_id=5, slug="members-only", content="Secret.", password="enter")))

    news = NewsPage.objects.get()
    page = client.get(news.url).content.decode()
    assert "Secret." not in page
    form = password_form(page)
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}

    wrong = client.post(form["action"], {**fields, "password": "guess"})
    assert wrong.status_code == 200 and "Secret." not in wrong.content.decode()
    opened = client.post(form["action"], {**fields, "password": "enter"}, follow=True)
    assert opened.status_code == 200 and "Secret." in opened.content.decode()


def test_an_export_from_wordpress_com_with_its_https_namespace_and_files_host(tmp_path, news_index):
    uploads = tmp_path / "uploads"
    (uploads / "2008/06").mkdir(parents=True)
    (uploads / "2008/06/boat.png").write_bytes(png_file("boat.png").read())
    boat = "https://example.files.wordpress.com/2008/06/boat.png"
    export = write(
        tmp_path,
        Post(post_id=19, slug="boat", content=f'<img src="{boat}?w=300" alt="A boat" />'),
        Post(post_id=59, post_type="attachment", status="inherit", title="Boat", attachment_url=boat),
        scheme="https",
    )

    import_wordpress(export, "--uploads", str(uploads))

    image = get_image_model().objects.get(title="Boat")
    blocks = [block.block_type for block in NewsPage.objects.get(slug="boat").body]
    assert blocks == ["image"] and NewsPage.objects.get().body[0].value["image"] == image


def test_an_item_without_wp_post_id_takes_it_from_its_guid_and_bare_categories_are_categories(tmp_path, news_index):
    path = write(tmp_path, Post(post_id=19, slug="boat", categories=[("boat", "Boats")]))
    text = path.read_text().replace("<wp:post_id>19</wp:post_id>", "")
    path.write_text(text.replace('<category domain="category" nicename="boat">', "<category>"))

    import_wordpress(path)

    news = NewsPage.objects.get()
    assert news.slug == "boat" and [category.name for category in news.categories.all()] == ["Boats"]


def test_a_page_with_a_non_latin_slug_keeps_it_readable(client, tmp_path, demo_site):
    slug = "%ce%b5%ce%bb%ce%bb%ce%b7%ce%bd%ce%b9%ce%ba%ce%ac"  # as WordPress exports it
    greek = Post(post_id=1809, post_type="page", title="Ελληνικά", slug=slug)

    import_wordpress(write(tmp_path, greek))

    page = StandardPage.objects.get(title="Ελληνικά")
    assert page.slug == "ελληνικά"
    assert client.get(page.url).status_code == 200
