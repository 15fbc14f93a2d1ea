from wagtail import blocks


class IssueSectionBlock(blocks.StructBlock):
    """A group of the site's pages in an issue: "Latest news", "Upcoming events", "New projects and resources"."""

    heading = blocks.CharBlock(max_length=120)
    introduction = blocks.TextBlock(required=False)
    pages = blocks.ListBlock(blocks.PageChooserBlock(), help_text="In the order they appear in the issue.")

    class Meta:
        icon = "list-ul"


class IssueStreamBlock(blocks.StreamBlock):
    section = IssueSectionBlock()
    text = blocks.RichTextBlock(features=["h3", "bold", "italic", "link", "ul", "ol"], icon="pilcrow")
