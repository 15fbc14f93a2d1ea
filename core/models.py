"""What every app shares: the base pages, standard pages, the contact page and the site settings."""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone

from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from . import visibility
from .blocks import INLINE_RICH_TEXT_FEATURES, PARAGRAPH_FEATURES, BodyStreamBlock
from .outbox import OutboxMessage


class SocialMediaMixin(models.Model):
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media (1200×630 works best).",
    )

    class Meta:
        abstract = True


def checkboxes_panel(field_name: str, **kwargs) -> FieldPanel:
    """A choice of several (topics, categories) as a list of checkboxes: Django's default multiple select needs
    Ctrl-click, which editors do not know."""
    return FieldPanel(field_name, widget=forms.CheckboxSelectMultiple, **kwargs)


class BasePage(SocialMediaMixin, Page):
    """The fields and panels every page of the site has."""

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("social_image")], heading="Social media"),
    ]
    # The words inside the PDFs the page links or attaches find the page (core/documents.py).
    search_fields = [*Page.search_fields, index.SearchField("documents_text")]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description

    def documents_text(self) -> str:
        from .documents import page_documents_text  # it reads these models: imported when first indexed

        return page_documents_text(self)

    def get_view_restrictions(self):
        # Asked on every request (Wagtail's before_serve_page check); most pages have none, which the cached
        # paths of core/visibility.py tell without the two queries of the full check.
        if visibility.unrestricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class IndexPage(BasePage):
    """A section's landing page under the home page, listing its children (news, events, topics…)."""

    introduction = models.TextField(blank=True, help_text="Shown under the title, above the list.")

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.introduction


def hero_image_field(help_text: str) -> models.ForeignKey:
    """An optional picture beside a page's title, in its hero band."""
    return models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text=help_text
    )


