from django import template
from django.http import QueryDict

from core.languages import LANGUAGE_NAMES
from core.page_cache import known_query

register = template.Library()


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's description for search engines and link previews."""
    page = context.get("page")
    if page is None:
        return ""
    describe = getattr(page, "get_meta_description", None)
    return describe() if describe else page.search_description


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one), so links keep the other filters.

    Only the parameters pages read are kept: a page cached from an address with made-up ones never passes them on.
    """
    query = QueryDict(mutable=True)
    for name, value in known_query(context["request"].GET):
        query[name] = value
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def language_names(codes):
    """Language codes as visitors read them: ["en", "nl"] becomes "English, Dutch"."""
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes or [])


@register.filter
def excerpt(text, length=160):
    """The text cut to `length` characters at a word boundary, with an ellipsis: card excerpts stay three lines."""
    text = " ".join(str(text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return f"{cut}…"
