"""Read-side queries for the country profiles: the index with its map, a profile with its sections, a comparison."""

from django.db.models import QuerySet

from core.contributions import country_profile_sections
from core.visibility import public

from .map import europe_map_svg

PROFILE_SECTION_ITEMS = 6


def profiles_for_listing(queryset: QuerySet) -> list:
    """Live, public profiles in the alphabetical order of their countries' names (not of their codes)."""
    profiles = public(queryset.live()).only("id", "path", "url_path", "title", "slug", "country", "summary")
    return sorted(profiles, key=lambda profile: profile.country_name.casefold())


def country_index(index_page) -> dict:
    """The index's list and map, evaluated so that they can be cached."""
    from .models import CountryPage  # models imports this module

    profiles = profiles_for_listing(CountryPage.objects.child_of(index_page))
    links = [(profile.country, profile.country_name, profile.get_url()) for profile in profiles]
    return {"profiles": profiles, "map_svg": europe_map_svg(links)}


def country_profile(page) -> dict:
    """A profile's key figures and contacts, and what each app has on its country (core.contributions)."""
    sections = country_profile_sections(page, limit=PROFILE_SECTION_ITEMS)
    return {
        "key_figures": list(page.key_figures.all()),
        "contacts": list(page.contacts.all()),
        "sections": [section for section in sections if section.items],
    }


def profiles_compared(index_page, codes: list[str]) -> list:
    """The live, public profiles of `codes`, in that order, with their key figures and contacts."""
    from .models import CountryPage

    profiles = public(CountryPage.objects.child_of(index_page).live().filter(country__in=codes))
    by_code = {profile.country: profile for profile in profiles.prefetch_related("key_figures", "contacts")}
    return [by_code[code] for code in codes if code in by_code]