class StandardPage(BasePage):
    """A page of text: About Us, history, governance, membership types."""

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph, shown larger, and used in listings and search results."
    )
    hero_image = hero_image_field(
        "A 3:2 picture beside the title (1200 × 800 px or more; set its focal point). Shown without alt text: it "
        "illustrates the page and says nothing the title does not."
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The content of the page.")

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("hero_image"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "cep_site.StandardPage"]
    subpage_types = ["cep_site.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    def get_meta_description(self):
        return self.search_description or self.introduction


# ---------------------------------------------------------------------------
# Vacancies: job pages listed until their closing date (core/queries.py reads them)
# ---------------------------------------------------------------------------


class VacancyIndexPage(IndexPage):
    """The open vacancies at CEP and its members, the soonest closing first."""

    none_open_text = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        default="<p>New vacancies are announced in CEP's newsletter and on its social media.</p>",
        help_text="Shown when no vacancy is open: where visitors hear of the next ones (link the newsletter page).",
    )

    content_panels = [*IndexPage.content_panels, FieldPanel("none_open_text")]
    subpage_types = ["cep_site.VacancyPage"]

    class Meta:
        verbose_name = "vacancy index page"

    def get_context(self, request, *args, **kwargs):
        from .queries import open_vacancies  # core/queries.py reads these models: imported when first asked

        context = super().get_context(request, *args, **kwargs)
        context["vacancies"] = open_vacancies()
        return context


class VacancyPage(BasePage):
    """A job at CEP or a member organisation, public until its closing date and hidden after it."""

    CONTRACT_TYPES = [
        ("full-time", "Full-time"),
        ("part-time", "Part-time"),
        ("fixed-term", "Fixed-term"),
        ("traineeship", "Traineeship"),
        ("secondment", "Secondment"),
    ]

    employer = models.CharField(
        max_length=255, help_text="Who offers the job: CEP, or the member organisation's full name."
    )
    location = models.CharField(
        max_length=255, help_text="Where the work is, city and country, e.g. 'Utrecht, the Netherlands', or 'Remote'."
    )
    contract_type = models.CharField(max_length=20, choices=CONTRACT_TYPES, help_text="The kind of contract.")
    hours = models.CharField(
        max_length=100, blank=True, help_text="How much work it is, e.g. '32 hours a week' or '0.8 FTE'."
    )
    closing_date = models.DateField(
        help_text="The last day to apply. From the next day the vacancy leaves the lists, the home page, search and "
        "the sitemap, and its page says that it has closed."
    )
    introduction = models.TextField(help_text="One or two sentences about the job, shown in lists and search results.")
    how_to_apply = RichTextField(
        features=PARAGRAPH_FEATURES,
        help_text="What to send, to whom, and by when; link the application form or give the e-mail address.",
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The job description: tasks, profile, what is offered.")
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the full vacancy text as a PDF, linked beside how to apply.",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("employer"),
                FieldPanel("location"),
                FieldPanel("contract_type"),
                FieldPanel("hours"),
                FieldPanel("closing_date"),
            ],
            heading="The job",
        ),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("how_to_apply"),
        FieldPanel("attachment"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("employer"),
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("closing_date"),
    ]

    parent_page_types = ["cep_site.VacancyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "vacancy"
        verbose_name_plural = "vacancies"

    def get_meta_description(self):
        return self.search_description or self.introduction

    @property
    def is_open(self) -> bool:
        return self.closing_date >= timezone.localdate()

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_open else []

    def serve(self, request, *args, **kwargs):
        if self.is_open:
            return super().serve(request, *args, **kwargs)
        # 410 Gone, not 404: the job existed and will not come back, which tells search engines to drop it, and the
        # page still says so to a visitor who followed an old link (as a past event's page is kept, but a closed
        # vacancy must not read as if one could still apply). Its title and closing date only: nothing to apply to.
        return TemplateResponse(
            request, "cep_site/vacancy_closed.html", self.get_context(request, *args, **kwargs), status=410
        )


SOCIAL_LINK_HELP = "The full address of CEP's page there; the footer leaves the link out when it is empty."


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and social links shown in the footer."""

    contact_email = models.EmailField(blank=True, help_text="The general enquiries address.")
    phone = models.CharField(max_length=50, blank=True, help_text="In international format, e.g. +31 …")
    address = models.TextField(blank=True, help_text="The postal address, one line per line.")
    linkedin_url = models.URLField("LinkedIn", blank=True, help_text=SOCIAL_LINK_HELP)
    facebook_url = models.URLField("Facebook", blank=True, help_text=SOCIAL_LINK_HELP)
    x_url = models.URLField("X (Twitter)", blank=True, help_text=SOCIAL_LINK_HELP)
    youtube_url = models.URLField("YouTube", blank=True, help_text=SOCIAL_LINK_HELP)
    # The newsletter's From and Reply-To; its footer shows `address`, the postal address the law asks for.
    newsletter_sender_name = models.CharField(
        max_length=100,
        blank=True,
        default="CEP Newsletter",
        help_text="The name the newsletter comes from, shown in the recipient's inbox.",
    )
    newsletter_sender_email = models.EmailField(
        blank=True,
        help_text="The address the newsletter is sent from. Empty: the site's usual sender address. "
        "The mail server must be allowed to send for its domain (SPF, DKIM).",
    )
    newsletter_reply_to = models.EmailField(
        blank=True, help_text="Where replies to the newsletter go. Empty: the general enquiries address."
    )
    # How many passing delivery failures (soft bounces) within how many days mark a subscriber bounced
    # (newsletter.feedback; docs/bounces.md). A refusal for good (hard bounce) marks them at once.
    newsletter_soft_bounce_limit = models.PositiveSmallIntegerField(
        "soft bounces before an address is marked bounced",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="Reports that mail could not be delivered for a passing reason (mailbox full, server down). "
        "This many within the period below, and the subscriber gets no more issues.",
    )
    newsletter_soft_bounce_days = models.PositiveSmallIntegerField(
        "period for soft bounces (days)",
        default=30,
        validators=[MinValueValidator(1)],
        help_text="Soft bounces older than this many days no longer count.",
    )
    # Linked beside the submit button of every form that collects personal data (templates/includes/privacy_note.html).
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="privacy notice",
        help_text="The privacy notice, linked beside the button of every form that asks for personal details.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("address")], "Contact"),
        FieldPanel("privacy_page"),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("x_url"), FieldPanel("youtube_url")],
            "Social media",
        ),
        MultiFieldPanel(
            [
                FieldPanel("newsletter_sender_name"),
                FieldPanel("newsletter_sender_email"),
                FieldPanel("newsletter_reply_to"),
                FieldPanel("newsletter_soft_bounce_limit"),
                FieldPanel("newsletter_soft_bounce_days"),
            ],
            "Newsletter",
        ),
    ]

    class Meta:
        verbose_name = "contact and social media"

    @property
    def social_links(self):
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an address elsewhere.")
    label = blocks.CharBlock(required=False, max_length=60, help_text="Leave empty to use the page's title.")

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": "Choose either a page on this site or an address elsewhere."}
            )
        if value.get("url") and not value.get("label"):
            raise blocks.StructBlockValidationError(block_errors={"label": "A link elsewhere needs a label."})
        return value


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    """The main menu in the header and the links in the footer."""

    main_menu = StreamField(
        [("link", LinkBlock())], blank=True, help_text="The header menu, left to right. Keep it short."
    )
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links in the footer, such as privacy and contact."
    )

    panels = [FieldPanel("main_menu"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "navigation"


# ---------------------------------------------------------------------------
# The contact page: a form that reaches the secretariat through the outbox (core/contact.py)
# ---------------------------------------------------------------------------


class ContactPage(RoutablePageMixin, BasePage):
    """The secretariat's address and a form that mails it; `thanks/` is where the form leads after sending."""

    introduction = models.TextField(
        blank=True, help_text="The opening paragraph, shown larger above the address and the form."
    )
    recipient = models.EmailField(
        blank=True,
        help_text="Where messages from the form go. Empty: the general enquiries address (Settings › Contact).",
    )
    thank_you_text = models.TextField(
        blank=True,
        default="Thank you for your message. The secretariat will answer you by e-mail.",
        help_text="Shown after a message was sent.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("recipient"),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "contact page"

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, form=None, **kwargs):
        from .forms import ContactForm

        context = super().get_context(request, *args, **kwargs)
        context["form"] = form if form is not None else ContactForm()
        return context

    @path("")
    def contact(self, request):
        from . import contact

        return contact.contact_form(request, self)

    @path("thanks/", name="thanks")
    def thanks(self, request):
        from . import contact

        return contact.contact_thanks(request, self)


class ContactSubmission(models.Model):
    """A message sent with the contact form, kept for the secretariat and deleted after
    `CONTACT_SUBMISSION_RETENTION_MONTHS` (core.contact.submissions_purge)."""

    page = models.ForeignKey(
        ContactPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions", editable=False
    )
    name = models.CharField(max_length=200)
    email = models.EmailField("e-mail address", max_length=254)
    organisation = models.CharField(max_length=255, blank=True)
    subject = models.CharField(max_length=200)
    message = models.TextField()
    recipient = models.EmailField(blank=True, help_text="Where the message was sent; empty if nowhere.")
    created_at = models.DateTimeField("sent at", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "contact message"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # No name or address: Wagtail's log of a deletion keeps this text after the message is gone.
        return f"Contact message {self.pk} of {timezone.localtime(self.created_at):%d %b %Y}"

    @property
    def delivery_status(self) -> str:
        email = getattr(self, "email_row", None)
        return email.get_status_display() if email else "Not sent (no recipient)"


class ContactEmail(OutboxMessage):
    """The e-mail of one contact message to the secretariat, sent exactly once (docs/delivery.md)."""

    send_task = "core.tasks.contact_emails_send"

    submission = models.OneToOneField(ContactSubmission, on_delete=models.CASCADE, related_name="email_row")
    recipient = models.EmailField()

    class Meta:
        verbose_name = "contact message e-mail"
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="cep_site_contactemail_queue")]

    def __str__(self):
        return f"E-mail of contact message {self.submission_id}"


