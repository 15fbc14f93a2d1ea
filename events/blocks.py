"""The events' sections of the home page: highlighted events and the next events."""

from wagtail import blocks

from core.blocks import SameForEveryVisitorMixin, SectionBlock, home_section_data, section_index_page

from .models import EventIndexPage
from .queries import upcoming_for_home


class HighlightedEventsBlock(SameForEveryVisitorMixin, SectionBlock):
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, help_text="How many events to show.")

    class Meta:
        icon = "date"
        template = "blocks/highlighted_events_block.html"
        description = "Upcoming events marked as highlighted."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        count = value["count"]
        context["events"] = home_section_data(
            parent_context,
            f"highlighted-events:{count}",
            lambda: upcoming_for_home(limit=count, highlighted_only=True),
        )
        return context


class UpcomingEventsBlock(SameForEveryVisitorMixin, SectionBlock):
    count = blocks.IntegerBlock(default=4, min_value=1, max_value=12, help_text="How many events to show.")

    class Meta:
        icon = "calendar"
        template = "blocks/upcoming_events_block.html"
        description = "The next events, soonest first."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        count = value["count"]
        context["events"] = home_section_data(
            parent_context, f"upcoming-events:{count}", lambda: upcoming_for_home(limit=count, highlighted_first=True)
        )
        context["event_index"] = section_index_page(parent_context, EventIndexPage)
        return context
