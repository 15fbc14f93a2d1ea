"""The anonymous page cache (core/page_cache.py): one stored copy per public page, emptied on every publish."""

import datetime
import re

import pytest

from django.test import Client
from django.utils import timezone

from core.models import SiteSettings
from newsletter.models import Subscriber
from tests.core.factories import publish
from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.factories import UserFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def cache_state(response):
    return response.headers.get("X-Page-Cache")


def test_an_anonymous_visitor_gets_the_stored_copy_of_a_page_from_the_second_request(client, demo_site):
    first = client.get("/about-us/")
    second = Client().get("/about-us/")

    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert second.status_code == 200
    assert second["Content-Type"] == first["Content-Type"]
    # Identical but for the CSRF tokens of the forms.
    assert CSRF_FIELD.sub("", second.content.decode()) == CSRF_FIELD.sub("", first.content.decode())
    assert "About Us" in second.content.decode()


# The home page holds the newsletter sign-up form (the only one: the other pages link to the sign-up page).
FORM_PAGE = "/"


def test_a_stored_page_carries_a_working_csrf_token_of_the_visitors_own(demo_site):
    Client().get(FORM_PAGE)  # someone else's visit stores the page
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(FORM_PAGE)
    token = CSRF_FIELD.search(page.content.decode()).group(1)
    answer = visitor.post(
        "/newsletter/subscribe/",
        {"email": "reader@probation.example", "consent": "on", "csrfmiddlewaretoken": token},
    )

    assert cache_state(page) == "hit"
    assert "csrftoken" in page.cookies  # a first-time visitor gets the cookie the token belongs to
    assert answer.status_code == 200
    assert Subscriber.objects.filter(email="reader@probation.example").exists()


def test_a_token_left_in_a_stored_page_is_not_served_to_the_next_visitor(demo_site):
    first = Client().get(FORM_PAGE)
    second = Client().get(FORM_PAGE)

    assert cache_state(second) == "hit"
    assert CSRF_FIELD.search(first.content.decode()).group(1) != CSRF_FIELD.search(second.content.decode()).group(1)


def test_publishing_empties_the_cache_so_listings_show_the_new_page_at_once(client, news_index):
    client.get("/news/")
    assert cache_state(client.get("/news/")) == "hit"

    news = NewsPageFactory(parent=news_index, title="Probation in the Baltics", date=datetime.date(2026, 11, 20))
    publish(news)
    response = client.get("/news/")

    assert cache_state(response) == "miss"
    assert "Probation in the Baltics" in response.content.decode()


