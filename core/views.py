import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve

from .listing_cache import cached, page_number
from .search import (
    SEARCH_RESULTS_PER_PAGE,
    SEARCH_TYPES,
    search_counts,
    search_query_clean,
    search_results_page,
    search_suggestions,
    search_terms,
    search_type_chosen,
)

logger = logging.getLogger(__name__)


@require_safe
def search(request):
    query = search_query_clean(request.GET.get("q", ""))
    terms = search_terms(query)
    search_type = search_type_chosen(request.GET.get("type"))
    context = {"search_query": query, "search_type": None, "type_filters": [], "suggestions": None}
    results_page = Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
    total = 0
    if terms:
        # The results depend only on the words searched for, so they are cached by those, not by what was typed;
        # the counts by type are the same on every page and for every type chosen. Today's date is in the keys
        # because a vacancy leaves the results on the day after it closes.
        today = timezone.localdate().isoformat()
        counts = cached(request, f"search-counts:{today}:{terms}", lambda: search_counts(terms))
        totals = {slug: content + landing for slug, (content, landing) in counts.items()}
        total = sum(totals.values())
        if total:
            number = page_number(request.GET.get("page"))
            key = f"search:{today}:{terms}:{search_type.slug if search_type else ''}:{number}"
            results_page = cached(request, key, lambda: search_results_page(terms, counts, search_type, number))
            context["search_type"] = search_type
            context["type_filters"] = filters = type_filters(query, totals, search_type)
            context["all_results_href"] = filters[0]["href"]
    if query and not total:
        context["suggestions"] = cached(request, "search-suggestions", search_suggestions)
    context.update(results_page=results_page, total_results=total)
    return TemplateResponse(request, "search/search.html", context)


def type_filters(query: str, totals: dict, chosen) -> list[dict]:
    """The links that narrow the results to one type (or show all again): the query kept, the page number not.
    Types without results are left out, unless chosen."""
    filters = [
        {"label": "All", "count": sum(totals.values()), "href": "?" + urlencode({"q": query}), "current": not chosen}
    ]
    for search_type in SEARCH_TYPES:
        if totals[search_type.slug] or search_type == chosen:
            filters.append(
                {
                    "label": search_type.label,
                    "count": totals[search_type.slug],
                    "href": "?" + urlencode({"q": query, "type": search_type.slug}),
                    "current": search_type == chosen,
                }
            )
    return filters


@require_safe
def robots_txt(request):
    return TemplateResponse(request, "robots.txt", content_type="text/plain")


@never_cache
@require_safe
@transaction.non_atomic_requests  # else ATOMIC_REQUESTS opens the connection, and fails, before the check
def healthz(request):
    """For load balancers and compose health checks: the web process is up and reaches the database and the cache.

    Answers 503 when either is unreachable, with no details: what failed is logged, not shown.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not cache_reachable():
            raise ConnectionError("cache unreachable")
    except Exception:
        logger.exception("Health check failed")
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def cache_reachable() -> bool:
    # The fail-soft Redis cache answers a miss while Redis is down, so it is asked directly; another cache raises.
    reachable = getattr(cache, "reachable", None)
    if reachable is not None:
        return reachable()
    cache.get("healthz")
    return True


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def public_media(request, path):
    """Uploaded images (originals and renditions), public in every mode.

    Nothing else under MEDIA_ROOT is served from /media/: documents go through Wagtail's view with their collection's
    restrictions, and membership statutes only through the admin.
    """
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)
