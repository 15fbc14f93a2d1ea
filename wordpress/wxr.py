"""Reading a WordPress export (WXR, WordPress eXtended RSS) as a stream of items.

The file is parsed with `iterparse` and every item is cleared once read, so memory stays flat however long the
export is. `defusedxml` refuses entity expansion and external entities (a "billion laughs" file is an error).
Format: https://developer.wordpress.org/cli/commands/export/ and wp-admin/includes/export.php, which writes it.
"""

import dataclasses
import datetime
import re
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

GUID_ID = re.compile(r"[?&]p=(\d+)$")
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# WordPress.com and some exports write https:// in the namespace; WordPress itself http://.
WORDPRESS_NAMESPACE_STARTS = ("http://wordpress.org/export/", "https://wordpress.org/export/")


class WXRError(Exception):
    """The file cannot be imported at all: not WXR, malformed, truncated, or of an unknown version."""


@dataclasses.dataclass
class Channel:
    """What the export says about the site, before its items."""

    version: str = ""
    base_site_url: str = ""
    link: str = ""
    authors: dict[str, str] = dataclasses.field(default_factory=dict)  # login → display name
    categories: dict[str, str] = dataclasses.field(default_factory=dict)  # nicename → name
    tags: dict[str, str] = dataclasses.field(default_factory=dict)  # slug → name


@dataclasses.dataclass
class Item:
    """One post, page or attachment of the export."""

    post_id: int
    post_type: str
    status: str
    title: str = ""
    slug: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    published: datetime.datetime | None = None
    content: str = ""
    excerpt: str = ""
    parent_id: int = 0
    menu_order: int = 0
    categories: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = dataclasses.field(default_factory=dict)
    comment_count: int = 0
    attachment_url: str = ""
    password: str = ""  # a password-protected post's or page's password

    @property
    def thumbnail_id(self) -> int | None:
        value = self.meta.get("_thumbnail_id", "")
        return int(value) if value.isdigit() else None


class BadItem(Exception):
    """One item cannot be read (no id, a date that is no date); the others can."""


def _short_name(tag: str) -> str:
    """`{namespace}local` as `prefix:local`, whatever WXR version's namespace the file uses."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if namespace.startswith(WORDPRESS_NAMESPACE_STARTS):
        return f"excerpt:{local}" if namespace.rstrip("/").endswith("/excerpt") else f"wp:{local}"
    if namespace == CONTENT_NAMESPACE:
        return f"content:{local}"
    if namespace == DUBLIN_CORE_NAMESPACE:
        return f"dc:{local}"
    return local


def _text(element, name: str) -> str:
    """The child's text, stripped except for content, whose line breaks are its paragraphs."""
    for child in element:
        if _short_name(child.tag) == name:
            text = child.text or ""
            return text if name == "content:encoded" else text.strip()
    return ""


def _date(value: str) -> datetime.datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
    except ValueError as error:
        raise BadItem(f"the date {value!r} is not a date") from error


def _integer(value: str, default: int = 0) -> int:
    return int(value) if value.lstrip("-").isdigit() else default


def _item(element) -> Item:
    # Some hand-made exports have no wp:post_id; their guid still says it, as WordPress writes it (`/?p=123`).
    post_id = _text(element, "wp:post_id")
    if not post_id and (in_guid := GUID_ID.search(_text(element, "guid"))):
        post_id = in_guid.group(1)
    if not post_id.isdigit():
        raise BadItem(f"no WordPress id (wp:post_id is {post_id!r})")
    item = Item(
        post_id=int(post_id),
        post_type=_text(element, "wp:post_type") or "post",
        status=_text(element, "wp:status") or "publish",
        title=_text(element, "title"),
        slug=_text(element, "wp:post_name"),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, "dc:creator"),
        published=_date(_text(element, "wp:post_date_gmt")) or _date(_text(element, "wp:post_date")),
        content=_text(element, "content:encoded"),
        excerpt=_text(element, "excerpt:encoded").strip(),
        parent_id=_integer(_text(element, "wp:post_parent")),
        menu_order=_integer(_text(element, "wp:menu_order")),
        attachment_url=_text(element, "wp:attachment_url"),
        password=_text(element, "wp:post_password"),
    )
    for child in element:
        name = _short_name(child.tag)
        if name == "category":
            item.categories.append((child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip()))
        elif name == "wp:postmeta":
            key, value = _text(child, "wp:meta_key"), _text(child, "wp:meta_value")
            if key:
                item.meta[key] = value
        elif name == "wp:comment":
            item.comment_count += 1
    return item


def _channel_entry(channel: Channel, name: str, element) -> None:
    if name == "wp:wxr_version":
        channel.version = (element.text or "").strip()
        if channel.version not in SUPPORTED_VERSIONS:
            raise WXRError(
                f"WXR version {channel.version!r} is not one this importer knows "
                f"({', '.join(sorted(SUPPORTED_VERSIONS))})."
            )
    elif name == "wp:base_site_url":
        channel.base_site_url = (element.text or "").strip()
    elif name == "link":
        channel.link = (element.text or "").strip()
    elif name == "wp:author":
        channel.authors[_text(element, "wp:author_login")] = _text(element, "wp:author_display_name")
    elif name == "wp:category":
        channel.categories[_text(element, "wp:category_nicename")] = _text(element, "wp:cat_name")
    elif name == "wp:tag":
        channel.tags[_text(element, "wp:tag_slug")] = _text(element, "wp:tag_name")


def read_export(path) -> Iterator[Channel | Item | BadItem]:
    """The channel (once, before the first item), then each item, or a `BadItem` saying why it cannot be read.

    Raises `WXRError` for a file that cannot be imported; the error may come after items were yielded (a truncated
    file), which is why the importer reads the whole file once before writing anything (`imports.py`).
    """
    channel = Channel()
    channel_element = None
    depth = 0
    channel_given = False
    try:
        for event, element in iterparse(str(path), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WXRError(f"This is not a WordPress export: its root element is <{element.tag}>, not <rss>.")
                if depth == 2:
                    channel_element = element
                continue
            depth -= 1
            name = _short_name(element.tag)
            # rss (0) > channel (1) > entries and items (2)
            if depth == 2 and name == "item":
                if not channel.version:
                    raise WXRError("This is not a WordPress export: it has no wp:wxr_version before its items.")
                if not channel_given:
                    channel_given = True
                    yield channel
                try:
                    yield _item(element)
                except BadItem as error:
                    yield error
                channel_element.clear()  # drops what was read, so the tree never grows
            elif depth == 2:
                _channel_entry(channel, name, element)
                channel_element.clear()
    except ParseError as error:
        raise WXRError(f"The file is not well-formed XML, or is cut short: {error}.") from error
    except DefusedXmlException as error:
        raise WXRError(f"The file declares entities, which a WordPress export never does: {error}.") from error
    except OSError as error:
        raise WXRError(f"The file cannot be read: {error}.") from error
    if not channel.version:
        raise WXRError("This is not a WordPress export: it has no wp:wxr_version.")
    if not channel_given:
        yield channel
