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


class NewsletterSignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="E.g. 'Subscribe to our bi-monthly email newsletter!'")
    points = blocks.ListBlock(blocks.CharBlock(max_length=255), help_text="Why subscribe, one reason per item.")

    class Meta:
        icon = "mail"
        template = "blocks/newsletter_signup_block.html"
        description = "The invitation to subscribe to the newsletter."
