"""Wagtail's routing of public pages, kept in the cache under the content generation.

To route a request Wagtail walks the tree from the site's root page to the page: per level a query for the child by
slug and one for `.specific`. What it finds changes only when a page is published, unpublished, moved or deleted, or
a Site is saved, and each of those moves the content generation (core/page_cache.py). So the page routed for a site
and path is kept under the generation, and a path that routes to no page is kept too, as None, until a page is
published there (a new generation).

The middleware serves GET and HEAD requests for Wagtail's `serve` view itself, with the routed page, as that view does
(`serve_route`): the `on_serve_page` and `before_serve_page` hooks, so view restrictions (members/area.py) are
checked on every request, then the page's own `serve`. It uses Wagtail's public API only (`Site.find_for_request`,
`Page.route`); the Site is Wagtail's one query per request, kept on the request by Wagtail. Nothing a page's view
computes is kept. Previews never pass here: Wagtail renders them without URL resolution or `process_view`.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse

from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve, serve_chain

from core.page_cache import content_generation

ROUTE_TIMEOUT = 300


class RoutingCacheMiddleware:
    """Serves GET and HEAD requests for Wagtail pages with the route kept in the cache (see the module's note)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve or request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
            return None
        site = Site.find_for_request(request)
        if site is None:
            return None  # Wagtail's own view answers 404
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        route = cached_route(request, site, path)
        if route is None:
            raise Http404
        return serve_route(request, route)


def route_key(site, path: str) -> str:
    digest = hashlib.sha256(f"{site.pk}|{path}".encode()).hexdigest()
    return f"wagtail-route:{content_generation()}:{digest}"


def cached_route(request, site, path: str) -> RouteResult | None:
    """The route of `path` on `site`, from the cache, or found by Wagtail and kept when it can be."""
    key = route_key(site, path)
    stored = cache.get(key)
    if stored is not None:
        return restored_route(request, stored)
    components = [component for component in path.split("/") if component]
    try:
        route = site.root_page.localized.specific.route(request, components)
    except Http404:
        route = None
    stored = stored_route(site, route, components)
    if stored is not None:
        cache.set(key, stored, ROUTE_TIMEOUT)
    return route


def stored_route(site, route: RouteResult | None, components: list[str]) -> dict | None:
    """What to keep of a route; None for routing other than Wagtail's own and RoutablePage's."""
    if route is None:
        return {"page": None, "subpath": None}
    page = route.page
    if isinstance(page, RoutablePageMixin):
        # The components past the page's own address (one slug a level below the site's root) are its sub-route.
        return {"page": page, "subpath": components[page.depth - site.root_page.depth :]}
    if route.args or route.kwargs:
        return None
    return {"page": page, "subpath": None}


def restored_route(request, stored: dict) -> RouteResult | None:
    page = stored["page"]
    if page is None:
        return None
    if stored["subpath"] is not None:
        # Resolving the sub-route is URL matching, no query; it also sets `request.routable_resolver_match`.
        return page.route(request, stored["subpath"])
    return RouteResult(page)


def serve_route(request, route: RouteResult) -> HttpResponse:
    """What Wagtail's `serve` view does with a route: its serving hooks, then the page's `serve`."""
    page, args, kwargs = route
    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
