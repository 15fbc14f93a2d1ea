"""`{% site_navigation as navigation %}`: the header's main menu and the footer's links and contact details.
`{% privacy_notice_url %}`: the address of the privacy notice (SiteSettings.privacy_page) for the forms' note.

They are on every page and the same for every visitor, so they are kept in the cache under the content generation,
which moves on whenever a page is published, moved or deleted or a setting is saved (core/page_cache.py),
with each page link's address already found. `{% menu_link link %}` writes a link as blocks/link_block.html does,
`aria-current` included, which is all that differs per request; the account links stay in the templates.
"""

from django import template
from django.utils.html import format_html

from wagtail.models import Page, Site

from core.models import NavigationSettings, SiteSettings
from core.page_cache import cached_for_generation

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
    return request_navigation(request)


def request_navigation(request) -> dict:
    if not hasattr(request, "site_navigation"):
        request.site_navigation = cached_navigation(request)
    return request.site_navigation


@register.simple_tag(takes_context=True)
def privacy_notice_url(context) -> str:
    """The privacy notice's address, or "" when the site has none or no request is at hand: from the navigation
    read once per request. An inclusion tag's template may see the request only as its context's attribute.
    """
    request = context.get("request") or getattr(context, "request", None)
    if request is None:
        return ""
    return request_navigation(request).get("privacy_url", "")


def cached_navigation(request) -> dict:
    site = Site.find_for_request(request)
    # A preview shows the navigation as it is now, never from a copy.
    if site is None or getattr(request, "is_preview", False):
        return navigation_for_site(site, request=request)

    def navigation_with_addresses():
        navigation = navigation_for_site(site, request=request)
        # The same for every request to the site: relative within it, absolute for another site's page.
        for link in [*navigation["main_menu"], *navigation["footer_links"]]:
            if link["page"] is not None:
                link["page_url"] = link["page"].get_url(request=request)
        return navigation

    return cached_for_generation(f"site-navigation:{site.pk}", navigation_with_addresses, NAVIGATION_TIMEOUT)


def navigation_for_site(site, *, request=None) -> dict:
    if site is None:
        return {"main_menu": [], "footer_links": [], "contact": None, "privacy_url": ""}
    navigation = NavigationSettings.for_site(site)
    contact = SiteSettings.for_site(site)
    main_menu, footer_links = navigation.main_menu.raw_data, navigation.footer_links.raw_data
    # The pages of both menus and the privacy notice in one query, where each would fetch its own.
    page_ids = {link["value"].get("page") for link in [*main_menu, *footer_links]} | {contact.privacy_page_id}
    pages = Page.objects.in_bulk(page_ids - {None, ""})
    privacy_page = pages.get(contact.privacy_page_id)
    return {
        "main_menu": [menu_link(link["value"], pages) for link in main_menu],
        "footer_links": [menu_link(link["value"], pages) for link in footer_links],
        "contact": contact,
        # An unpublished notice is no notice: the forms' note then goes without a link.
        "privacy_url": (privacy_page.get_url(request=request) or "") if privacy_page and privacy_page.live else "",
    }


def menu_link(value: dict, pages: dict) -> dict:
    """A LinkBlock's stored value with its page (None if deleted since), as the block's own value would have it."""
    return {"page": pages.get(value.get("page")), "url": value.get("url", ""), "label": value.get("label", "")}


@register.simple_tag(takes_context=True, name="menu_link")
def menu_link_html(context, link: dict) -> str:
    """A menu's link as blocks/link_block.html writes it, without an include and `{% pageurl %}` for each."""
    page = link["page"]
    if page is None:
        return format_html('<a href="{}">{}</a>', link["url"], link["label"]) if link["url"] else ""
    request = context.get("request")
    url = link["page_url"] if "page_url" in link else page.get_url(request=request)
    path = request.path if request is not None else ""
    label = link["label"] or page.title
    if url is not None and path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    if url is not None and url != "/" and url in path:
        return format_html('<a href="{}" aria-current="true">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)
