from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import Page

from .search import search_query_clean, search_terms

SEARCH_RESULTS_PER_PAGE = 10


@require_safe
def search(request):
    query = search_query_clean(request.GET.get("q", ""))
    terms = search_terms(query)
    results_page = Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
    if terms:
        results = Page.objects.live().public().specific().search(terms)
        results_page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
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
def healthz(request):
    """For load balancers and compose health checks: the web process is up and reaches the database."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")
