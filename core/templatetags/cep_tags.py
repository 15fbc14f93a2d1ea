from django import template
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.utils.html import format_html

from core.languages import LANGUAGE_NAMES
from core.page_cache import known_query
from core.public_forms import has_session

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    """The CSRF token of a form anyone may post (core.public_forms.token_only_with_session), for a visitor with a
    session only: the page everyone else gets carries none, so the edge may keep one copy for all of them."""
    request = context.get("request")
    if request is None or not has_session(request):
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


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
