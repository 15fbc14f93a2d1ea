"""Redirects from the WordPress site's addresses to what they became, through Wagtail's redirects.

Every item answers at its permalink and at `/?p=ID` (pages also `/?page_id=ID`, attachments `/?attachment_id=ID`).
Wagtail's redirect middleware only looks at requests that found nothing (404), and the home page answers `/`
whatever its query string, so `wagtail_hooks.py` looks those query addresses up before the page is served.
"""

from urllib.parse import urlparse

from django.db.models import F
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from .wxr import Channel, Item

# The query parameters WordPress finds an item by, whatever its permalink settings.
ID_PARAMETERS = {"post": "p", "page": "page_id", "attachment": "attachment_id"}
OLD_PATH_MAX_LENGTH = Redirect._meta.get_field("old_path").max_length


def query_path(path: str, parameter: str, value: str) -> str:
    return Redirect.normalise_path(f"{path}?{parameter}={value}")


def old_paths(item: Item, channel: Channel) -> set[str]:
    """The item's addresses on the old site, normalised as Wagtail stores them; other sites' addresses left out."""
    site = urlparse(channel.base_site_url or channel.link)
    prefix = site.path.rstrip("/") + "/"
    paths = {query_path(prefix, "p", str(item.post_id))}
    if item.post_type in ID_PARAMETERS:
        paths.add(query_path(prefix, ID_PARAMETERS[item.post_type], str(item.post_id)))
    for address in (item.link, item.guid):
        parsed = urlparse(address)
        if parsed.netloc and parsed.netloc.lower() != site.netloc.lower():
            continue
        if parsed.path.strip("/") or parsed.query:
            paths.add(Redirect.normalise_path(parsed.path + (f"?{parsed.query}" if parsed.query else "")))
    return {path for path in paths if path != "/" and len(path) <= OLD_PATH_MAX_LENGTH}


def redirect_response(request, old_path: str):
    """The answer of Wagtail's redirect for `old_path` (the request's site's own first), or None."""
    site = Site.find_for_request(request)
    redirects = Redirect.get_for_site(site).filter(old_path=Redirect.normalise_path(old_path))
    redirect = redirects.order_by(F("site").asc(nulls_last=True)).first()
    if redirect is None or not redirect.link:
        return None
    response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    return response_class(redirect.link)


def redirects_to_page(paths: set[str], page) -> None:
    for path in paths:
        Redirect.objects.update_or_create(
            old_path=path, site=None, defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True}
        )


def redirects_to_file(paths: set[str], url: str) -> None:
    for path in paths:
        Redirect.objects.update_or_create(
            old_path=path, site=None, defaults={"redirect_page": None, "redirect_link": url, "is_permanent": True}
        )
