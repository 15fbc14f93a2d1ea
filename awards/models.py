"""The CEP Award: its page with categories, rules and calls for nominations; the nominations the public form sends
the jury; the winners of each year.

The page's routes (`nominate/`, `nominate/thanks/`, `winners/`) hand over to awards/views.py, and what the page
shows is read in awards/queries.py. Supporting PDFs are kept under PRIVATE_MEDIA_ROOT, never under the public media
path: the jury downloads them through the admin (awards/admin_views.py).
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import PARAGRAPH_FEATURES
from core.countries import COUNTRY_CHOICES
from core.models import BasePage, hero_image_field

from .forms import AwardPageForm


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files for staff only, under PRIVATE_MEDIA_ROOT (read at each use, so tests can move it) and with no URL:
    `url()` raises, so no template can link one by mistake."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def supporting_pdf_upload_to(instance, filename):
    # A random name: what the nominator called the file says nothing the row does not, and may say too much.
    return f"award-nominations/{uuid.uuid4().hex}.pdf"


class AwardPage(RoutablePageMixin, BasePage):
    """The CEP Award: what it celebrates, its categories and rules, the call for nominations and the winners."""

    introduction = models.TextField(
        help_text="What the award celebrates, in two or three sentences: shown under the title and in search results."
    )
    hero_image = hero_image_field(
        "A 3:2 picture beside the title (1200 × 800 px or more; set its focal point). Shown without alt text: it "
        "illustrates the page and says nothing the title does not."
    )
    rules = RichTextField(
        features=PARAGRAPH_FEATURES,
        help_text="Who may nominate whom, what a nomination holds, how the jury decides and what the winners receive.",
    )
    news_type = models.ForeignKey(
        "news.NewsType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page lists the latest news of this type (the 'Award' type); empty: no news section.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        InlinePanel("calls", heading="Calls for nominations", label="Call", min_num=0),
        InlinePanel("categories", heading="Categories", label="Category", min_num=1),
        FieldPanel("rules"),
        InlinePanel("winners", heading="Winners", label="Winner"),
        FieldPanel("news_type"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("rules"),
        index.RelatedFields("categories", [index.SearchField("name"), index.SearchField("description")]),
        index.RelatedFields(
            "winners", [index.SearchField("name"), index.SearchField("organisation"), index.SearchField("citation")]
        ),
    ]

    base_form_class = AwardPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "award page"

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        from .queries import award_detail  # awards/queries.py reads these models: imported when first asked

        context = super().get_context(request, *args, **kwargs)
        context.update(award_detail(self))
        return context

    def get_sitemap_urls(self, request=None):
        # The winners' page is content of its own; the form and its thanks are not for search engines.
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append({**urls[0], "location": urls[0]["location"] + self.reverse_subpage("winners")})
        return urls

    @path("nominate/", name="nominate")
    def nominate(self, request):
        from . import views

        return views.nomination_form(request, self)

    @path("nominate/thanks/", name="nomination_thanks")
    def nomination_thanks(self, request):
        from . import views

        return views.nomination_thanks(request, self)

    @path("winners/", name="winners")
    def winners_list(self, request):
        from . import views

        return views.winners(request, self)


class AwardCategory(Orderable):
    page = ParentalKey(AwardPage, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120, help_text="As nominators choose it, e.g. 'Probation research'.")
    description = models.TextField(help_text="What work the category rewards, in one or two sentences.")

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "award category"
        verbose_name_plural = "award categories"

    def __str__(self):
        return self.name


class AwardCall(Orderable):
    """A call for nominations: the award of `year`, nominations taken from `opens_on` to `closes_on` included."""

    page = ParentalKey(AwardPage, on_delete=models.CASCADE, related_name="calls")
    year = models.PositiveSmallIntegerField(help_text="The year of the award the nominations are for, e.g. 2027.")
    opens_on = models.DateField(help_text="The first day the form takes nominations.")
    closes_on = models.DateField(help_text="The last day the form takes nominations (until midnight, Brussels time).")
    winners_announced = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: when and where the winners are announced, e.g. 'at the General Assembly in October'.",
    )

    panels = [
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        FieldPanel("winners_announced"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "call for nominations"
        verbose_name_plural = "calls for nominations"
        constraints = [
            models.UniqueConstraint(fields=["page", "year"], name="awards_one_call_per_year"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gt=models.F("opens_on")), name="awards_call_closes_after_it_opens"
            ),
        ]

    def __str__(self):
        return f"CEP Award {self.year}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on <= self.opens_on:
            raise ValidationError({"closes_on": "The call must close after the day it opens."})

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class AwardWinner(Orderable):
    page = ParentalKey(AwardPage, on_delete=models.CASCADE, related_name="winners")
    year = models.PositiveSmallIntegerField(help_text="The year of the award, e.g. 2025.")
    category = models.CharField(
        max_length=120,
        help_text="The category as it was named that year (categories change between editions).",
    )
    name = models.CharField(max_length=255, help_text="The winning project, programme, team or person.")
    organisation = models.CharField(
        max_length=255, blank=True, help_text="Who carries out the work, if not the winner."
    )
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True, help_text="Where the work is done.")
    citation = models.TextField(help_text="Why it won, in two or three sentences.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a 3:2 photo of the work or the winners (shown without alt text, beside the name).",
    )
    news_page = models.ForeignKey(
        "news.NewsPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the news story about this winner, linked from the winners' list.",
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("category")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("country")]),
        FieldPanel("citation"),
        FieldPanel("image"),
        PageChooserPanel("news_page", "news.NewsPage"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "award winner"

    def __str__(self):
        return f"{self.name} ({self.year})"


class Nomination(models.Model):
    """A nomination sent with the public form, for the jury to review in the admin."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        SHORTLISTED = "shortlisted", "Shortlisted"
        NOT_SHORTLISTED = "not-shortlisted", "Not shortlisted"
        WINNER = "winner", "Winner"

    call = models.ForeignKey(AwardCall, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="nominations")
    nominee = models.CharField(max_length=255, help_text="The project, programme, team or person nominated.")
    organisation = models.CharField(max_length=255, help_text="The organisation that carries out the work.")
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    motivation = models.TextField(help_text="Why the nominee deserves the award, as the nominator wrote it.")
    supporting_pdf = models.FileField(
        "supporting PDF", storage=PrivateStorage(), upload_to=supporting_pdf_upload_to, blank=True, max_length=255
    )
    nominator_name = models.CharField(max_length=200)
    nominator_email = models.EmailField("nominator's e-mail address", max_length=254)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        help_text="Where the nomination stands in the jury's review.",
    )
    jury_notes = models.TextField(blank=True, help_text="The jury's notes; never shown to the nominator.")

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"Nomination of {self.nominee}"
