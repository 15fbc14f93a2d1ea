"""Every old WordPress address answers with a permanent redirect to what it became."""

import pytest

from wagtail.contrib.redirects.models import Redirect

from core.models import StandardPage
from news.models import NewsPage
from tests.wordpress.test_import_posts import import_wordpress, riga_post
from tests.wordpress.wxr_builder import Post, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, news_index):
    about = Post(
        post_id=10,
        post_type="page",
        title="Who we are",
        slug="who-we-are",
        link="https://www.cep-probation.org/about/who-we-are/",
    )
    import_wordpress(write(tmp_path, riga_post(), about))
    return NewsPage.objects.get(), StandardPage.objects.get(slug="who-we-are")


@pytest.mark.parametrize(
    "old_address",
    ["/2019/05/baltic-network/", "/2019/05/baltic-network", "/?p=101", "/?p=101&utm_source=newsletter"],
)
def test_a_post_s_old_addresses_answer_301_to_the_news_item(client, imported, old_address):
    news, _page = imported

    response = client.get(old_address)

    assert response.status_code == 301
    assert response["Location"] == news.url
    followed = client.get(old_address, follow=True)
    assert followed.status_code == 200
    assert "Probation &amp; the Baltic network" in followed.content.decode()


@pytest.mark.parametrize("old_address", ["/about/who-we-are/", "/?page_id=10", "/?p=10"])
def test_a_page_s_old_addresses_answer_301_to_the_page(client, imported, old_address):
    _news, page = imported

    response = client.get(old_address)

    assert (response.status_code, response["Location"]) == (301, page.url)


def test_an_unknown_id_still_shows_the_home_page(client, imported):
    assert client.get("/?p=999").status_code == 200


def test_a_second_run_adds_no_redirect(tmp_path, imported):
    count = Redirect.objects.count()
    import_wordpress(write(tmp_path, riga_post(title="Retitled")))

    assert Redirect.objects.count() == count
