"""The demo's profiles: at least eight countries of its members, figures with years, tags, and a second load adds
nothing."""

import pytest

from django.core.management import call_command

from countries.models import CountryPage
from members.models import MemberOrganisation
from news.models import NewsPage

pytestmark = pytest.mark.slow


def test_the_demo_profiles_the_members_countries_and_loads_once(db):
    call_command("load_demo_content", verbosity=0)
    profiles = CountryPage.objects.live()
    assert profiles.count() >= 8
    assert set(profiles.values_list("country", flat=True)) <= set(
        MemberOrganisation.objects.values_list("country", flat=True)
    )
    for profile in profiles:
        figures = list(profile.key_figures.all())
        assert 2 <= len(figures) <= 4 and all(figure.year and figure.source_name for figure in figures)
        assert profile.contacts.exists()
    assert NewsPage.objects.filter(countries__country="NL").exists()
    pages = CountryPage.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert CountryPage.objects.count() == pages
