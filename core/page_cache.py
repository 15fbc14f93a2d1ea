"""The anonymous page cache: whole public pages kept in the cache (Redis in production), emptied on every publish.

Why our own and not Django's cache middleware or wagtail-cache: every page carries a form (the newsletter sign-up
in the footer), so every page carries a CSRF token and sets the CSRF cookie. Those packages then keep a copy per
cookie, and a first-time visitor (the one who most needs speed) never gets a cached page. Here the token is taken
out before a page is stored and a fresh one put in when it is served, so one copy serves every anonymous visitor.

What is cached: a GET or HEAD of a Wagtail page (routes included) or of search, answered 200, to a visitor with no
session and no pending message, unless the response says `Cache-Control: private` / `no-cache` / `no-store` or sets
a cookie of its own. A logged-in member, an editor or anyone with a session is always served a fresh page.

Emptying: every key holds the content generation; `purge()` moves to a new one, so all earlier copies are
orphaned at once and expire. `connect()` calls it when a page is published, unpublished, moved or deleted, and when
anything else shown on pages changes (settings, snippets, view restrictions, images, documents); apps add their own
models with `purge_on_change`. A listing shows other pages and time-dependent states (upcoming events), so a change
of content empties everything; `PAGE_CACHE_SECONDS` bounds what time alone changes. What only one page shows (an
event's places left, changed by each registration) empties that page alone: `purge_page(page)` moves on the version
of its address, which every key of that address holds, whatever its query string.

Keys: the address without its query string, plus the query parameters some page reads (`vary_on_query`, called by
each app for its own listings' filters), so that made-up parameters (`?utm_source=…`, cache busters) share one copy
instead of making a new key each; the cache's memory limit and LRU eviction bound what made-up values of known
parameters can add.
"""

import functools
import hashlib
import re
import time
from contextvars import ContextVar
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

GENERATION_KEY = "page-cache:generation"
CACHEABLE_VIEWS = {"wagtail_serve", "search"}
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "X-Robots-Tag", "Link")


# The generation read once per request (set by the middleware): a page asks for it for each cached part, and each
# ask would be a round trip to Redis. Forgotten when this process purges, so it then sees its own change.
_generation_of_request: ContextVar[dict | None] = ContextVar("generation_of_request", default=None)


def content_generation() -> int:
    """The current generation of the site's content, for keys of anything rendered from it."""
    memo = _generation_of_request.get()
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
    """Empty the page cache, now and again when the current transaction commits.

    Now, so that this process never serves a stale page; at commit, so that a page cached by another request
    between the two from the not yet committed change is emptied as well.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def purge_page(page) -> None:
    """Empty the cached copies of one page, at every query string, and leave the rest of the site cached; now and
    again at commit, as `purge()`."""
    url = page.get_url()
    if url is None:
        return  # not routable: never cached
    path = urlsplit(url).path
    _new_path_version(path)
    transaction.on_commit(lambda: _new_path_version(path))


def path_version_key(path: str) -> str:
    return f"page-cache:path-version:{hashlib.sha256(path.encode()).hexdigest()}"


def _new_path_version(path: str) -> None:
    key = path_version_key(path)
    try:
        cache.incr(key)
    except ValueError:  # never emptied yet, or evicted: from the clock, so no older copy comes back
        cache.add(key, time.time_ns(), timeout=None)


def _new_generation() -> None:
    memo = _generation_of_request.get()
    if memo:
        memo.clear()
    try:
        cache.incr(GENERATION_KEY)  # atomic on Redis: two purges at once are two new generations
    except ValueError:  # not in the cache yet, or evicted
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


EXTRA_MODELS: set = set()
QUERY_PARAMETERS: set[str] = set()


def vary_on_query(*names: str) -> None:
    """Pages read these query parameters (call from an app's `ready`): cached copies differ by them, and by no
    other parameter."""
    QUERY_PARAMETERS.update(names)


def known_query(query) -> list[tuple[str, str]]:
    """The parameters of `query` that some page reads, with the value a page reads (the last), in a fixed order.
    An empty one is left out: pages read it as missing."""
    return [(name, query[name]) for name in sorted(QUERY_PARAMETERS) if query.get(name)]


def purge_on_change(*models) -> None:
    """Also empty the cache whenever one of these models is saved or deleted (call from an app's `ready`)."""
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


def cache_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(known_query(request.GET))}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    version = cache.get(path_version_key(request.path), 0)
    return f"page-cache:{content_generation()}:{version}:{digest}"


def wants_cached_page(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def may_store(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    cache_control = {directive.split("=")[0].strip().lower() for directive in directives}
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and match is not None
        and match.url_name in CACHEABLE_VIEWS
        and not getattr(request, "is_preview", False)
        and not cache_control & {"private", "no-cache", "no-store"}
        and not response.cookies
        and not (session is not None and session.modified)
        and not (messages is not None and getattr(messages, "_queued_messages", None))
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous visitors a stored copy of a public page; stores the pages it may (see the module's note)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _generation_of_request.set({})
        try:
            return self.cached_or_rendered(request)
        finally:
            _generation_of_request.reset(scope)

    def cached_or_rendered(self, request):
        if not wants_cached_page(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            return self.from_stored(request, stored)
        response = self.get_response(request)
        if may_store(request, response):
            cache.set(key, self.to_stored(response), timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def to_stored(response) -> dict:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return {
            "content": CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content),
            "headers": {name: response[name] for name in STORED_HEADERS if response.has_header(name)},
        }

    @staticmethod
    def from_stored(request, stored) -> HttpResponse:
        content = stored["content"]
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in stored["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
