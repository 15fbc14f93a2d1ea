"""The topics app's own sections of a topic's hub (resources and expert groups) and of a country's profile
(resources) (core.contributions)."""

from core.contributions import CountryProfileSection, TopicHubSection, country_profile_section, topic_hub_section
from core.visibility import index_pages, public

from .models import ExpertGroupIndexPage, ExpertGroupPage, ResourceIndexPage, ResourcePage
from .queries import resources_for_listing


@topic_hub_section("resources")
def resources_on_topics(topics, *, limit):
    ids = ResourcePage.objects.filter(topics__in=topics).values("pk")
    return TopicHubSection(
        slug="resources",
        heading="Resources",
        chip="Resources",
        template="topics/includes/resources_hub_section.html",
        items=list(resources_for_listing(ResourcePage.objects.filter(pk__in=ids))[:limit]),
        order=40,
        index_page=index_pages(ResourceIndexPage)[ResourceIndexPage],
        list_label="All resources on",
    )


@topic_hub_section("expert-groups")
def expert_groups_on_topics(topics, *, limit):
    ids = ExpertGroupPage.objects.filter(topics__in=topics).values("pk")
    return TopicHubSection(
        slug="expert-groups",
        heading="Expert groups",
        chip="Expert groups",
        template="topics/includes/expert_groups_hub_section.html",
        items=list(public(ExpertGroupPage.objects.live().filter(pk__in=ids)).order_by("title")),
        order=50,
        index_page=index_pages(ExpertGroupIndexPage)[ExpertGroupIndexPage],
    )


@country_profile_section("resources")
def resources_on_country(country_page, *, limit):
    ids = ResourcePage.objects.filter(countries=country_page).values("pk")
    return CountryProfileSection(
        slug="resources",
        heading="Resources",
        template="topics/includes/resources_hub_section.html",
        items=list(resources_for_listing(ResourcePage.objects.filter(pk__in=ids))[:limit]),
        order=40,
    )
