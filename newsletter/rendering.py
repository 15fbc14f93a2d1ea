"""What an issue says, rendered for the web page, the e-mail and the admin preview alike.

The e-mail is rendered once per sending (`issue_render`); only the unsubscribe link differs per recipient, so the
rendering carries `UNSUBSCRIBE_PLACEHOLDER` where it goes (newsletter.sending puts each subscriber's link there).
Every link and image in it is absolute: a mail client has no page to resolve "/news/…" against.
"""

import html
import re
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.tz import do_timezone
from django.utils.dateformat import format as format_date
from django.utils.html import strip_tags

from wagtail.models import Page, Site
from wagtail.rich_text import expand_db_html

from core.models import SiteSettings
from events.models import EventPage
from news.models import NewsPage
from projects.models import ProjectPage
from topics.models import ResourcePage

# Replaced per recipient; made of characters that neither HTML escaping nor a mail encoder changes.
UNSUBSCRIBE_PLACEHOLDER = "%%CEP_UNSUBSCRIBE_URL%%"
IMAGE_SPEC = "fill-240x135"
# The site's one date style, as the templates write it (|date:"j M Y"): 15 Jan 2026.
SITE_DATE = "j M Y"

# Mail clients drop <style> blocks and class names: rich text gets its styles inline (the e-mail template's look).
RICH_TEXT_STYLES = {
    "p": "margin:0 0 16px;",
    "h3": "font-size:18px;line-height:1.3;margin:24px 0 8px;color:#1d2433;",
    "ul": "margin:0 0 16px;padding-left:24px;",
    "ol": "margin:0 0 16px;padding-left:24px;",
    "li": "margin:0 0 4px;",
    "a": "color:#003d73;text-decoration:underline;",
}
# Mail lines may be 998 bytes (RFC 5322). A part with a longer line goes quoted-printable: three times the lines
# to encode, send and parse, and rich text is one line per field. Lines are broken well short of that, leaving room
# for the per-recipient links put in afterwards.
MAIL_LINE_BYTES = 600
# Where a line may break without changing what it shows: a white space outside a tag (never inside an attribute).
LINE_BREAK_CANDIDATE = re.compile(r"<[^>]*>|[ \t]")
TAG_OPENING = re.compile(r"<(" + "|".join(RICH_TEXT_STYLES) + r")(?=[\s>])")
RELATIVE_URL = re.compile(r'(href|src)="(/(?!/)[^"]*)"')


@dataclass(frozen=True)
class IssueItem:
    """One page of the site as an issue shows it: a card with a link."""

    title: str
    url: str
    summary: str = ""
    meta: str = ""
    image_url: str = ""
    image_alt: str = ""
    image_width: int = 0
    image_height: int = 0


@dataclass(frozen=True)
class IssueBlock:
    """A block of the issue's body: a section of pages ("Latest news"), or a passage of text."""

    kind: str  # "section" or "text"
    heading: str = ""
    introduction: str = ""
    items: list[IssueItem] = field(default_factory=list)
    html: str = ""  # for text: rich text with absolute links and inline styles, for the e-mail
    text: str = ""  # for text: the plain-text version
    web_html: str = ""  # for text: the rich text as the site's pages show it


def site_root_url(page) -> str:
    """'https://www.cep-probation.org': the site the issue belongs to, else the default site or the admin's base."""
    site = page.get_site() if getattr(page, "path", "") else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(url: str, root_url: str) -> str:
    return f"{root_url}{url}" if url.startswith("/") and not url.startswith("//") else url


def absolute_urls(markup: str, root_url: str) -> str:
    """Every href="/…" and src="/…" in `markup` made absolute."""
    return RELATIVE_URL.sub(lambda match: f'{match[1]}="{root_url}{match[2]}"', markup)


def rich_text_for_email(value: str, root_url: str) -> str:
    markup = absolute_urls(expand_db_html(value or ""), root_url)
    return TAG_OPENING.sub(lambda match: f'<{match[1]} style="{RICH_TEXT_STYLES[match[1]]}"', markup)


