"""A WordPress post's HTML as the site's body blocks (core/blocks.py BodyStreamBlock).

WordPress stores what its editor typed: paragraphs as blank lines (its `wpautop` adds the `<p>` when it shows them),
shortcodes in square brackets, and bare video addresses on their own line that it embeds. Paragraphs, lists and
headings become rich text and heading blocks; `[caption]`, `[gallery]` and lone images image blocks; YouTube and
Vimeo addresses, `[embed]` and their iframes embed blocks. Other shortcodes are removed, their inner text kept, and
counted.
"""

import collections
import dataclasses
import html
import re
from typing import Protocol

from bs4 import BeautifulSoup, NavigableString, Tag

VIDEO_ADDRESS = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/watch\?\S+|youtu\.be/\S+|vimeo\.com/\d+\S*)$", re.IGNORECASE
)
IFRAME_VIDEO = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/embed/(?P<youtube>[\w-]+))|(?:player\.vimeo\.com/video/(?P<vimeo>\d+))",
    re.IGNORECASE,
)
SHORTCODE = re.compile(r"\[(?P<close>/?)(?P<name>[a-zA-Z][\w-]*)(?P<attributes>[^\]]*?)/?\]")
SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
CAPTION = re.compile(r"\[(?:caption|wp_caption)(?P<attributes>[^\]]*)\](?P<inner>.*?)\[/(?:caption|wp_caption)\]", re.S)
WEB_ADDRESS = re.compile(r"https?://\S+")
EMBED = re.compile(r"\[embed[^\]]*\](?P<address>.*?)\[/embed\]", re.S)
GALLERY = re.compile(r"\[gallery(?P<attributes>[^\]]*)\]")
BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "figure", "table", "iframe", "hr",
    "pre", "wp-caption", "wp-gallery", "wp-embed", "section", "article", "address", "dl",
}  # fmt: skip
# Where wpautop starts and ends a paragraph: around these, as well as at blank lines.
BREAKING_TAGS = BLOCK_TAGS | {"li", "tr", "td", "th", "thead", "tbody", "dt", "dd", "figcaption", "form", "select"}
_BREAKING_NAMES = "|".join(sorted(BREAKING_TAGS, key=len, reverse=True))
BREAKING_OPENING = re.compile(rf"(<(?:{_BREAKING_NAMES})[\s/>])", re.I)
BREAKING_CLOSING = re.compile(rf"(</(?:{_BREAKING_NAMES})>)", re.I)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}


class MediaLookup(Protocol):
    """What the importer found for an address or id of the old site (imports.py); None when it has nothing."""

    def image_for_url(self, url: str): ...

    def image_for_id(self, wordpress_id: int): ...

    def document_for_url(self, url: str): ...


@dataclasses.dataclass
class Converted:
    blocks: list[dict]
    shortcodes_removed: collections.Counter
    missing_media: list[str]


def _attributes(text: str) -> dict[str, str]:
    return {match[0]: match[1] or match[2] or match[3] for match in SHORTCODE_ATTRIBUTE.findall(text)}


def _placeholders(text: str, removed: collections.Counter) -> str:
    """Shortcodes we understand as elements BeautifulSoup can walk; the others removed, their content kept."""

    def caption(match):
        return f"\n\n<wp-caption>{match['inner']}</wp-caption>\n\n"

    def gallery(match):
        ids = _attributes(match["attributes"]).get("ids", "")
        return f'\n\n<wp-gallery ids="{html.escape(ids)}"></wp-gallery>\n\n'

    def embed(match):
        return f'\n\n<wp-embed url="{html.escape(match["address"].strip())}"></wp-embed>\n\n'

    def other(match):
        removed[match["name"].lower()] += 0 if match["close"] else 1
        return ""

    text = CAPTION.sub(caption, text)
    text = GALLERY.sub(gallery, text)
    text = EMBED.sub(embed, text)
    return SHORTCODE.sub(other, text)


def _autop(text: str) -> str:
    """WordPress's `wpautop` in short: a blank line ends a paragraph, a line break within one is a <br>."""
    chunks = []
    text = BREAKING_CLOSING.sub("\\1\n\n", BREAKING_OPENING.sub("\n\n\\1", text.replace("\r\n", "\n")))
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        opening = re.match(r"</?([\w-]+)", chunk)
        if VIDEO_ADDRESS.match(chunk):
            chunks.append(f'<wp-embed url="{html.escape(chunk)}"></wp-embed>')
        elif opening and opening[1].lower() in BREAKING_TAGS:
            chunks.append(chunk)
        else:
            chunks.append("<p>" + chunk.replace("\n", "<br/>") + "</p>")
    return "\n".join(chunks)


