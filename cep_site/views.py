import re

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import Page

# Longer queries are cut: nobody types more, and an unbounded query is an easy way to load the database.
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10
WORD = re.compile(r"\w+")


@require_safe
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_QUERY_MAX_LENGTH]
    # Only lower-case words reach the full-text engine: its own syntax in a visitor's query (quotes,
    # AND/OR/NOT/NEAR) would be a syntax error in SQLite's FTS5 or PostgreSQL's tsquery, not a search.
    search_terms = " ".join(WORD.findall(query.lower()))
    results_page = Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
    if search_terms:
        results = Page.objects.live().public().specific().search(search_terms)
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
