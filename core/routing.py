"""Wagtail's routing of public pages, kept in the cache under the content generation.

To route a request Wagtail looks up the Site of its host (a query), then walks the tree from the site's root page to
the page: per level a query for the child by slug and one for `.specific`. What it finds changes only when a page is
published, unpublished, moved or deleted, or a Site is saved, and each of those moves the content generation
(core/page_cache.py). So the Site and the routed page are kept under the generation and handed to Wagtail in the
attributes its routing reads first: `request._wagtail_site` (`Site.find_for_request`) and
`request._wagtail_route_for_request` (`Page.route_for_request`). A path that routes to no page is kept too, as
None, and found once a page is published there (a new generation).

Only routing is skipped: view restrictions (Wagtail's `before_serve_page` hook, members/area.py) and the page's own
`serve` run on every request. The copy is taken right after routing, before the page is served, so nothing a view
computes on the page is kept. Previews never pass here: Wagtail renders them without URL resolution or `process_view`.
"""

import hashlib

from django.core.cache import cache

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve

from core.page_cache import content_generation

ROUTE_TIMEOUT = 300


class RoutingCacheMiddleware:
    """Routes GET and HEAD requests for Wagtail pages from the cache (see the module's note)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve or request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = route_key(request, path)
        stored = cache.get(key)
        if stored is None:
            Page.route_for_request(request, path)
            stored = stored_route(request, path)
            if stored is not None:
                cache.set(key, stored, ROUTE_TIMEOUT)
        else:
            restore_route(request, stored)
        return None


def route_key(request, path: str) -> str:
    # The host and port are what Wagtail picks the Site by.
    address = f"{request._get_raw_host()}|{request.get_port()}|{path}"
    return f"wagtail-route:{content_generation()}:{hashlib.sha256(address.encode()).hexdigest()}"


def stored_route(request, path: str) -> dict | None:
    """What Wagtail's routing found, to store; None for routing other than Wagtail's own and RoutablePage's."""
    site = request._wagtail_site
    route = request._wagtail_route_for_request
    if route is None:
        return {"site": site, "page": None, "subpath": None}
    page = route.page
    if isinstance(page, RoutablePageMixin) and hasattr(request, "routable_resolver_match"):
        # The components past the page's own address (one slug a level below the site's root) are its sub-route.
        components = [component for component in path.split("/") if component]
        return {"site": site, "page": page, "subpath": components[page.depth - site.root_page.depth :]}
    if route.args or route.kwargs:
        return None
    return {"site": site, "page": page, "subpath": None}


def restore_route(request, stored: dict) -> None:
    request._wagtail_site = stored["site"]
    page = stored["page"]
    if page is None:
        request._wagtail_route_for_request = None
    elif stored["subpath"] is not None:
        # Resolving the sub-route is URL matching, no query; it also sets `request.routable_resolver_match`.
        request._wagtail_route_for_request = page.route(request, stored["subpath"])
    else:
        request._wagtail_route_for_request = RouteResult(page)
