from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.contributions import CountryProfileSection, TopicHubSection, country_profile_section, topic_hub_section
from core.images import CARD_IMAGE
from core.listing_cache import renditions_made
from core.review import REVIEWED_SECTIONS
from core.visibility import index_pages

from .models import NewsCategory, NewsIndexPage, NewsType
from .queries import news_for_countries, news_for_topics


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class NewsTypeViewSet(SnippetViewSet):
    model = NewsType
    icon = "list-ul"
    menu_label = "Types"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class NewsTaxonomyGroup(SnippetViewSetGroup):
    """Staff manage the labels that sort the news from one 'News labels' menu."""

    items = (NewsCategoryViewSet, NewsTypeViewSet)
    menu_icon = "tag"
    menu_label = "News labels"
    menu_name = "news-labels"


register_snippet(NewsTaxonomyGroup)


@topic_hub_section("news")
def news_on_topics(topics, *, limit):
    items = news_for_topics(topics, limit=limit)
    # Cards show a picture: made before the hub is cached, or every request would look for them again.
    renditions_made([item.listing_image for item in items], CARD_IMAGE)
    return TopicHubSection(
        slug="news",
        heading="Latest news",
        chip="News",
        template="news/includes/topic_hub_section.html",
        items=items,
        order=10,
        index_page=index_pages(NewsIndexPage)[NewsIndexPage],
        list_label="All news on",
        browse_label="read the latest news",
    )


@country_profile_section("news")
def news_on_country(country_page, *, limit):
    items = news_for_countries([country_page], limit=limit)
    renditions_made([item.listing_image for item in items], CARD_IMAGE)
    return CountryProfileSection(
        slug="news", heading="News", template="news/includes/country_section.html", items=items, order=20
    )


# News items go through the Communications review (core/review.py).
hooks.register(REVIEWED_SECTIONS, NewsIndexPage.objects.all)
