"""The index and a profile cost the same queries with 10 profiles as with every country profiled (50), and with 10 or
100 members, news, events and resources on the country."""

import datetime

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.countries import COUNTRY_CHOICES
from tests.countries.factories import CountryIndexPageFactory, CountryPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.members.factories import MemberOrganisationFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.topics.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.slow


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Every country but the Netherlands, which each test profiles first: a country has one profile, so there are at most
# as many profiles as countries.
OTHER_COUNTRIES = [code for code, _name in COUNTRY_CHOICES if code != "NL"]


def grow(site, index, netherlands, count, offset):
    """`count` more members, news, events and resources on the Netherlands, and a profile each while countries last."""
    news_index, event_index, resource_index = site
    soon = timezone.now() + datetime.timedelta(days=10)
    for number in range(offset, offset + count):
        if number < len(OTHER_COUNTRIES):
            code = OTHER_COUNTRIES[number]
            CountryPageFactory(parent=index, country=code, title=code, slug=f"country-{code.lower()}")
        MemberOrganisationFactory(country="NL")
        NewsPageFactory(parent=news_index, countries=[netherlands])
        EventPageFactory(parent=event_index, start=soon, countries=[netherlands])
        ResourcePageFactory(parent=resource_index, countries=[netherlands])


def test_query_counts_stay_flat(client, demo_site):
    index = CountryIndexPageFactory(parent=demo_site)
    netherlands = CountryPageFactory(parent=index, country="NL", title="Netherlands", slug="netherlands")
    site = (
        NewsIndexPageFactory(parent=demo_site),
        EventIndexPageFactory(parent=demo_site),
        ResourceIndexPageFactory(parent=demo_site),
    )
    grow(site, index, netherlands, 10, 0)
    few = {url: queries_for(client, url) for url in ("/probation-in-europe/", "/probation-in-europe/netherlands/")}
    grow(site, index, netherlands, 90, 10)
    many = {url: queries_for(client, url) for url in few}
    assert index.get_children().count() == 1 + len(OTHER_COUNTRIES)
    assert many == few
