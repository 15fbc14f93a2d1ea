"""Wagtail's page serving, with each address's route kept in the cache under the content generation.

To route a request Wagtail looks up the Site of its host, then walks the tree from the site's root page to the
page: per level a query for the child by slug and one for `.specific`. What it finds changes only when a page is
published, unpublished, moved or deleted, or a Site is saved, and each of those moves the content generation
(core/page_cache.py). So `serve` below, which replaces Wagtail's serve view in the URLconf, keeps the routed page
(and for a RoutablePage its sub-route) under the generation, and on the next request for the same address goes
straight to serving it. A path that routes to no page is kept too, as None, and found once a page is published there
(a new generation). Everything else is Wagtail's serve view through its public API: routing with
`Page.route_for_request`, the `on_serve_page` and `before_serve_page` hooks (view restrictions, members/area.py), and
the page's own `serve`, which run on every request. The copy is taken right after routing, before the page is
served, so nothing a view computes on the page is kept. Previews never pass here: Wagtail renders them without
URL resolution.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse

from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve_chain as page_serve

from core.page_cache import content_generation
from core.public_forms import token_only_with_session

ROUTE_TIMEOUT = 300


# The pages' own forms (contact, event registration, membership application) are forms anyone may post.
@token_only_with_session
def serve(request, path):
    """Wagtail's `wagtail.views.serve`, routing GET and HEAD requests from the cache."""
    route = cached_route(request, path) if request.method in ("GET", "HEAD") else Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    serve_chain = page_serve
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve_chain = wrap(serve_chain)
    for before_serve in hooks.get_hooks("before_serve_page"):
        result = before_serve(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return serve_chain(page, request, args, kwargs)


def cached_route(request, path: str) -> RouteResult | None:
    key = route_key(request, path)
    stored = cache.get(key)
    if stored is not None:
        return stored_route_result(request, stored)
    route = Page.route_for_request(request, path)
    stored = route_to_store(request, path, route)
    if stored is not None:
        cache.set(key, stored, ROUTE_TIMEOUT)
    return route


def route_key(request, path: str) -> str:
    # The host and port are what Wagtail picks the Site by.
    address = f"{request.get_host()}|{request.get_port()}|{path}"
    return f"wagtail-route:{content_generation()}:{hashlib.sha256(address.encode()).hexdigest()}"


def route_to_store(request, path: str, route: RouteResult | None) -> dict | None:
    """What Wagtail's routing found, to store; None for routing other than Wagtail's own and RoutablePage's."""
    if route is None:
        return {"page": None, "subpath": None}
    page = route.page
    if isinstance(page, RoutablePageMixin) and hasattr(request, "routable_resolver_match"):
        # The components past the page's own address (one slug a level below the site's root) are its sub-route.
        components = [component for component in path.split("/") if component]
        site_root_depth = Site.find_for_request(request).root_page.depth
        return {"page": page, "subpath": components[page.depth - site_root_depth :]}
    if route.args or route.kwargs:
        return None
    return {"page": page, "subpath": None}


def stored_route_result(request, stored: dict) -> RouteResult | None:
    page = stored["page"]
    if page is None:
        return None
    if stored["subpath"] is not None:
        # Resolving the sub-route is URL matching, no query; it also sets `request.routable_resolver_match`.
        try:
            return page.route(request, stored["subpath"])
        except Http404:
            return None
    return RouteResult(page)
