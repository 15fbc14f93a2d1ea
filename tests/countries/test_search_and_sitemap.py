"""The country pages are found by the site search and listed in the sitemap; the comparison is a sub-route, not."""

import pytest

from tests.countries.factories import CountryIndexPageFactory, CountryPageFactory
from tests.helpers import page_soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]


@pytest.fixture
def belgium(demo_site):
    index = CountryIndexPageFactory(parent=demo_site)
    return CountryPageFactory(
        parent=index,
        country="BE",
        title="Belgium",
        slug="belgium",
        organisation="<p>Justice assistants of the houses of justice write social inquiries.</p>",
    )


def test_site_search_finds_a_profile_by_a_word_in_how_probation_is_organised(client, belgium):
    page = page_soup(client.get("/search/", {"q": "inquiries"}))
    assert [link.get_text(strip=True) for link in page.select(".search-result a")] == ["Belgium"]


def test_the_sitemap_lists_the_index_and_the_profiles(client, belgium):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/probation-in-europe/</loc>" in sitemap and "/probation-in-europe/belgium/</loc>" in sitemap
    assert "compare" not in sitemap
