"""The content generation, and emptying what is cached of the public site when its content changes.

Whole pages are cached at the edge, by the caching proxy in front of web (Varnish in compose) or a CDN, never in
the app (docs/caching.md: why one page cache and not two). This module gives anonymous pages the `Cache-Control`
that lets the edge keep them (core/edge_cache.py), and empties both the edge and the parts that the app keeps in
Redis (menus, listings, routes: `cached_for_generation`) whenever what they show changes.

Emptying: the parts' keys hold the content generation; `purge()` moves to a new one, so all earlier copies are
orphaned at once and expire, and has the edge drop every page of the site. `connect()` calls it when a page is
published, unpublished, moved or deleted, and when anything else shown on pages changes (settings, snippets, view
restrictions, images, documents); apps add their own models with `purge_on_change`. A listing shows other pages and
time-dependent states (upcoming events), so a change of content empties everything; the edge's `s-maxage`
(EDGE_CACHE_SECONDS) bounds what time alone changes. What only one page shows (an event's places left, changed by
each registration) empties that page alone at the edge, at every query string and sub-route: `purge_page(page)`.

Query parameters: each app names those its pages read (`vary_on_query`), so that links built from the current
address (`query_with`) pass on only those, never made-up ones (`?utm_source=…`, cache busters).
"""

import functools
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control

from core import edge_cache

GENERATION_KEY = "page-cache:generation"


# The generation read once per request (set by PageCacheMiddleware): a page asks for it for each
# cached part, and each ask would be a round trip to Redis. Forgotten when this process purges, so it then sees its
# own change.
generation_of_request: ContextVar[dict | None] = ContextVar("generation_of_request", default=None)


def content_generation() -> int:
    """The current generation of the site's content, for keys of anything rendered from it."""
    memo = generation_of_request.get()
    if memo:
        return memo["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Started from the clock, so a generation lost from the cache never comes back with older copies.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    if memo is not None:
        memo["generation"] = generation
    return generation


_MISSING = object()


def cached_for_generation(name: str, fetch, timeout: int):
    """`fetch()`, kept in the cache under `name` until the content generation moves on or `timeout` runs out."""
    key = f"{name}:{content_generation()}"
    data = cache.get(key, _MISSING)
    if data is _MISSING:
        data = fetch()
        cache.set(key, data, timeout)
    return data


def purge() -> None:
    """Empty what is cached of the site: the parts now and again when the current transaction commits, the edge's
    pages at commit.

    Now, so that this process never shows a stale part; at commit, so that a part cached by another request between
    the two from the not yet committed change is emptied as well, and the edge fetches the committed pages.
    """
    _new_generation()
    transaction.on_commit(_new_generation)
    edge_cache.purge_site()


def purge_page(page) -> None:
    """Have the edge drop one page, at every query string and sub-route, at commit; the rest stays cached."""
    url = page.get_full_url()
    if url is not None:  # not routable: never cached
        edge_cache.purge_under(url)


def _new_generation() -> None:
    memo = generation_of_request.get()
    if memo:
        memo.clear()
    try:
        cache.incr(GENERATION_KEY)  # atomic on Redis: two purges at once are two new generations
    except ValueError:  # not in the cache yet, or evicted
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


EXTRA_MODELS: set = set()
QUERY_PARAMETERS: set[str] = set()


def vary_on_query(*names: str) -> None:
    """Pages read these query parameters (call from an app's `ready`): links built from the current address keep
    them, and no other parameter."""
    QUERY_PARAMETERS.update(names)


def known_query(query) -> list[tuple[str, str]]:
    """The parameters of `query` that some page reads, with the value a page reads (the last), in a fixed order.
    An empty one is left out: pages read it as missing."""
    return [(name, query[name]) for name in sorted(QUERY_PARAMETERS) if query.get(name)]


def purge_on_change(*models) -> None:
    """Also empty what is cached whenever one of these models is saved or deleted (call from an app's `ready`)."""
    EXTRA_MODELS.update(models)


@functools.cache
def watched_models() -> tuple:
    """Models shown on public pages that are not pages. Found on first use: snippets register late, in hooks."""
    from wagtail.contrib.settings.registry import registry as setting_models
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    return (
        PageViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
        *setting_models,
        *get_snippet_models(),
        *EXTRA_MODELS,
    )


def _purge_on_publishing(**kwargs) -> None:
    purge()


def _purge_on_save(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    # An alias page is created live, without a publish; what it may show depends on its source's restrictions.
    if isinstance(instance, watched_models()) or (isinstance(instance, Page) and instance.alias_of_id):
        purge()


def _purge_on_delete(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, (Page, *watched_models())):
        purge()


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # A page's own saves are drafts and revisions: only what changes the public site counts.
    page_published.connect(_purge_on_publishing, dispatch_uid="page-cache-published")
    page_unpublished.connect(_purge_on_publishing, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_purge_on_publishing, dispatch_uid="page-cache-moved")
    post_save.connect(_purge_on_save, dispatch_uid="page-cache-saved")
    post_delete.connect(_purge_on_delete, dispatch_uid="page-cache-deleted")


CACHEABLE_VIEWS = {"wagtail_serve", "search"}


def edge_may_keep(request, response) -> bool:
    """Whether the edge may keep this answer and serve it to every anonymous visitor: a GET or HEAD of a Wagtail
    page (routes included) or of search, answered 200, to a visitor with no session and no pending message, that
    says nothing of its own about caching and sets no cookie."""
    match = getattr(request, "resolver_match", None)
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        settings.EDGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and response.status_code == 200
        and not response.streaming
        and match is not None
        and match.url_name in CACHEABLE_VIEWS
        and not getattr(request, "is_preview", False)
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not (messages is not None and getattr(messages, "_queued_messages", None))
    )


class PageCacheMiddleware:
    """Tells the edge which answers it may keep: `public, s-maxage` for those every anonymous visitor may share
    (browsers ask again each time, so a publish shows on the next visit), `private` for every other page that says
    nothing of its own. And reads the content generation once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = generation_of_request.set({})
        try:
            response = self.get_response(request)
        finally:
            generation_of_request.reset(scope)
        if edge_may_keep(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.EDGE_CACHE_SECONDS)
        elif not response.has_header("Cache-Control") and response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, private=True)
        return response