class _Converter:
    def __init__(self, media: MediaLookup):
        self.media = media
        self.blocks: list[dict] = []
        self.missing: list[str] = []

    def add(self, block_type: str, value) -> None:
        self.blocks.append({"type": block_type, "value": value})

    def inline(self, element) -> str:
        """The element's content as rich text's inline HTML: links, bold, italic, line breaks; the rest unwrapped."""
        parts = []
        for child in element.children:
            if isinstance(child, NavigableString):
                parts.append(html.escape(str(child), quote=False))
            elif not isinstance(child, Tag):
                continue
            elif child.name == "br":
                parts.append("<br/>")
            elif child.name in INLINE_TAGS:
                tag = INLINE_TAGS[child.name]
                inner = self.inline(child)
                parts.append(f"<{tag}>{inner}</{tag}>" if inner.strip() else inner)
            elif child.name == "a" and child.get("href"):
                parts.append(self.link(child["href"], self.inline(child)))
            elif child.name in {"img", "script", "style"}:
                continue
            else:
                parts.append(self.inline(child))
        return "".join(parts)

    def link(self, href: str, text: str) -> str:
        document = self.media.document_for_url(href)
        if document is not None:
            return f'<a linktype="document" id="{document.pk}">{text}</a>'
        image = self.media.image_for_url(href)
        if image is not None:
            href = image.file.url
        return f'<a href="{html.escape(href)}">{text}</a>'

    def image(self, img: Tag, caption: str = "") -> None:
        source = img.get("src", "")
        image = self.media.image_for_url(source)
        if image is None:
            self.missing.append(source)
            return
        alt = img.get("alt", "").strip()
        self.add("image", {"image": image.pk, "caption": caption[:255], "alt_text": alt[:255], "decorative": False})

    def embed(self, url: str, caption: str = "") -> None:
        self.add("embed", {"embed": url, "caption": caption[:255]})

    def iframe(self, iframe: Tag) -> None:
        match = IFRAME_VIDEO.search(iframe.get("src", ""))
        if match and match["youtube"]:
            self.embed(f"https://www.youtube.com/watch?v={match['youtube']}")
        elif match:
            self.embed(f"https://vimeo.com/{match['vimeo']}")

    def figure(self, element: Tag) -> None:
        """`[caption]`, and the block editor's image, gallery (figures in a figure) and embed figures."""
        inner_figures = element.find_all("figure")
        if inner_figures:
            for figure in inner_figures:
                self.figure(figure)
            return
        img = element.find("img")
        caption_element = element.find("figcaption")
        if caption_element is not None:
            caption = caption_element.get_text(" ", strip=True)
            caption_element.extract()
        else:
            caption = element.get_text(" ", strip=True)
        if img is not None:
            self.image(img, caption)
        elif element.find("iframe") is not None:
            self.iframe(element.find("iframe"))
        elif VIDEO_ADDRESS.match(text := element.get_text(" ", strip=True)):
            self.embed(text, caption if caption_element is not None else "")
        elif WEB_ADDRESS.fullmatch(text):
            # Another provider's embed (a post on X, a podcast): kept as a link rather than lost.
            address = html.escape(text)
            self.add("paragraph", f'<p><a href="{address}">{address}</a></p>')

    def paragraph(self, element: Tag) -> None:
        images = element.find_all("img")
        iframes = element.find_all("iframe")
        for img in images:
            self.image(img)
        for iframe in iframes:
            self.iframe(iframe)
        text = self.inline(element)
        if VIDEO_ADDRESS.match(text.strip()):
            self.embed(html.unescape(text.strip()))
        elif text.strip().replace("<br/>", ""):
            self.add("paragraph", f"<p>{text.strip()}</p>")

    def element(self, element) -> None:
        if isinstance(element, NavigableString):
            if element.strip():
                self.add("paragraph", f"<p>{html.escape(element.strip(), quote=False)}</p>")
            return
        if not isinstance(element, Tag):
            return
        name = element.name
        if name in {"h1", "h2", "h3"}:
            text = element.get_text(" ", strip=True)
            if text:
                self.add("heading", {"text": text[:255], "level": "h3" if name == "h3" else "h2"})
        elif name in {"h4", "h5", "h6"}:
            text = self.inline(element).strip()
            if text:
                self.add("paragraph", f"<h4>{text}</h4>")
        elif name in {"ul", "ol"}:
            items = [self.inline(item).strip() for item in element.find_all("li")]
            items = "".join(f"<li>{item}</li>" for item in items if item)
            if items:
                self.add("paragraph", f"<{name}>{items}</{name}>")
        elif name == "blockquote":
            text = element.get_text("\n", strip=True)
            if text:
                self.add("quote", {"quote": text, "attribution": ""})
        elif name == "hr":
            self.add("paragraph", "<hr/>")
        elif name == "iframe":
            self.iframe(element)
        elif name == "img":
            self.image(element)
        elif name == "wp-embed":
            self.embed(element.get("url", ""))
        elif name in {"wp-caption", "figure"}:
            self.figure(element)
        elif name == "wp-gallery":
            for wordpress_id in re.findall(r"\d+", element.get("ids", "")):
                image = self.media.image_for_id(int(wordpress_id))
                if image is None:
                    self.missing.append(f"attachment {wordpress_id}")
                else:
                    self.add("image", {"image": image.pk, "caption": "", "alt_text": "", "decorative": False})
        elif name in {"div", "section", "article", "table", "dl", "address"} and element.find(BLOCK_TAGS - {"div"}):
            for child in element.children:
                self.element(child)
        else:
            self.paragraph(element)


def html_to_blocks(text: str, *, media: MediaLookup) -> Converted:
    removed = collections.Counter()
    text = HTML_COMMENT.sub("", text)  # the block editor's <!-- wp:paragraph --> markers among them
    soup = BeautifulSoup(_autop(_placeholders(text, removed)), "html.parser")
    converter = _Converter(media)
    for element in soup.children:
        converter.element(element)
    return Converted(blocks=converter.blocks, shortcodes_removed=+removed, missing_media=converter.missing)


def plain_text(text: str) -> str:
    """An excerpt or title as plain text: WordPress allows HTML and entities there."""
    return BeautifulSoup(text, "html.parser").get_text(" ", strip=True)
