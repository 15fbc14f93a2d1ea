"""EU-funded and other projects CEP takes part in, with their partners, funding and results."""

from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.countries import COUNTRY_CHOICES
from core.languages import LANGUAGE_CHOICES
from core.models import BasePage, IndexPage, checkboxes_panel

# The wording the EU's grant agreements require beside the emblem on anything a funded project publishes
# (https://commission.europa.eu/funding-tenders/managing-your-project/communicating-and-raising-eu-visibility_en).
EU_FUNDING_DISCLAIMER = (
    "Co-funded by the European Union. Views and opinions expressed are however those of the author(s) only and "
    "do not necessarily reflect those of the European Union or the European Commission. Neither the European "
    "Union nor the European Commission can be held responsible for them."
)


class PartnerOrganisation(index.Indexed, models.Model):
    """An organisation CEP works with on projects; reused across projects."""

    name = models.CharField(max_length=255, unique=True, help_text="The organisation's own name.")
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, help_text="Where it is based.")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Its logo, on a transparent or white background.",
    )
    website = models.URLField(blank=True, help_text="Its home page.")

    panels = [FieldPanel("name"), FieldPanel("country"), FieldPanel("logo"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "partner organisation"

    def __str__(self):
        return f"{self.name} ({self.get_country_display()})"


class ProjectIndexPage(IndexPage):
    subpage_types = ["projects.ProjectPage"]

    class Meta:
        verbose_name = "project index page"

    def get_context(self, request, *args, **kwargs):
        from .queries import project_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(project_listing(self, request))
        return context


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        choices=[
            ("linkedin", "LinkedIn"),
            ("facebook", "Facebook"),
            ("x", "X (Twitter)"),
            ("youtube", "YouTube"),
            ("instagram", "Instagram"),
        ]
    )
    url = blocks.URLBlock(help_text="The project's page on that platform.")

    class Meta:
        icon = "link-external"


class ProjectOutputBlock(blocks.StructBlock):
    """A result or webinar of the project, in one or more languages."""

    label = blocks.CharBlock(max_length=255, help_text="What it is, e.g. 'Training handbook'.")
    url = blocks.URLBlock(required=False, help_text="Where it is online…")
    document = blocks.PageChooserBlock(required=False, page_type="topics.ResourcePage", help_text="…or a resource.")
    languages = blocks.MultipleChoiceBlock(
        choices=LANGUAGE_CHOICES, help_text="The languages it is available in (hold Ctrl or ⌘ for several)."
    )

    class Meta:
        icon = "doc-full"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("url")) == bool(value.get("document")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": "Give either an address or a resource from the library."}
            )
        return value


class ProjectPage(BasePage):
    """One project, modelled on the CoPPer page of the current site."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        PARTNER = "partner", "Partner"
        ASSOCIATED_PARTNER = "associated-partner", "Associated partner"

    acronym = models.CharField(max_length=30, help_text="As the project is known, e.g. 'CoPPer'.")
    full_name = models.CharField(
        max_length=255,
        help_text="E.g. 'Cooperation to Promote a European Volunteering Programme in Probation Services'.",
    )
    start_date = models.DateField(help_text="When the project started.")
    end_date = models.DateField(
        null=True, blank=True, help_text="When it ends or ended; it shows as completed after this date."
    )
    cep_role = models.CharField("CEP's role", max_length=20, choices=Role.choices, help_text="CEP's part in it.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The project's logo or a picture, shown in the list of projects.",
    )
    summary = models.TextField(help_text="Two or three sentences for lists and search results.")
    description = StreamField(BodyStreamBlock(), blank=True, help_text="What the project does, and why.")
    latest_update = StreamField(
        BodyStreamBlock(), blank=True, help_text="The latest milestone, e.g. the final conference."
    )
    website = models.URLField(blank=True, help_text="The project's own website.")
    social_links = StreamField([("link", SocialLinkBlock())], blank=True, help_text="The project on social media.")
    results = StreamField(
        [("result", ProjectOutputBlock())], blank=True, help_text="Publications and tools the project produced."
    )
    webinars = StreamField([("webinar", ProjectOutputBlock())], blank=True, help_text="Recorded webinars.")
    eu_funded = models.BooleanField(
        "EU-funded",
        default=True,
        help_text="Shows the EU emblem and the co-funding disclaimer the grant agreement requires.",
    )
    funding_programme = models.CharField(
        max_length=255, blank=True, help_text="E.g. 'Erasmus+ KA220-ADU – Cooperation partnerships in adult education'."
    )
    agreement_number = models.CharField(max_length=100, blank=True, help_text="The grant agreement number.")
    topics = ParentalManyToManyField(
        "topics.TopicPage", blank=True, related_name="projects", help_text="The topics the project is about."
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("acronym"), FieldPanel("cep_role")]),
                FieldPanel("full_name"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                checkboxes_panel("topics"),
            ],
            "The project",
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("description"),
        FieldPanel("latest_update"),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("social_links")], "Online"),
        FieldPanel("results"),
        FieldPanel("webinars"),
        MultiFieldPanel(
            [FieldPanel("eu_funded"), FieldPanel("funding_programme"), FieldPanel("agreement_number")], "Funding"
        ),
        InlinePanel("partners", heading="Partner organisations", label="Partner"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("acronym", boost=2),
        index.SearchField("full_name"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("latest_update"),
    ]
    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "project"
        ordering = ["-start_date"]

    class Status(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        COMPLETED = "completed", "Completed"

    @property
    def status(self):
        # Derived from the dates, so a project never shows as ongoing after it ended.
        if self.end_date and self.end_date < timezone.localdate():
            return self.Status.COMPLETED
        return self.Status.ONGOING

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def eu_funding_disclaimer(self):
        return EU_FUNDING_DISCLAIMER if self.eu_funded else ""

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        from .queries import project_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(project_detail(self))
        return context


class ProjectPartner(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="project_partners", help_text="The partner."
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="projects_partner_once_per_project")
        ]
