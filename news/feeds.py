"""The RSS 2.0 feed of the news, one per combination of the listing's filters."""

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from .models import NewsIndexPage, NewsPage
from .queries import NewsFilters, news_filtered

FEED_ITEMS = 30
FEED_TITLE = "CEP news"


def feed_title(filter_names: list[str]) -> str:
    """'CEP news', or 'CEP news: CEP Events, 2024' for a filtered feed."""
    return f"{FEED_TITLE}: {', '.join(filter_names)}" if filter_names else FEED_TITLE


@dataclass(frozen=True)
class FeedSource:
    index_page: NewsIndexPage
    filters: NewsFilters
    filter_names: list[str]
    listing_url: str
    request: HttpRequest


class NewsFeed(Feed):
    """Built per request by `news.views.news_feed`, which reads and names the filters."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *, index_page, filters, filter_names, listing_url):
        # Kept for item_link and item_guid, which Django calls with the item alone.
        self.request = request
        return FeedSource(index_page, filters, filter_names, listing_url, request)

    def title(self, source: FeedSource) -> str:
        return feed_title(source.filter_names)

    def link(self, source: FeedSource) -> str:
        return source.listing_url

    def feed_url(self, source: FeedSource) -> str:
        return source.request.build_absolute_uri()

    def description(self, source: FeedSource) -> str:
        description = source.index_page.introduction or "News from the Confederation of European Probation."
        if source.filter_names:
            description = f"{description} Only: {', '.join(source.filter_names)}."
        return description

    def items(self, source: FeedSource):
        return news_filtered(source.index_page, source.filters)[:FEED_ITEMS]

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.teaser

    def item_link(self, item: NewsPage) -> str:
        return item.get_full_url(self.request)

    def item_guid(self, item: NewsPage) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsPage) -> datetime:
        # News has a date and no time; midnight where CEP is keeps the day the editor chose.
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_categories(self, item: NewsPage) -> list[str]:
        return [category.name for category in item.categories.all()]