def test_unpublishing_empties_the_cache(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Withdrawn statement")
    publish(news)
    assert "Withdrawn statement" in client.get("/news/").content.decode()

    news.unpublish()

    assert "Withdrawn statement" not in client.get("/news/").content.decode()


def test_a_draft_leaves_the_stored_page_alone(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Published title")
    publish(news)
    client.get(news.url)

    news.title = "Draft title"
    news.save_revision()
    response = client.get(news.url)

    assert cache_state(response) == "hit"
    assert "Published title" in response.content.decode()


def test_changing_the_site_settings_empties_the_cache(client, demo_site):
    client.get("/about-us/")
    site_settings = SiteSettings.objects.get()
    site_settings.phone = "+31 30 000 00 01"
    site_settings.save()

    assert "+31 30 000 00 01" in client.get("/about-us/").content.decode()


def test_a_registration_updates_the_places_left_on_the_event_page(client, demo_site):
    index = EventIndexPageFactory(parent=demo_site)
    publish(index)
    event = EventPageFactory(
        parent=index,
        start=timezone.now() + datetime.timedelta(days=30),
        end=timezone.now() + datetime.timedelta(days=30, hours=2),
        takes_registrations=True,
        capacity=10,
    )
    publish(event)
    assert "10 places left" in client.get(event.url).content.decode()

    RegistrationFactory(event=event)

    assert "9 places left" in client.get(event.url).content.decode()


def test_logged_in_people_are_never_served_or_stored_a_cached_page(client, demo_site):
    Client().get("/about-us/")
    member = UserFactory()
    client.force_login(member)

    first, second = client.get("/about-us/"), client.get("/about-us/")

    assert (cache_state(first), cache_state(second)) == (None, None)
    assert "Log out" in second.content.decode()
    assert cache_state(Client().get("/about-us/")) == "hit"
    assert "Log out" not in Client().get("/about-us/").content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(demo_site):
    Client().get("/about-us/")
    visitor = Client()
    visitor.cookies["messages"] = "pending"

    assert cache_state(visitor.get("/about-us/")) is None


def test_private_pages_are_never_stored(client, demo_site):
    index = EventIndexPageFactory(parent=demo_site)
    publish(index)
    event = EventPageFactory(parent=index, takes_registrations=True)
    publish(event)
    registration = RegistrationFactory(event=event, name="Ada Registrant")
    address = f"{event.url}registration/{registration.token}/"

    responses = [client.get(address), client.get(address)]

    assert [cache_state(response) for response in responses] == [None, None]
    assert all("Ada Registrant" in response.content.decode() for response in responses)


def test_only_successful_page_views_are_stored(client, demo_site):
    assert [cache_state(client.get("/no-such-page/")) for _ in range(2)] == [None, None]
    assert [cache_state(client.get("/newsletter/subscribe/")) for _ in range(2)] == [None, None]
    assert cache_state(client.post("/about-us/")) is None


def test_search_results_are_stored_per_query(client, demo_site):
    client.get("/search/?q=probation")

    assert cache_state(client.get("/search/?q=probation")) == "hit"
    assert cache_state(client.get("/search/?q=europe")) == "miss"


def test_made_up_query_parameters_share_the_one_stored_copy(client, demo_site):
    client.get("/about-us/")

    # Cache busters and campaign tags are no new copies: 50 made-up query strings, 50 hits.
    states = {cache_state(client.get(f"/about-us/?utm_source=newsletter&cb={number}")) for number in range(50)}
    assert states == {"hit"}
    # A parameter a page reads keeps its copies apart.
    assert cache_state(client.get("/about-us/?page=2")) == "miss"


def test_a_page_stored_from_an_address_with_made_up_parameters_never_passes_them_on(client, demo_site):
    news_index = publish(NewsIndexPageFactory(parent=demo_site, title="News", slug="news"))
    for number in range(13):
        publish(NewsPageFactory(parent=news_index, title=f"Item {number}"))

    client.get("/news/?category=&tracking=abc123")
    stored = Client().get("/news/")
    assert cache_state(stored) == "hit"
    next_link = re.search(r'href="(\?[^"]*)" rel="next"', stored.content.decode())[1]
    assert next_link == "?page=2"


def test_with_the_cache_off_nothing_is_stored(client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 0

    assert [cache_state(client.get("/about-us/")) for _ in range(2)] == [None, None]


def test_a_registration_empties_its_event_page_and_leaves_the_rest_of_the_site_cached(client, demo_site):
    index = publish(EventIndexPageFactory(parent=demo_site))
    start = timezone.now() + datetime.timedelta(days=30)
    event = publish(
        EventPageFactory(
            parent=index,
            start=start,
            end=start + datetime.timedelta(hours=2),
            takes_registrations=True,
            capacity=10,
        )
    )
    for address in ("/about-us/", index.url, event.url, f"{event.url}?utm_source=newsletter"):
        client.get(address)

    RegistrationFactory(event=event)

    assert cache_state(client.get("/about-us/")) == "hit"
    assert cache_state(client.get(index.url)) == "hit"
    response = client.get(event.url)
    assert cache_state(response) == "miss"
    assert "9 places left" in response.content.decode()
    # The same page, with a campaign tag: the copy just made.
    assert "9 places left" in client.get(f"{event.url}?utm_source=newsletter").content.decode()
