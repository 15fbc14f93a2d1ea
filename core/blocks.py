"""Blocks shared by every page: the one body StreamField, and what the home page's sections have in common.

Each app contributes its own home section (events/blocks.py, news/blocks.py…); home/blocks.py puts them together.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from core.listing_cache import TIME_DEPENDENT_TIMEOUT, cached
from core.visibility import index_pages

INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]
PARAGRAPH_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255, help_text="The heading text.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Sub-heading (h3)")],
        default="h2",
        help_text="Use h2 for sections; h3 only inside a section.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A section heading, which also appears in the page outline for screen readers."
        preview_value = {"text": "Financial Strategy", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    attribution = blocks.CharBlock(required=False, max_length=255, help_text="Who said or wrote it.")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A highlighted quotation, such as CEP's vision."
        preview_value = {
            "quote": "To contribute to safer communities by rehabilitating and reintegrating offenders.",
            "attribution": "",
        }


class BulletedListBlock(blocks.StructBlock):
    items = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES),
        help_text="One point per item.",
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/bulleted_list_block.html"
        description = "A list of points in no particular order."
        preview_value = {"items": ["Appreciating diversity and difference;", "Making probation accessible;"]}


class NumberedListBlock(blocks.StructBlock):
    items = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES),
        help_text="One step or point per item; they are numbered in this order.",
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/numbered_list_block.html"
        description = "A numbered list, where the order matters."
        preview_value = {"items": ["Membership fees", "Operating Grant"]}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="Images are scaled to the width of the text.")
    caption = blocks.CharBlock(required=False, max_length=255, help_text="Shown under the image.")
    alt_text = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Describes the image for people who cannot see it. Leave empty to use the image's own alt text.",
    )
    decorative = blocks.BooleanBlock(
        required=False,
        default=False,
        help_text="Tick only if the picture adds nothing the text does not say; it is then skipped by screen readers.",
    )

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image and not value.get("decorative") and not value.get("alt_text") and not image.description:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": "This picture has no alt text of its own: describe it here, or tick “Decorative”."
                }
            )
        return value

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with an optional caption."


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="A file from the document library.")
    label = blocks.CharBlock(
        required=False, max_length=255, help_text="Link text; leave empty to use the document's title."
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        description = "A link to download a document, with its file type and size."


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text="The address of a video or post (YouTube, Vimeo, and other oEmbed providers).")
    caption = blocks.CharBlock(required=False, max_length=255, help_text="Shown under the embed.")

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        description = "An embedded video or other media."


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="A short invitation, e.g. 'Become a member'.")
    text = blocks.RichTextBlock(required=False, features=INLINE_RICH_TEXT_FEATURES)
    button_label = blocks.CharBlock(max_length=60, help_text="Say what happens, e.g. 'Read how to apply'.")
    link_page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    link_url = blocks.URLBlock(required=False, help_text="…or an address elsewhere.")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        description = "A highlighted box with one button."
        preview_value = {
            "heading": "Become a member",
            "text": "Join the European network of probation.",
            "button_label": "Read how to apply",
            "link_url": "https://www.cep-probation.org/",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("link_page")) == bool(value.get("link_url")):
            raise blocks.StructBlockValidationError(
                block_errors={"link_url": "Choose either a page on this site or an address elsewhere."}
            )
        return value


class BodyStreamBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    quote = QuoteBlock()
    bulleted_list = BulletedListBlock()
    numbered_list = NumberedListBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()
    embed = EmbedWithCaptionBlock()
    call_to_action = CallToActionBlock()


# ---------------------------------------------------------------------------
# What home page sections share
# ---------------------------------------------------------------------------


def home_section_data(parent_context, name: str, fetch):
    """`fetch()`, from the listing cache: a section lists the same for every visitor (core/listing_cache.py).

    The short timeout bounds what time alone changes, such as an event that has ended.
    """
    request = (parent_context or {}).get("request")
    return cached(request, f"home-section:{name}", fetch, TIME_DEPENDENT_TIMEOUT)


class SameForEveryVisitorMixin:
    """A home section whose HTML is the same for every visitor, so it is rendered once and kept under the content
    generation (emptied by every publish and image change) for TIME_DEPENDENT_TIMEOUT; a preview renders afresh.

    Rendering is most of a home page's cost (a card's picture alone is six renditions), and the anonymous page cache
    does not help members, editors or the first visitor after a publish. Nothing in these sections depends on the
    visitor: no form, no CSRF token, no "you are registered".
    """

    def render(self, value, context=None):
        request = (context or {}).get("request")
        # What the editor set, without the ids of list items: `get_prep_value` gives items stored without one (as the
        # demo content stores them) a new id each time, which made a new key, and a render, on every request.
        settings = json.dumps(self.get_api_representation(value), sort_keys=True, cls=DjangoJSONEncoder)
        key = f"home-section-html:{self.name}:{hashlib.sha256(settings.encode()).hexdigest()}"
        render_fresh = super().render
        html = cached(request, key, lambda: str(render_fresh(value, context)), TIME_DEPENDENT_TIMEOUT)
        return mark_safe(html)  # noqa: S308 - what our own templates rendered, kept as it was


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="The section's heading.")
    introduction = blocks.TextBlock(required=False, help_text="One or two sentences under the heading.")


def section_index_page(parent_context, model):
    """The index page a home section links to ("All events"), from the listing cache; None if there is none."""
    return home_section_data(parent_context, f"index-page:{model._meta.label_lower}", lambda: index_pages(model)[model])
