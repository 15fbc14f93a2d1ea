from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.contributions import TopicHubSection, topic_hub_section
from core.images import CARD_IMAGE
from core.listing_cache import renditions_made
from core.visibility import index_pages

from .models import PartnerOrganisation, ProjectIndexPage
from .queries import projects_for_topics


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    menu_label = "Partner organisations"
    add_to_admin_menu = True
    list_display = ["name", "country", "website"]
    list_filter = ["country"]
    search_fields = ["name"]


register_snippet(PartnerOrganisationViewSet)


@topic_hub_section("projects")
def projects_on_topics(topics, *, limit):
    projects = projects_for_topics(topics, limit=limit)
    renditions_made([project.image for project in projects], CARD_IMAGE)
    return TopicHubSection(
        slug="projects",
        heading="Projects",
        chip="Projects",
        template="projects/includes/topic_hub_section.html",
        items=projects,
        order=30,
        index_page=index_pages(ProjectIndexPage)[ProjectIndexPage],
        list_label="All projects on",
    )
