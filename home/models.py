"""The home page: the root of the site, made of the sections the apps contribute (home/blocks.py)."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import BasePage

from .blocks import HomePageStreamBlock


class HomePage(BasePage):
    body = StreamField(
        HomePageStreamBlock(),
        help_text="The sections of the home page, top to bottom.",
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cep_site.StandardPage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "projects.ProjectIndexPage",
        "topics.TopicIndexPage",
        "topics.ResourceIndexPage",
        "topics.ExpertGroupIndexPage",
        "members.MembershipPage",
        "newsletter.NewsletterIndexPage",
        "cep_site.ContactPage",
        "cep_site.VacancyIndexPage",
        "countries.CountryIndexPage",
        "governance.GovernancePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"
        # Made by the shared app before the home page had an app of its own (migration home 0001).
        db_table = "cep_site_homepage"

    def get_meta_description(self):
        if self.search_description:
            return self.search_description
        hero = next((block.value for block in self.body if block.block_type == "hero"), None)
        return hero["introduction"] if hero else ""
