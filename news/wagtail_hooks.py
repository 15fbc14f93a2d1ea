from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import NewsCategory, NewsType


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
