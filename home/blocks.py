"""The home page's sections: its own (hero, text) and those the content apps contribute."""

from django.utils import timezone

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import (
    INLINE_RICH_TEXT_FEATURES,
    CallToActionBlock,
    SameForEveryVisitorMixin,
    home_section_data,
    section_index_page,
)
from core.models import VacancyIndexPage
from core.queries import open_vacancies
from events.blocks import HighlightedEventsBlock, UpcomingEventsBlock
from members.queries import membership_figures
from news.blocks import LatestNewsBlock
from newsletter.blocks import NewsletterSignupBlock
from topics.blocks import TopicsBlock


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
            counted = home_section_data(parent_context, "membership-figures", membership_figures)
        context["figures"] = [*counted, *((figure["number"], figure["label"]) for figure in value.get("figures") or [])]
        return context


class OpenVacanciesBlock(blocks.StructBlock):
    """A slim band with no introduction: the home page keeps within its height (tests/browser/test_layout.py).

    Not SameForEveryVisitorMixin: its HTML would be kept past midnight, and a closed vacancy must leave the home
    page on the day after its closing date. The list is cached under today's date instead; it renders no images."""

    heading = blocks.CharBlock(max_length=255, default="Vacancies", help_text="The band's heading.")
    count = blocks.IntegerBlock(default=4, min_value=1, max_value=12, help_text="How many vacancies to show at most.")

    class Meta:
        icon = "user"
        template = "blocks/open_vacancies_block.html"
        description = "The open vacancies, soonest closing first; the section is left out while none is open."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        count = value["count"]
        today = timezone.localdate().isoformat()
        context["vacancies"] = home_section_data(
            parent_context, f"open-vacancies:{today}:{count}", lambda: open_vacancies(limit=count)
        )
        context["vacancy_index"] = section_index_page(parent_context, VacancyIndexPage)
        return context


class HomePageStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    highlighted_events = HighlightedEventsBlock()
    latest_news = LatestNewsBlock()
    text_section = TextSectionBlock()
    upcoming_events = UpcomingEventsBlock()
    topics = TopicsBlock()
    newsletter_signup = NewsletterSignupBlock()
    call_to_action = CallToActionBlock()
    open_vacancies = OpenVacanciesBlock()
