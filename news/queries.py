"""Read-side queries for news: the filtered listing, related news, and news by topic.

Every listing goes through `news_for_listing`, so each page of news costs the same few queries
whatever its length: types with the pages, categories and topics in one query each, and listing
images with their renditions prefetched.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model

from core.images import CARD_IMAGE, renditions
from core.listing_cache import renditions_made
from core.visibility import public
from topics.models import TopicPage

from .models import NewsCategory, NewsPage, NewsType

NEWS_PER_PAGE = 12
YEAR = re.compile(r"(19|20)[0-9]{2}")


def news_for_listing(queryset: QuerySet) -> QuerySet:
    """Live, public news, newest first, with everything a news card shows fetched up front."""
    images = get_image_model().objects.prefetch_renditions(*renditions(CARD_IMAGE))
    return (
        public(queryset.live())
        .select_related("news_type")
        .prefetch_related("categories", "topics", Prefetch("listing_image", queryset=images))
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class NewsFilters:
    """The filters of a news listing, as read from the query string (`?category=…&type=…&topic=…&year=…`)."""

    category: str = ""
    type: str = ""
    topic: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query, options: dict) -> "NewsFilters":
        """The filters a query string asks for, of the `options` of `news_filter_options`.

        A value that names nothing known is ignored, as the other listings do: the listing, its feed and their
        titles show only what the site knows, never what was typed.
        """
        known = {
            "category": {category.slug for category in options["categories"]},
            "type": {news_type.slug for news_type in options["types"]},
            "topic": {topic.slug for topic in options["topics"]},
        }

        def value(name):
            typed = query.get(name, "")
            return typed if typed in known[name] else ""

        year = query.get("year", "")
        return cls(
            category=value("category"),
            type=value("type"),
            topic=value("topic"),
            year=int(year) if YEAR.fullmatch(year) else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.category or self.type or self.topic or self.year)

    def as_query(self) -> dict:
        query = {"category": self.category, "type": self.type, "topic": self.topic, "year": self.year or ""}
        return {key: value for key, value in query.items() if value}

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.category:
            queryset = queryset.filter(categories__slug=self.category)
        if self.type:
            queryset = queryset.filter(news_type__slug=self.type)
        if self.topic:
            queryset = queryset.filter(topics__slug=self.topic)
        if self.year:
            queryset = queryset.filter(date__year=self.year)
        return queryset


def news_filtered(index_page, filters: NewsFilters) -> QuerySet:
    return news_for_listing(filters.apply(NewsPage.objects.child_of(index_page)))


def news_filter_options(index_page) -> dict:
    """The choices of the filter form: every category, type and topic, and the years that have news."""
    return {
        "categories": NewsCategory.objects.all(),
        "types": NewsType.objects.all(),
        "topics": public(TopicPage.objects.live()).order_by("title").only("id", "title", "slug"),
        "years": [
            date.year
            for date in public(NewsPage.objects.child_of(index_page).live()).dates("date", "year", order="DESC")
        ],
    }


def latest_news(*, limit: int) -> list:
    """The newest live, public news, with what their cards show."""
    items = list(news_for_listing(NewsPage.objects.all())[:limit])
    renditions_made([item.listing_image for item in items], CARD_IMAGE)
    return items


def news_for_topics(topics, *, limit: int, exclude: NewsPage | None = None) -> list:
    """The newest news tagged with any of the topics."""
    queryset = NewsPage.objects.filter(topics__in=list(topics))
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    # Distinct ids first: a news item tagged with two of the topics would otherwise appear twice.
    ids = queryset.values("pk").distinct()
    return list(news_for_listing(NewsPage.objects.filter(pk__in=ids))[:limit])


def news_for_countries(countries, *, limit: int) -> list:
    """The newest news tagged with any of the countries (profiles)."""
    ids = NewsPage.objects.filter(countries__in=list(countries)).values("pk").distinct()
    return list(news_for_listing(NewsPage.objects.filter(pk__in=ids))[:limit])


def related_news(page: NewsPage, *, limit: int) -> list:
    """News on the same topics as this one, newest first, without itself, with their cards' renditions made."""
    items = news_for_topics(page.topics.all(), limit=limit, exclude=page)
    renditions_made([item.listing_image for item in items], CARD_IMAGE)
    return items
