"""Probation in Europe: a profile of probation in each country, an index with a map, and two countries side by side."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import PARAGRAPH_FEATURES
from core.countries import COUNTRY_CHOICES
from core.listing_cache import TIME_DEPENDENT_TIMEOUT, cached
from core.models import BasePage, IndexPage

from . import queries
from .forms import CompareForm

COUNTRY_NAMES = dict(COUNTRY_CHOICES)


class CountryIndexPage(RoutablePageMixin, IndexPage):
    """'Probation in Europe': every country profile, as a list and on a map, and the comparison of two."""

    subpage_types = ["countries.CountryPage"]

    class Meta:
        verbose_name = "country index page"

    @path("compare/", name="compare")
    def compare(self, request):
        from . import views  # views imports this module

        return views.country_compare(request, index_page=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(cached(request, f"country-index:{self.pk}", lambda: queries.country_index(self)))
        context["compare_url"] = self.get_url(request) + self.reverse_subpage("compare")
        context["form"] = CompareForm(profiles=context["profiles"])
        return context


class CountryPage(BasePage):
    """How probation works in one country: its organisation, legal basis, key figures and contacts, with CEP's
    members there and the news, events and resources tagged with it."""

    country = models.CharField(
        max_length=2,
        choices=COUNTRY_CHOICES,
        help_text="The country this profile is about; each country has one profile. It links the profile to the "
        "members based there and puts it on the map.",
    )
    summary = models.TextField(
        help_text="One or two sentences on who does probation in the country, shown in the list of countries and in "
        "search results."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a 3:2 picture beside the title (1200 × 800 px or more; set its focal point).",
    )
    organisation = RichTextField(
        "how probation is organised",
        features=PARAGRAPH_FEATURES,
        help_text="Which services do probation, under which ministry, nationally or by region, and what they do: "
        "pre-sentence reports, supervision, community service, electronic monitoring, victims.",
    )
    legal_basis = RichTextField(
        features=PARAGRAPH_FEATURES,
        help_text="The laws and regulations probation rests on, with their year; link the official texts.",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("country"), FieldPanel("summary"), FieldPanel("image")], "The country"),
        FieldPanel("organisation"),
        FieldPanel("legal_basis"),
        InlinePanel(
            "key_figures",
            heading="Key figures",
            label="Key figure",
            help_text="Two to four figures, each with the year it counts and where it comes from.",
        ),
        InlinePanel("contacts", heading="Contacts", label="Contact", help_text="Where to ask about probation here."),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("organisation"),
        index.SearchField("legal_basis"),
        index.FilterField("country"),
    ]
    parent_page_types = ["countries.CountryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "country profile"

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, self.country)

    def get_meta_description(self):
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        other = CountryPage.objects.filter(country=self.country).exclude(pk=self.pk).first()
        if self.country and other:
            raise ValidationError(
                {"country": f"{self.country_name} already has a profile, '{other.title}'. Edit that one instead."}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # It lists upcoming events, so it is kept only as long as time alone leaves it right.
        key = f"country-profile:{self.pk}"
        context.update(cached(request, key, lambda: queries.country_profile(self), TIME_DEPENDENT_TIMEOUT))
        return context


class KeyFigure(Orderable):
    page = ParentalKey(CountryPage, on_delete=models.CASCADE, related_name="key_figures")
    label = models.CharField(max_length=255, help_text="What is counted, e.g. 'People under probation supervision'.")
    value = models.CharField(
        max_length=50, help_text="The figure as it should read, e.g. '44,600', '112 per 100,000' or '1,870 staff'."
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="The year the figure counts (or its reference date's year).",
    )
    source_name = models.CharField(
        max_length=255, help_text="Where it comes from, e.g. 'Council of Europe, SPACE II 2023'."
    )
    source_url = models.URLField(blank=True, help_text="Optional: the address of the source.")

    panels = [
        FieldPanel("label"),
        FieldPanel("value"),
        FieldPanel("year"),
        FieldPanel("source_name"),
        FieldPanel("source_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "key figure"

    def __str__(self):
        return f"{self.label}: {self.value} ({self.year})"


class CountryContact(Orderable):
    page = ParentalKey(CountryPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255, help_text="The organisation, or a person with their organisation.")
    role = models.CharField(
        max_length=255, blank=True, help_text="Optional: what to contact them about, e.g. 'International relations'."
    )
    email = models.EmailField(blank=True, help_text="Optional: a shared address rather than a person's.")
    phone = models.CharField(max_length=40, blank=True, help_text="Optional: with the country code, e.g. +32 2 ….")
    website = models.URLField(blank=True, help_text="Optional: the organisation's site.")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("website")]

    class Meta(Orderable.Meta):
        verbose_name = "contact"

    def __str__(self):
        return self.name
