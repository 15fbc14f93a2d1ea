"""Priority topics (the spine of the site), the resource library and the expert groups."""

from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.contributions import topic_hub_sections
from core.languages import LANGUAGE_CHOICES, LANGUAGE_NAMES
from core.listing_cache import TIME_DEPENDENT_TIMEOUT, cached
from core.models import BasePage, IndexPage, checkboxes_panel

from . import queries


class TopicIndexPage(IndexPage):
    """'Our priority topics': every topic with its short description."""

    subpage_types = ["topics.TopicPage"]

    class Meta:
        verbose_name = "topic index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = queries.topics_for_listing(TopicPage.objects.child_of(self))
        return context


class TopicPage(BasePage):
    """The hub of a topic: what it is, and the news, events, projects and resources tagged with it."""

    short_description = models.TextField(
        help_text="Two or three sentences shown on the home page and in topic lists.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the topic and in lists (landscape, at least 1200 px wide).",
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="What CEP does on this topic.")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("short_description"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("short_description"),
        index.SearchField("body"),
    ]
    parent_page_types = ["topics.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "topic page"
        ordering = ["title"]

    def get_meta_description(self):
        return self.search_description or self.short_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The hub lists upcoming events, so it is kept only as long as time alone leaves it right.
        hub = cached(request, f"topic-hub:{self.pk}", lambda: queries.topic_hub(self), TIME_DEPENDENT_TIMEOUT)
        context.update(hub)
        return context


class ResourceIndexPage(IndexPage):
    """The resource library, filtered by type, topic and language."""

    subpage_types = ["topics.ResourcePage"]

    class Meta:
        verbose_name = "resource index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(queries.resource_library(self, request))
        return context


class ResourcePage(BasePage):
    """One publication (report, book chapter, leaflet, presentation) with its files in several languages."""

    class ResourceType(models.TextChoices):
        REPORT = "report", "Report"
        BOOK_CHAPTER = "book-chapter", "Book chapter"
        LEAFLET = "leaflet", "Leaflet"
        PRESENTATION = "presentation", "Presentation"
        ARTICLE = "article", "Article"
        GUIDELINES = "guidelines", "Guidelines"

    resource_type = models.CharField(
        "type", max_length=20, choices=ResourceType.choices, help_text="What kind of publication this is."
    )
    publication_date = models.DateField(help_text="When it was published; the library lists newest first.")
    description = models.TextField(help_text="What the publication is about, in a few sentences.")
    topics = ParentalManyToManyField(
        "topics.TopicPage", blank=True, related_name="resources", help_text="The topics it is listed under."
    )
    countries = ParentalManyToManyField(
        "countries.CountryPage",
        blank=True,
        related_name="resources",
        help_text="The countries it is about; it is then listed on their profiles under Probation in Europe.",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("publication_date"),
                checkboxes_panel("topics"),
                checkboxes_panel("countries"),
            ],
            "About it",
        ),
        FieldPanel("description"),
        InlinePanel("files", heading="Files", label="File", min_num=1, help_text="One file per language."),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("description"),
        index.FilterField("resource_type"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["topics.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "resource"
        ordering = ["-publication_date"]

    def get_meta_description(self):
        return self.search_description or self.description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query for all files and their documents, however many languages there are.
        context["files"] = self.files.select_related("document").order_by("sort_order")
        return context

    @cached_property
    def language_names(self):
        return [file.get_language_display() for file in self.files.all()]


class ResourceFile(Orderable):
    resource = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", help_text="The file itself."
    )
    language = models.CharField(max_length=5, choices=LANGUAGE_CHOICES, default="en", help_text="Its language.")

    panels = [FieldPanel("document"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = "file"
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="topics_resourcefile_one_per_language")
        ]

    def __str__(self):
        return f"{self.resource.title} ({LANGUAGE_NAMES.get(self.language, self.language)})"


class ExpertGroupIndexPage(IndexPage):
    """'Expert groups and networks': the groups of CEP members working on one subject."""

    subpage_types = ["topics.ExpertGroupPage"]

    class Meta:
        verbose_name = "expert group index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = (
            ExpertGroupPage.objects.child_of(self).live().public().order_by("title").prefetch_related("topics")
        )
        return context


class ExpertGroupPage(BasePage):
    mandate = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="What the group was set up to do.",
    )
    period = models.CharField(max_length=100, help_text="When the group works, e.g. '2019 – present'.")
    coordinator = models.CharField(
        max_length=255, blank=True, help_text="Who coordinates the group, with their organisation."
    )
    topics = ParentalManyToManyField(
        "topics.TopicPage", blank=True, related_name="expert_groups", help_text="The topics the group works on."
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="Meetings, members, outputs.")

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("mandate"),
        MultiFieldPanel([FieldPanel("period"), FieldPanel("coordinator"), checkboxes_panel("topics")], "The group"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("mandate"), index.SearchField("body")]
    parent_page_types = ["topics.ExpertGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "expert group"

    def get_meta_description(self):
        # The mandate, as plain text: what search engines and link previews show of the group.
        return self.search_description or truncatechars(strip_tags(self.mandate), 300)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The news app's topic-hub section, on the group's topics (core.contributions).
        news = topic_hub_sections(self.topics.all(), limit=6, only=("news",))
        context["news_items"] = news[0].items if news else []
        return context