class OutboxEmail(OutboxMessage):
    """A one-off e-mail to one address, stored whole when it is queued and sent exactly once (core.mail).

    A confirmation link, a membership notice, an account e-mail, the test of an issue: what no row of its own
    records. Its body may hold a live link (a password reset), so the admin lists these without their bodies and
    they are deleted `OUTBOX_EMAIL_RETENTION_DAYS` after they were queued.
    """

    send_task = "core.tasks.outbox_emails_send"

    # What the e-mail is, "<app>.<what>": "newsletter.confirmation", "account.password-reset-key" …
    kind = models.CharField(max_length=60)
    to = models.EmailField()
    subject = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=320)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # Files attached when it is sent, named by what makes them: [{"source": "fees.invoice", "id": 12}]
    # (core.mail.OUTBOX_ATTACHMENTS). Made again from records that never change, rather than stored in the row.
    attachments = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "e-mail"
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="cep_site_outboxemail_queue")]

    def __str__(self):
        return f"{self.kind} e-mail {self.pk}"


# ---------------------------------------------------------------------------
# Documents searched: the text of uploaded PDFs, read by a worker (core/documents.py)
# ---------------------------------------------------------------------------


class DocumentText(models.Model):
    """What site search knows of a document's content: the text of a PDF, or why it could not be read.

    One row per document, made when its file is first read and updated when the file is replaced: a document without
    one is waiting to be read. The pages that use the document are found by the words in `text`
    (`BasePage.documents_text`).
    """

    class Status(models.TextChoices):
        READ = "read", "Read"
        UNREADABLE = "unreadable", "Cannot be read"
        NOT_PDF = "not-pdf", "Not a PDF"

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="search_text", editable=False
    )
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    # Pages separated by a form feed (\f), so that a word found can be told on which page it is.
    text = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=255, blank=True, help_text="Why the file could not be read, in plain words.")
    # The file this row was made from: another name or content (replaced in the admin) is read again.
    file_name = models.CharField(max_length=255, blank=True)
    file_hash = models.CharField(max_length=40, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "document text"

    def __str__(self):
        return f"Text of document {self.document_id} ({self.get_status_display()})"
