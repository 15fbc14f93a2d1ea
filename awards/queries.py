"""Read-side queries for the award: where the call for nominations stands today, and what the page lists.

Each goes through a fixed number of queries whatever the number of categories, calls, winners or news items:
winners come with their images and renditions and their news pages in one go.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from wagtail.images import get_image_model

from core.images import CARD_IMAGE, renditions
from news.models import NewsPage
from news.queries import news_for_listing

from .models import AwardCall, AwardPage

AWARD_NEWS_LIMIT = 3


@dataclass(frozen=True)
class CallState:
    """Where the call for nominations stands: `open`, `upcoming` (opens later), `closed`, or `none` (no call)."""

    state: str
    call: AwardCall | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def call_state(calls, today: datetime.date | None = None) -> CallState:
    """The call that matters today: the open one, else the next to open, else the one that closed last."""
    today = today or timezone.localdate()
    calls = sorted(calls, key=lambda call: call.opens_on)
    for call in calls:
        if call.opens_on <= today <= call.closes_on:
            return CallState("open", call)
    upcoming = [call for call in calls if call.opens_on > today]
    if upcoming:
        return CallState("upcoming", upcoming[0])
    if calls:
        return CallState("closed", max(calls, key=lambda call: call.closes_on))
    return CallState("none")


def open_call(page: AwardPage) -> AwardCall | None:
    state = call_state(page.calls.all())
    return state.call if state.is_open else None


def winners_of(page: AwardPage) -> list:
    """The page's winners, newest year first and in the editor's order within a year."""
    images = get_image_model().objects.prefetch_renditions(*renditions(CARD_IMAGE))
    # On a preview `winners` holds unsaved rows, which modelcluster prefetches onto as onto saved ones.
    winners = page.winners.select_related("news_page").prefetch_related(Prefetch("image", queryset=images))
    return sorted(winners, key=lambda winner: (-winner.year, winner.sort_order or 0))


def winners_by_year(page: AwardPage) -> list[tuple[int, list]]:
    return [(year, list(group)) for year, group in groupby(winners_of(page), key=lambda winner: winner.year)]


def award_news(page: AwardPage, *, limit: int = AWARD_NEWS_LIMIT) -> list:
    if not page.news_type_id:
        return []
    return list(news_for_listing(NewsPage.objects.filter(news_type_id=page.news_type_id))[:limit])


def award_detail(page: AwardPage) -> dict:
    """What the award page shows beyond its own fields."""
    state = call_state(page.calls.all())
    by_year = winners_by_year(page)
    closed_call_winners = state.state == "closed" and any(year == state.call.year for year, _winners in by_year)
    return {
        "call_state": state,
        "categories": list(page.categories.all()),
        "latest_winners": by_year[0] if by_year else None,
        "closed_call_has_winners": closed_call_winners,
        "award_news": award_news(page),
        "news_type": page.news_type,
    }
