"""The routes of the news index: the filtered listing, its RSS feed, and the vodcast episodes.

`NewsIndexPage` serves them through `RoutablePageMixin`, so each gets the index page as `index_page`.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from core.images import CARD_IMAGE
from core.listing_cache import cached, detached_page, page_number, renditions_made

from .feeds import NewsFeed, feed_title
from .models import VODCAST_TYPE_SLUG, NewsPage
from .queries import (
    NEWS_PER_PAGE,
    NewsFilters,
    news_filter_options,
    news_filtered,
    news_for_listing,
)


def filter_descriptions(filters: NewsFilters, options: dict) -> list[tuple[str, str]]:
    """What the listing is filtered by, in words: [("Category", "CEP Events"), ("Year", "2024")]."""
    names = {
        "Category": (filters.category, {category.slug: category.name for category in options["categories"]}),
        "Type": (filters.type, {news_type.slug: news_type.name for news_type in options["types"]}),
        "Topic": (filters.topic, {topic.slug: topic.title for topic in options["topics"]}),
    }
    descriptions = [(label, known[value]) for label, (value, known) in names.items() if value]
    if filters.year:
        descriptions.append(("Year", str(filters.year)))
    return descriptions


def filter_options(index_page) -> dict:
    # Lists, not querysets: the form and the summary both read them, and each must cost one query.
    return {name: list(values) for name, values in news_filter_options(index_page).items()}


def news_listing_page(index_page, filters: NewsFilters, number: int):
    """A page of the listing, evaluated with its cards' renditions, so that it can be cached."""
    news_page = detached_page(news_filtered(index_page, filters), NEWS_PER_PAGE, number)
    renditions_made([item.listing_image for item in news_page], CARD_IMAGE)
    return news_page


def with_query(url: str, query: dict | None) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def route_url(request, index_page, route_name: str, query: dict | None = None) -> str:
    return with_query(index_page.get_url(request) + index_page.reverse_subpage(route_name), query)


def full_url(request, index_page, query: dict | None = None) -> str:
    return with_query(index_page.get_full_url(request), query)


@require_safe
def news_list(request, *, index_page):
    options = cached(request, f"news-filter-options:{index_page.pk}", lambda: filter_options(index_page))
    filters = NewsFilters.from_query(request.GET, options)
    number = page_number(request.GET.get("page"))
    news_page = cached(
        request,
        f"news-list:{index_page.pk}:{filters!r}:{number}",
        lambda: news_listing_page(index_page, filters, number),
    )
    descriptions = filter_descriptions(filters, options)
    context = index_page.get_context(request)
    context.update(
        {
            "news_page": news_page,
            "filters": filters,
            "filter_descriptions": descriptions,
            "feed_title": feed_title([name for _label, name in descriptions]),
            "feed_url": route_url(request, index_page, "news_feed", filters.as_query()),
            "vodcast_url": route_url(request, index_page, "vodcast_list"),
            **options,
        }
    )
    return TemplateResponse(request, "news/news_index_page.html", context)


@require_safe
def news_feed(request, *, index_page):
    options = filter_options(index_page)
    filters = NewsFilters.from_query(request.GET, options)
    descriptions = filter_descriptions(filters, options)
    feed = NewsFeed()
    return feed(
        request,
        index_page=index_page,
        filters=filters,
        filter_names=[name for _label, name in descriptions],
        # The site's own address, as the items' links and the page's canonical link use, not the request's host.
        listing_url=full_url(request, index_page, filters.as_query()),
    )


@require_safe
def vodcast_list(request, *, index_page):
    episodes = news_for_listing(
        NewsPage.objects.child_of(index_page).filter(news_type__slug=VODCAST_TYPE_SLUG)
    ).order_by(F("episode_number").desc(nulls_last=True), "-date", "-pk")
    context = index_page.get_context(request)
    context.update(
        {
            "episodes_page": Paginator(episodes, NEWS_PER_PAGE).get_page(request.GET.get("page")),
            "news_url": index_page.get_url(request),
            "feed_url": route_url(request, index_page, "news_feed", {"type": VODCAST_TYPE_SLUG}),
            # Its own address, not the news index's: the list of episodes is a page of its own for search engines.
            "canonical_url": index_page.get_full_url(request) + index_page.reverse_subpage("vodcast_list"),
        }
    )
    return TemplateResponse(request, "news/vodcast_list.html", context)
