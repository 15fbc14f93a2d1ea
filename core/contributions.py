"""What an app adds to the pages and services of an app below it (docs/architecture.md, "Contributions").

A contributing app registers a function in its `wagtail_hooks.py` with `@hooks.register(<hook name>)`; the app that
shows or uses the contributions calls the functions here and imports none of the contributors. So a topic's hub lists
news, events and projects, a country's profile its members, news, events and resources, and a person's account page,
data export and erasure cover the newsletter, while `topics`, `countries` and `members` know nothing of those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from wagtail import hooks

# fn(topics, *, limit) -> TopicHubSection: what the app has on any of `topics`, newest or soonest first; registered
# with @topic_hub_section(slug).
TOPIC_HUB_SECTIONS = "cep_topic_hub_sections"
# fn(country_page, *, limit) -> CountryProfileSection: what the app has on one country (its members, or what is
# tagged with it); registered with @country_profile_section(slug).
COUNTRY_PROFILE_SECTIONS = "cep_country_profile_sections"
# fn(user) -> AccountPanel | None: the app's section of the person's account page.
ACCOUNT_PANELS = "cep_account_panels"
# fn() -> PersonalData: the app's part of a person's data, for the export and for erasure.
PERSONAL_DATA = "cep_personal_data"


@dataclass(frozen=True)
class TopicHubSection:
    """One kind of content on a topic's hub: "Latest news", "Upcoming events", "Projects"…"""

    slug: str  # the section's anchor, `#topic-<slug>-heading`
    heading: str
    chip: str  # its link in the hub's "In this topic" list
    template: str  # renders `section.items`
    items: list  # empty when the app has nothing on the topics: the hub leaves the section out
    order: int
    # The list page of this kind, which filters by `?topic=<slug>`; None while there is none.
    index_page: object = None
    list_label: str = ""  # "All news on": the link to the filtered list, followed by the topic's title
    browse_label: str = ""  # "read the latest news": where an empty hub sends the visitor


def topic_hub_section(slug: str):
    """Registers the decorated function as the app's topic-hub section called `slug`."""

    def register(contribute):
        contribute.slug = slug
        hooks.register(TOPIC_HUB_SECTIONS, contribute)
        return contribute

    return register


def topic_hub_sections(topics, *, limit: int, only: tuple[str, ...] = ()) -> list[TopicHubSection]:
    """Every app's section on `topics` (or the sections called one of `only`), in their order."""
    topics = list(topics)
    contributors = [hook for hook in hooks.get_hooks(TOPIC_HUB_SECTIONS) if not only or hook.slug in only]
    return sorted((contribute(topics, limit=limit) for contribute in contributors), key=lambda section: section.order)


@dataclass(frozen=True)
class CountryProfileSection:
    """One kind of content on a country's profile: "Member organisations", "News", "Upcoming events"…"""

    slug: str  # the section's anchor, `#country-<slug>-heading`
    heading: str
    template: str  # renders `section.items`
    items: list  # empty when the app has nothing on the country: the profile leaves the section out
    order: int
    list_url: str = ""  # the full list, where there is one (the member directory at the country)
    list_label: str = ""  # "All members in the directory"


def country_profile_section(slug: str):
    """Registers the decorated function as the app's section of a country's profile, called `slug`."""

    def register(contribute):
        contribute.slug = slug
        hooks.register(COUNTRY_PROFILE_SECTIONS, contribute)
        return contribute

    return register


def country_profile_sections(country_page, *, limit: int) -> list[CountryProfileSection]:
    """Every app's section of a country's profile, in their order."""
    sections = (contribute(country_page, limit=limit) for contribute in hooks.get_hooks(COUNTRY_PROFILE_SECTIONS))
    return sorted(sections, key=lambda section: section.order)


@dataclass(frozen=True)
class AccountPanel:
    """One app's section of the account page: `template` is rendered inside `<section id="{{ slug }}">` with
    `context` added to the page's."""

    slug: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def account_panels(user) -> list[AccountPanel]:
    panels = [panel for contribute in hooks.get_hooks(ACCOUNT_PANELS) if (panel := contribute(user))]
    return sorted(panels, key=lambda panel: panel.order)


@dataclass(frozen=True)
class PersonalData:
    """One app's part of what the site holds about a person, found by the account or by the addresses the person
    has confirmed are theirs (lower case)."""

    key: str  # its name in the export, e.g. "newsletter_subscriptions"
    export: Callable[..., list]  # (user, addresses) -> JSON-ready records
    erase: Callable[..., None]  # (user, addresses): delete them, inside the erasure's transaction


def personal_data() -> list[PersonalData]:
    return [contribute() for contribute in hooks.get_hooks(PERSONAL_DATA)]


def any_address(field_name: str, addresses) -> Q:
    """Rows whose `field_name` is one of `addresses`, in any letter case."""
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(**{f"{field_name}__iexact": address})
    return condition
