from django import template

from core.languages import LANGUAGE_NAMES

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
    """The current query string with some parameters replaced (None removes one), so links keep the other filters."""
    query = context["request"].GET.copy()
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
