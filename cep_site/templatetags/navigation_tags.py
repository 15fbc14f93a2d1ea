"""`{% site_navigation as navigation %}`: the header's main menu and the footer's links and contact details.

They are on every page and the same for every visitor, so they are kept in the cache under the content generation,
which moves on whenever a page is published, moved or deleted or a setting is saved (cep_site/page_cache.py).
What differs per visitor (the account links, `aria-current`) stays in the templates.
"""

from django import template
from django.core.cache import cache

from wagtail.models import Page, Site

from cep_site.models import NavigationSettings, SiteSettings
from cep_site.page_cache import content_generation

register = template.Library()

NAVIGATION_TIMEOUT = 300


@register.simple_tag(takes_context=True)
def site_navigation(context) -> dict:
    """`main_menu` and `footer_links` (each link a dict of `page`, `url` and `label`, as blocks/link_block.html
    reads them) and `contact` (the SiteSettings) of the request's site; read once per request.
    """
    request = context.get("request")
    if request is None:
        return navigation_for_site(Site.objects.filter(is_default_site=True).first())
    if not hasattr(request, "site_navigation"):
        request.site_navigation = cached_navigation(request)
    return request.site_navigation


def cached_navigation(request) -> dict:
    site = Site.find_for_request(request)
    # A preview shows the navigation as it is now, never from a copy.
    if site is None or getattr(request, "is_preview", False):
        return navigation_for_site(site)
    key = f"site-navigation:{site.pk}:{content_generation()}"
    navigation = cache.get(key)
    if navigation is None:
        navigation = navigation_for_site(site)
        cache.set(key, navigation, NAVIGATION_TIMEOUT)
    return navigation


def navigation_for_site(site) -> dict:
    if site is None:
        return {"main_menu": [], "footer_links": [], "contact": None}
    navigation = NavigationSettings.for_site(site)
    main_menu, footer_links = navigation.main_menu.raw_data, navigation.footer_links.raw_data
    # The pages of both menus in one query, where each StreamField would fetch its own.
    page_ids = {link["value"].get("page") for link in [*main_menu, *footer_links]} - {None, ""}
    pages = Page.objects.in_bulk(page_ids)
    return {
        "main_menu": [menu_link(link["value"], pages) for link in main_menu],
        "footer_links": [menu_link(link["value"], pages) for link in footer_links],
        "contact": SiteSettings.for_site(site),
    }


def menu_link(value: dict, pages: dict) -> dict:
    """A LinkBlock's stored value with its page (None if deleted since), as the block's own value would have it."""
    return {"page": pages.get(value.get("page")), "url": value.get("url", ""), "label": value.get("label", "")}
