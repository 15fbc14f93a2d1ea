"""Blocks shared by every page: the one body StreamField, and the sections of the home page."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cep_site.listing_cache import TIME_DEPENDENT_TIMEOUT, cached

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
# Home page sections
# ---------------------------------------------------------------------------


# The content apps' models import these blocks, so the blocks import the apps' queries inside methods.


def home_section_data(parent_context, name: str, fetch):
    """`fetch()`, from the listing cache: a section lists the same for every visitor (cep_site/listing_cache.py).

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
        settings = json.dumps(self.get_prep_value(value), sort_keys=True, cls=DjangoJSONEncoder)
        key = f"home-section-html:{self.name}:{hashlib.sha256(settings.encode()).hexdigest()}"
        render_fresh = super().render
        html = cached(request, key, lambda: str(render_fresh(value, context)), TIME_DEPENDENT_TIMEOUT)
        return mark_safe(html)  # noqa: S308 - what our own templates rendered, kept as it was


def home_index_pages() -> dict:
    """The index pages the home sections link to, by name, in one query."""
    from events.models import EventIndexPage
    from news.models import NewsIndexPage
    from topics.models import TopicIndexPage
    from topics.queries import index_pages

    indexes = index_pages(NewsIndexPage, EventIndexPage, TopicIndexPage)
    return {
        "news_index": indexes[NewsIndexPage],
        "event_index": indexes[EventIndexPage],
        "topic_index": indexes[TopicIndexPage],
    }


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="The section's heading.")
    introduction = blocks.TextBlock(required=False, help_text="One or two sentences under the heading.")


class HeroButtonBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(help_text="Where the button leads.")
    label = blocks.CharBlock(max_length=40, help_text="Say where it leads, e.g. 'About CEP'.")


class HeroBlock(SameForEveryVisitorMixin, blocks.StructBlock):
    tagline = blocks.CharBlock(max_length=255, help_text="CEP's mission in one sentence, shown large.")
    introduction = blocks.TextBlock(help_text="A paragraph under the tagline; 140 characters or fewer read best.")
    image = ImageChooserBlock(
        required=False,
        help_text="A 16:9 picture beside the text (2400 px wide or more; set its focal point). Shown without alt text: "
        "it is decorative here.",
    )
    buttons = blocks.ListBlock(
        HeroButtonBlock(), max_num=2, default=[], help_text="One or two buttons: the first is the main one."
    )

    class Meta:
        icon = "openquote"
        template = "blocks/hero_block.html"
        description = "The opening of the home page: the tagline, an introduction, a picture and buttons."


class HighlightedEventsBlock(SameForEveryVisitorMixin, SectionBlock):
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, help_text="How many events to show.")

    class Meta:
        icon = "date"
        template = "blocks/highlighted_events_block.html"
        description = "Upcoming events marked as highlighted."

    def get_context(self, value, parent_context=None):
        from events.queries import upcoming_for_home

        context = super().get_context(value, parent_context)
        count = value["count"]
        context["events"] = home_section_data(
            parent_context,
            f"highlighted-events:{count}",
            lambda: upcoming_for_home(limit=count, highlighted_only=True),
        )
        return context


class LatestNewsBlock(SameForEveryVisitorMixin, SectionBlock):
    count = blocks.IntegerBlock(default=6, min_value=1, max_value=12, help_text="How many news items to show.")

    class Meta:
        icon = "doc-full"
        template = "blocks/latest_news_block.html"
        description = "The newest news items, with their categories and dates, and the category filter."

    def get_context(self, value, parent_context=None):
        from news.models import NewsCategory
        from news.queries import latest_news

        context = super().get_context(value, parent_context)
        count = value["count"]
        context["news_items"] = home_section_data(
            parent_context, f"latest-news:{count}", lambda: latest_news(limit=count)
        )
        context["news_index"] = home_section_data(parent_context, "index-pages", home_index_pages)["news_index"]
        context["news_categories"] = home_section_data(
            parent_context, "news-categories", lambda: list(NewsCategory.objects.all())
        )
        return context


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(max_length=12, help_text="As it should read, e.g. '1981'. Only figures you can source.")
    label = blocks.CharBlock(max_length=60, help_text="What it counts, e.g. 'the year CEP was founded'.")


class TextSectionBlock(SameForEveryVisitorMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="The section's heading, e.g. 'We are CEP'.")
    text = blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES)
    link_page = blocks.PageChooserBlock(required=False, help_text="Optional page to read more.")
    membership_figures = blocks.BooleanBlock(
        required=False,
        default=False,
        help_text="Show the number of member organisations and their countries, counted from the membership records.",
    )
    figures = blocks.ListBlock(
        KeyFigureBlock(), default=[], max_num=4, help_text="Key figures shown beside the text, after the counted ones."
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/text_section_block.html"
        description = "A heading and a paragraph, such as 'We are CEP', with optional key figures."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        counted = []
        if value.get("membership_figures"):
            from members.queries import membership_figures

            counted = home_section_data(parent_context, "membership-figures", membership_figures)
        context["figures"] = [*counted, *((figure["number"], figure["label"]) for figure in value.get("figures") or [])]
        return context


class UpcomingEventsBlock(SameForEveryVisitorMixin, SectionBlock):
    count = blocks.IntegerBlock(default=4, min_value=1, max_value=12, help_text="How many events to show.")

    class Meta:
        icon = "calendar"
        template = "blocks/upcoming_events_block.html"
        description = "The next events, soonest first."

    def get_context(self, value, parent_context=None):
        from events.queries import upcoming_for_home

        context = super().get_context(value, parent_context)
        count = value["count"]
        context["events"] = home_section_data(
            parent_context, f"upcoming-events:{count}", lambda: upcoming_for_home(limit=count, highlighted_first=True)
        )
        context["event_index"] = home_section_data(parent_context, "index-pages", home_index_pages)["event_index"]
        return context


HOME_TOPIC_TILES = 6


class TopicsBlock(SameForEveryVisitorMixin, SectionBlock):
    class Meta:
        icon = "tag"
        template = "blocks/topics_block.html"
        description = "CEP's priority topics with their short descriptions."

    def get_context(self, value, parent_context=None):
        from topics.queries import topics_for_home

        context = super().get_context(value, parent_context)
        topics = home_section_data(parent_context, "topics", topics_for_home)
        context["topics"], context["topic_count"] = topics[:HOME_TOPIC_TILES], len(topics)
        context["topic_index"] = home_section_data(parent_context, "index-pages", home_index_pages)["topic_index"]
        return context


class NewsletterSignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="E.g. 'Subscribe to our bi-monthly email newsletter!'")
    points = blocks.ListBlock(blocks.CharBlock(max_length=255), help_text="Why subscribe, one reason per item.")

    class Meta:
        icon = "mail"
        template = "blocks/newsletter_signup_block.html"
        description = "The invitation to subscribe to the newsletter."


class HomePageStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    highlighted_events = HighlightedEventsBlock()
    latest_news = LatestNewsBlock()
    text_section = TextSectionBlock()
    upcoming_events = UpcomingEventsBlock()
    topics = TopicsBlock()
    newsletter_signup = NewsletterSignupBlock()
    call_to_action = CallToActionBlock()
