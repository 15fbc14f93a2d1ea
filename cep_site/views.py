import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve

from wagtail.models import Page

from .listing_cache import cached, detached_page, page_number
from .search import search_query_clean, search_terms

SEARCH_RESULTS_PER_PAGE = 10

logger = logging.getLogger(__name__)


def search_results_page(terms: str, number: int):
    results = Page.objects.live().public().specific().search(terms)
    return detached_page(results, SEARCH_RESULTS_PER_PAGE, number)


@require_safe
def search(request):
    query = search_query_clean(request.GET.get("q", ""))
    terms = search_terms(query)
    results_page = Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
    if terms:
        # The results depend only on the words searched for, so they are cached by those, not by what was typed.
        number = page_number(request.GET.get("page"))
        results_page = cached(request, f"search:{terms}:{number}", lambda: search_results_page(terms, number))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results_page": results_page},
    )


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
        cache.get("healthz")
    except Exception:
        logger.exception("Health check failed")
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def public_media(request, path):
    """Uploaded images (originals and renditions), public in every mode.

    Nothing else under MEDIA_ROOT is served from /media/: documents go through Wagtail's view with their collection's
    restrictions, and membership statutes only through the admin.
    """
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)
