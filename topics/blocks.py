"""The topics section of the home page."""

from core.blocks import SameForEveryVisitorMixin, SectionBlock, home_section_data, section_index_page

from .models import TopicIndexPage
from .queries import topics_for_home

HOME_TOPIC_TILES = 6


class TopicsBlock(SameForEveryVisitorMixin, SectionBlock):
    class Meta:
        icon = "tag"
        template = "blocks/topics_block.html"
        description = "CEP's priority topics with their short descriptions."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        topics = home_section_data(parent_context, "topics", topics_for_home)
        context["topics"], context["topic_count"] = topics[:HOME_TOPIC_TILES], len(topics)
        context["topic_index"] = section_index_page(parent_context, TopicIndexPage)
        return context
