"""The news section of the home page."""

from wagtail import blocks

from core.blocks import SameForEveryVisitorMixin, SectionBlock, home_section_data, section_index_page

from .models import NewsCategory, NewsIndexPage
from .queries import latest_news


class LatestNewsBlock(SameForEveryVisitorMixin, SectionBlock):
    count = blocks.IntegerBlock(default=6, min_value=1, max_value=12, help_text="How many news items to show.")

    class Meta:
        icon = "doc-full"
        template = "blocks/latest_news_block.html"
        description = "The newest news items, with their categories and dates, and the category filter."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        count = value["count"]
        context["news_items"] = home_section_data(
            parent_context, f"latest-news:{count}", lambda: latest_news(limit=count)
        )
        context["news_index"] = section_index_page(parent_context, NewsIndexPage)
        context["news_categories"] = home_section_data(
            parent_context, "news-categories", lambda: list(NewsCategory.objects.all())
        )
        return context
