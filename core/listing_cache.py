"""What listings show, kept in the cache for everyone who is not served a whole cached page (members, editors).

A listing is the same for every visitor, so its evaluated data (pages with their prefetches, in lists) is kept
under the content generation, which moves on with every publish and every change to what pages show
(core/page_cache.py). The timeout bounds what time alone changes: an event that has ended, or a registration
that has opened. What depends on the visitor or on the moment of the request is never put in here.
"""

import hashlib

from django.core.paginator import Paginator

from core.images import renditions
from core.page_cache import cached_for_generation

# Long enough to matter, short enough that nothing outlives a lost generation for long.
LISTING_TIMEOUT = 3600
# For what changes with the time of day, such as which events are upcoming.
TIME_DEPENDENT_TIMEOUT = 300

# Past the end of any listing: every number above it shows the same last page.
MAX_PAGE_NUMBER = 100_000


def cached(request, key: str, fetch, timeout: int = LISTING_TIMEOUT):
    """`fetch()`, from the cache under `key` unless this is a preview, which must show the draft as it would be.

    `fetch` must return evaluated data (lists, not querysets): a queryset would be run again on every hit.
    """
    if request is None or getattr(request, "is_preview", False):
        return fetch()
    # Hashed: keys carry what visitors typed in the query string, of any length and any character.
    return cached_for_generation(f"listing:{hashlib.sha256(key.encode()).hexdigest()}", fetch, timeout)


def page_number(value) -> int:
    """The page asked for, to key the cache by, read as `Paginator.get_page` reads it: what is not a number is the
    first page, what is below 1 or past the end the last. Bounded, so that typing numbers makes few entries.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 0), MAX_PAGE_NUMBER)


def detached_page(queryset, per_page: int, number: int):
    """`Paginator(queryset, per_page).get_page(number)` with its items in a list and its count worked out, so that
    it can be cached: nothing in it runs a query again (pickling a queryset would fetch all of its rows).
    """
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    paginator.num_pages  # noqa: B018 -- counted now, while the queryset is there.
    paginator.object_list = []
    return page


def renditions_made(images, spec: str) -> None:
    """Make the renditions a listing shows before it is cached: a cached image keeps the renditions it was fetched
    with, and one fetched before its rendition existed would have the file generated again on every hit.
    """
    for image in images:
        if image is not None:
            image.get_renditions(*renditions(spec))