def rich_text_as_text(value: str, root_url: str) -> str:
    """Plain text for the text/plain part: paragraphs as blank lines, list items as dashes, links with their URL."""
    markup = absolute_urls(expand_db_html(value or ""), root_url)
    markup = re.sub(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', r"\2 (\1)", markup, flags=re.DOTALL)
    markup = re.sub(r"<li\b[^>]*>", "- ", markup)
    markup = re.sub(r"<br\s*/?>|</li>", "\n", markup)
    markup = re.sub(r"</(p|h[1-6]|ul|ol)>", "\n\n", markup)
    text = html.unescape(strip_tags(markup))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def page_url(page, root_url: str) -> str:
    return page.get_full_url() or absolute_url(page.url or "/", root_url)


def image_fields(image, root_url: str) -> dict:
    if image is None:
        return {}
    rendition = image.get_rendition(IMAGE_SPEC)
    return {
        "image_url": absolute_url(rendition.url, root_url),
        "image_alt": getattr(image, "description", "") or "",
        "image_width": rendition.width,
        "image_height": rendition.height,
    }


def item_for_page(page, root_url: str) -> IssueItem:
    """The card of a news item, event, project or resource; any other page shows its title and description."""
    fields = {"title": page.title, "url": page_url(page, root_url), "summary": page.search_description}
    if isinstance(page, NewsPage):
        fields.update(
            summary=page.teaser, meta=format_date(page.date, SITE_DATE), **image_fields(page.listing_image, root_url)
        )
    elif isinstance(page, EventPage):
        start = do_timezone(page.start, page.zone)
        where = "Online" if page.attendance == "online" else page.venue_city or page.get_attendance_display()
        meta = f"{page.get_kind_display()} · {start:%A} {start.day} {start:%B %Y, %H:%M} {start.tzname()} · {where}"
        fields.update(summary=page.summary, meta=meta, **image_fields(page.image, root_url))
    elif isinstance(page, ProjectPage):
        fields.update(summary=page.summary, meta=page.full_name, **image_fields(page.image, root_url))
    elif isinstance(page, ResourcePage):
        meta = f"{page.get_resource_type_display()} · {format_date(page.publication_date, SITE_DATE)}"
        fields.update(summary=page.description, meta=meta)
    return IssueItem(**fields)


def issue_blocks(issue) -> list[IssueBlock]:
    """The issue's body, in the editor's order, with each chosen page that is live and public as a card.

    A page that was deleted, unpublished or made private since it was chosen is left out.
    """
    root_url = site_root_url(issue)
    chosen_ids = {
        page.pk
        for block in issue.body
        if block.block_type == "section"
        for page in block.value["pages"]
        if page is not None
    }
    pages = Page.objects.filter(pk__in=chosen_ids).live().public().specific().in_bulk() if chosen_ids else {}
    blocks = []
    for block in issue.body:
        if block.block_type == "section":
            items = [
                item_for_page(pages[page.pk], root_url)
                for page in block.value["pages"]
                if page is not None and page.pk in pages
            ]
            if items:
                blocks.append(
                    IssueBlock(
                        "section", heading=block.value["heading"], introduction=block.value["introduction"], items=items
                    )
                )
        elif block.block_type == "text":
            source = block.value.source
            blocks.append(
                IssueBlock(
                    "text",
                    html=rich_text_for_email(source, root_url),
                    text=rich_text_as_text(source, root_url),
                    web_html=expand_db_html(source),
                )
            )
    return blocks


def newsletter_settings(page=None) -> dict:
    """Sender, reply-to and the postal footer, from the site settings (Settings › Contact and social media)."""
    site = page.get_site() if page is not None and getattr(page, "path", "") else None
    site = site or Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else SiteSettings()
    _name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    reply_to = site_settings.newsletter_reply_to or site_settings.contact_email
    return {
        "from_email": formataddr(
            (site_settings.newsletter_sender_name, site_settings.newsletter_sender_email or default_address)
        ),
        "reply_to": [reply_to] if reply_to else [],
        "postal_address": site_settings.address.strip(),
        "contact_email": site_settings.contact_email,
    }


def mail_lines(markup: str, limit: int = MAIL_LINE_BYTES) -> str:
    """`markup` (HTML or text) with lines of at most `limit` bytes, broken at white space outside tags.

    A line with no such space within the limit (one long address) is left as it is.
    """
    lines = []
    for line in markup.split("\n"):
        while len(line.encode()) > limit:
            cut = 0
            for candidate in LINE_BREAK_CANDIDATE.finditer(line):
                if len(line[: candidate.start()].encode()) > limit:
                    break
                if candidate.group() in " \t":
                    cut = candidate.start()
            if not cut:
                break
            lines.append(line[:cut])
            line = line[cut + 1 :]
        lines.append(line)
    return "\n".join(lines)


def issue_context(issue, *, unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER) -> dict:
    root_url = site_root_url(issue)
    blocks = issue_blocks(issue)
    introduction = issue.introduction or ""
    preheader = rich_text_as_text(introduction, root_url)[:140]
    return {
        "issue": issue,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "root_url": root_url,
        # A page not yet saved (the admin's preview of a new issue) has no address of its own.
        "web_url": issue.get_full_url() if getattr(issue, "path", "") else "",
        "introduction_html": rich_text_for_email(introduction, root_url),
        "introduction_text": rich_text_as_text(introduction, root_url),
        "preheader": preheader or issue.title,
        "blocks": blocks,
        "unsubscribe_url": unsubscribe_url,
        **newsletter_settings(issue),
    }


def issue_render(issue) -> tuple[str, str, str]:
    """(subject, html, text) of the issue as it stands on `issue`: a page, a revision's page, or a preview."""
    context = issue_context(issue)
    return (
        issue.title,
        mail_lines(render_to_string("newsletter/email/issue.html", context)),
        mail_lines(render_to_string("newsletter/email/issue.txt", context)),
    )
