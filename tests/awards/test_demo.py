"""The demo award: open for nominations whatever the day it is loaded, with winners, their stories and nominations."""

import io

import pytest

from django.core.management import call_command

from awards.models import AwardPage, AwardWinner, Nomination
from news.models import NewsPage
from tests.helpers import page_soup

pytestmark = pytest.mark.django_db


def test_the_demo_award_is_open_has_winners_linked_from_its_news_and_nominations_for_the_jury(client, full_demo_site):
    award = AwardPage.objects.get()

    soup = page_soup(client.get(award.url))

    assert "Open for nominations" in soup.select_one(".award-call").get_text()
    assert client.get(f"{award.url}nominate/").status_code == 200
    assert AwardWinner.objects.filter(news_page__isnull=False).exists()
    story = NewsPage.objects.get(title="Interventions Alliance’s Eden House Recognized as Outstanding")
    assert f"{award.url}winners/" in page_soup(client.get(story.url)).select_one("main").decode()
    assert Nomination.objects.count() == 2


def test_loading_the_demo_again_adds_nothing_to_the_award(full_demo_site):
    counts = (AwardWinner.objects.count(), Nomination.objects.count(), NewsPage.objects.count())

    call_command("load_demo_content", stdout=io.StringIO())

    assert (AwardWinner.objects.count(), Nomination.objects.count(), NewsPage.objects.count()) == counts
