"""News: the index with its filters and feeds, news items, and the taxonomies that sort them."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.listing_cache import cached
from core.models import BasePage, IndexPage, checkboxes_panel


class Taxonomy(models.Model):
    """A named, sluggable label that editors manage as a snippet."""

    name = models.CharField(max_length=100, unique=True, help_text="As visitors see it, e.g. 'CEP Events'.")
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Used in filter addresses; made from the name if empty."
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class NewsCategory(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "news category"
        verbose_name_plural = "news categories"


class NewsType(Taxonomy):
    """What kind of item a piece of news is: new, recap, vodcast episode, interview, call…"""

    class Meta(Taxonomy.Meta):
        verbose_name = "news type"


# The type whose items carry the vodcast fields and are listed on the vodcast view.
VODCAST_TYPE_SLUG = "vodcast-episode"


class NewsIndexPage(RoutablePageMixin, IndexPage):
    """All news, newest first, filtered by category, type, topic and year, with an RSS feed per filter."""

    vodcast_introduction = models.TextField(
        blank=True, help_text="Shown at the top of the vodcast episodes view (Division_Y)."
    )

    content_panels = [*IndexPage.content_panels, FieldPanel("vodcast_introduction")]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = "news index page"

    @path("")
    def news_list(self, request):
        from . import views

        return views.news_list(request, index_page=self)

    @path("feed/")
    def news_feed(self, request):
        from . import views

        return views.news_feed(request, index_page=self)

    @path("vodcast/")
    def vodcast_list(self, request):
        from . import views

        return views.vodcast_list(request, index_page=self)


class NewsPage(BasePage):
    date = models.DateField(
        "news date",
        default=datetime.date.today,
        help_text="The date it is shown with; the news is sorted by it. Today unless you change it.",
    )
    teaser = models.TextField(help_text="One or two sentences shown in lists, feeds and search results.")
    byline = models.CharField(
        max_length=255, blank=True, help_text="Who wrote it, shown under the title (e.g. Jana Novak). Optional."
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in news lists and at the top of the item (landscape).",
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The full story.")
    categories = ParentalManyToManyField(
        NewsCategory, related_name="news_pages", help_text="One or more categories; they are shown on the item."
    )
    news_type = models.ForeignKey(
        NewsType,
        verbose_name="type",
        on_delete=models.PROTECT,
        related_name="news_pages",
        help_text="What kind of item this is.",
    )
    topics = ParentalManyToManyField(
        "topics.TopicPage", blank=True, related_name="news_pages", help_text="The priority topics it is about."
    )
    countries = ParentalManyToManyField(
        "countries.CountryPage",
        blank=True,
        related_name="news_pages",
        help_text="The countries it is about; it is then listed on their profiles under Probation in Europe.",
    )
    related_event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An event this news announces or recaps.",
    )
    related_project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
        help_text="A project this news is about; it is then listed on the project's page.",
    )

    # Vodcast episodes only
    series = models.CharField(max_length=100, blank=True, help_text="Vodcast episodes: the series, e.g. Division_Y.")
    episode_number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Vodcast episodes: its number.")
    guest = models.CharField(max_length=255, blank=True, help_text="Vodcast episodes: who is interviewed, and role.")
    video = StreamField(
        [("video", EmbedBlock(help_text="The address of the episode on YouTube or Vimeo."))],
        blank=True,
        max_num=1,
        help_text="Vodcast episodes: the episode itself.",
    )
    transcript = RichTextField(
        blank=True, features=["h3", "bold", "italic", "link"], help_text="Vodcast episodes: what is said."
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                # A list to pick from, not a chooser: there are a handful of types.
                FieldRowPanel([FieldPanel("date"), FieldPanel("news_type", widget=forms.Select)]),
                checkboxes_panel("categories"),
                checkboxes_panel("topics"),
                checkboxes_panel("countries"),
            ],
            "Sorting",
        ),
        FieldPanel("teaser"),
        FieldPanel("byline"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                PageChooserPanel("related_event", "events.EventPage"),
                PageChooserPanel("related_project", "projects.ProjectPage"),
            ],
            "Related",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("series"), FieldPanel("episode_number")]),
                FieldPanel("guest"),
                FieldPanel("video"),
                FieldPanel("transcript"),
            ],
            "Vodcast episode",
            classname="collapsed",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.SearchField("guest"),
        index.SearchField("transcript"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news item"
        verbose_name_plural = "news items"
        ordering = ["-date", "-pk"]

    def get_meta_description(self):
        return self.search_description or self.teaser

    def clean(self):
        super().clean()
        if self.news_type_id is None or self.news_type.slug != VODCAST_TYPE_SLUG:
            return
        errors = {}
        if self.episode_number is None:
            errors["episode_number"] = "A vodcast episode needs its number."
        if not self.guest.strip():
            errors["guest"] = "A vodcast episode needs its guest."
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .queries import related_news

        context = super().get_context(request, *args, **kwargs)
        context["og_type"] = "article"
        context["related_news"] = cached(request, f"related-news:{self.pk}", lambda: related_news(self, limit=3))
        context["labels"] = cached(request, f"news-labels:{self.pk}", self.labels)
        return context

    def labels(self) -> dict:
        """Its index, type, categories and topics, fetched, so that they can be cached."""
        return {
            "news_index": self.get_parent(),
            "news_type": self.news_type,
            "categories": list(self.categories.all()),
            "topics": [topic for topic in self.topics.all() if topic.live],
        }
