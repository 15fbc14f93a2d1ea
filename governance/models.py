"""How CEP is run: the Board and the secretariat with the statutes, the General Assembly's meetings and papers
(members only where the site restricts them), and the archive of annual reports. Reads are in governance/queries.py.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from core import visibility
from core.countries import COUNTRY_CHOICES
from core.models import BasePage, IndexPage

FOUNDED = 1981  # CEP's first year: no assembly or report before it


# ---------------------------------------------------------------------------
# The governance page: Board, secretariat and statutes
# ---------------------------------------------------------------------------


class GovernancePage(BasePage):
    """Who runs CEP: the Board and the secretariat as cards, former Board members, the statutes and their earlier
    versions, and the way to the General Assembly and the annual reports (its child pages)."""

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph, shown larger, and used in listings and search results."
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        InlinePanel(
            "people",
            heading="Board and secretariat",
            label="Person",
            help_text="The Board and the secretariat, in the order they are shown (drag to reorder). The role puts "
            "each person in the Board or the secretariat; a Board member whose term has ended moves to “Former "
            "Board members” on its own.",
        ),
        InlinePanel(
            "statutes",
            heading="Statutes",
            label="Version of the statutes",
            help_text="Each version of the statutes as a PDF; the one adopted last is shown as the current statutes, "
            "the others as earlier versions.",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.RelatedFields("people", [index.SearchField("name"), index.SearchField("organisation")]),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["governance.GeneralAssemblyIndexPage", "governance.AnnualReportIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "governance page"

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        from .queries import governance_page_content  # queries.py reads these models

        context = super().get_context(request, *args, **kwargs)
        context.update(governance_page_content(self))
        return context


class GovernancePerson(Orderable):
    """A member of the Board or of the secretariat, on the governance page."""

    BOARD_ROLES = [
        ("president", "President"),
        ("vice-president", "Vice-President"),
        ("treasurer", "Treasurer"),
        ("board-member", "Board member"),
    ]
    SECRETARIAT_ROLES = [
        ("secretary-general", "Secretary General"),
        ("policy-officer", "Policy officer"),
        ("project-officer", "Project officer"),
        ("communications-officer", "Communications officer"),
        ("office-manager", "Office manager"),
    ]
    ROLES = [("Board", BOARD_ROLES), ("Secretariat", SECRETARIAT_ROLES)]

    page = ParentalKey(GovernancePage, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait, cropped square around its focal point (400 × 400 px or more); its alt text is read "
        "out. Without one, the card shows the person's initials.",
    )
    role = models.CharField(
        max_length=30,
        choices=ROLES,
        help_text="Board roles put the person in the Board, the others in the secretariat.",
    )
    organisation = models.CharField(
        max_length=255, blank=True, help_text="The member organisation the person comes from or works for."
    )
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES, blank=True, help_text="The person's country.")
    term_start = models.DateField(
        help_text="When the term began (the General Assembly that elected them), or when they joined the "
        "secretariat. Only the year is shown."
    )
    term_end = models.DateField(
        null=True,
        blank=True,
        help_text="When the term ends or ended. Empty for an open-ended post. From the day after it, a Board member "
        "is listed among the former Board members and a member of the secretariat is no longer shown.",
    )
    biography = models.TextField(blank=True, max_length=600, help_text="Two or three sentences about the person.")

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("organisation"),
        FieldPanel("country"),
        FieldPanel("term_start"),
        FieldPanel("term_end"),
        FieldPanel("biography"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": "The term cannot end before it starts."})

    @property
    def on_board(self) -> bool:
        return self.role in dict(self.BOARD_ROLES)

    def is_current(self, today: datetime.date) -> bool:
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)

    @property
    def initials(self) -> str:
        """The first letters of the first and last names, for the card of a person without a photo."""
        words = [word for word in self.name.split() if word[:1].isalpha()]
        return "".join(word[0].upper() for word in (words[:1] + words[1:][-1:]))


class StatutesVersion(Orderable):
    """A version of CEP's statutes, public: the current one and those it replaced."""

    page = ParentalKey(GovernancePage, on_delete=models.CASCADE, related_name="statutes")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The statutes as a PDF, in a public collection: anyone may read CEP's statutes.",
    )
    adopted_on = models.DateField(help_text="The day the General Assembly adopted this version.")
    note = models.CharField(
        max_length=255, blank=True, help_text="Optional: what changed, e.g. “Associate membership for universities”."
    )

    panels = [FieldPanel("document"), FieldPanel("adopted_on"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "version of the statutes"
        verbose_name_plural = "versions of the statutes"

    def __str__(self):
        return f"Statutes adopted on {self.adopted_on:%d %b %Y}"


# ---------------------------------------------------------------------------
# The General Assembly: its meetings and their documents
# ---------------------------------------------------------------------------


class RestrictionShownMixin:
    @property
    def restricted(self) -> bool:
        """Whether a view restriction covers the page, so it says who it is for (from the cached paths: no query)."""
        return not visibility.unrestricted(self)


class GeneralAssemblyIndexPage(RestrictionShownMixin, IndexPage):
    """The General Assemblies, newest first, members only: its meetings inherit its privacy “Members”."""

    # Made members-only when an editor creates it (members/wagtail_hooks.py), so no assembly is ever public.
    members_only_from_creation = True

    parent_page_types = ["governance.GovernancePage"]
    subpage_types = ["governance.GeneralAssemblyPage"]

    class Meta:
        verbose_name = "General Assembly index"

    def get_context(self, request, *args, **kwargs):
        from .queries import assemblies_for_listing

        context = super().get_context(request, *args, **kwargs)
        # Not public(): the assemblies inherit this page's restriction; who may see this page may see them.
        context["assemblies"] = assemblies_for_listing(self)
        return context


class GeneralAssemblyPage(RestrictionShownMixin, BasePage):
    """One General Assembly: when and where, what it decided, and its papers."""

    date = models.DateField(help_text="The day the assembly met (its first day, if it met over several).")
    place = models.CharField(max_length=255, help_text="City and country, e.g. “Tallinn, Estonia”, or “Online”.")
    summary = models.TextField(
        help_text="What the assembly did and decided, in a few sentences: shown in the list and on the page."
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("place")], heading="The meeting"),
        FieldPanel("summary"),
        InlinePanel(
            "documents",
            heading="Documents",
            label="Document",
            help_text="The assembly's papers, in the order shown. Upload them to a restricted collection "
            "(“General Assembly” or “Members”): documents in a public collection can be downloaded by anyone and "
            "are refused here.",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("place"),
        index.FilterField("date"),
    ]

    parent_page_types = ["governance.GeneralAssemblyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "General Assembly"
        verbose_name_plural = "General Assemblies"

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.documents.select_related("document")
        return context


class GeneralAssemblyDocument(Orderable):
    """A paper of a General Assembly: its agenda, minutes, accounts, budget, a resolution…"""

    KINDS = [
        ("agenda", "Agenda"),
        ("minutes", "Minutes"),
        ("annual-accounts", "Annual accounts"),
        ("budget", "Budget"),
        ("activity-plan", "Activity plan"),
        ("resolution", "Resolution"),
        ("election", "Election of the Board"),
        ("other", "Other"),
    ]

    page = ParentalKey(GeneralAssemblyPage, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=255, blank=True, help_text="Leave empty to use the document's own title.")
    kind = models.CharField(max_length=20, choices=KINDS, help_text="What kind of paper it is; shown beside it.")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The file, from a restricted collection such as “General Assembly”.",
    )

    panels = [FieldPanel("document"), FieldPanel("kind"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "General Assembly document"

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title

    def clean(self):
        super().clean()
        visibility.document_restricted_check(
            self.document if self.document_id else None, collection_names="“General Assembly” or “Members”"
        )


# ---------------------------------------------------------------------------
# Annual reports
# ---------------------------------------------------------------------------


class AnnualReportIndexPage(IndexPage):
    """Every annual report, the newest year first."""

    parent_page_types = ["governance.GovernancePage"]
    subpage_types = ["governance.AnnualReportPage"]

    class Meta:
        verbose_name = "annual report index"

    def get_context(self, request, *args, **kwargs):
        from .queries import reports_for_listing

        context = super().get_context(request, *args, **kwargs)
        context["reports"] = reports_for_listing(self)
        return context


def year_validators():
    # The upper bound is checked against today in clean(): a validator here would be frozen into the migration.
    return [MinValueValidator(FOUNDED, f"CEP was founded in {FOUNDED}: no annual report is older.")]


class AnnualReportPage(BasePage):
    """The annual report of one year: a summary, its highlights, the cover and the report itself."""

    year = models.PositiveSmallIntegerField(
        unique=True,
        validators=year_validators(),
        error_messages={"unique": "There is already an annual report for this year; edit that one instead."},
        help_text="The year the report covers; one report a year. The list shows the newest year first.",
    )
    summary = models.TextField(help_text="The year in two or three sentences: shown in the list and on the page.")
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The report's cover or a picture of the year, cropped 3:2 around its focal point. Shown without "
        "alt text: the title beside it says what it is.",
    )
    report = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The report as a PDF, in a public collection. Its format and size are shown beside the link.",
    )
    highlights = models.TextField(
        blank=True, help_text="The year's highlights, one a line; shown as a list on the report's page."
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("year"),
        FieldPanel("summary"),
        FieldPanel("report"),
        FieldPanel("cover_image"),
        FieldPanel("highlights"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("highlights"),
        index.FilterField("year"),
    ]

    parent_page_types = ["governance.AnnualReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "annual report"

    def get_meta_description(self):
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        if self.year and self.year > datetime.date.today().year:
            raise ValidationError({"year": "A report covers a year that has begun: this one is still ahead."})

    @property
    def highlight_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.highlights.splitlines() if line.strip(" •-\t")]
