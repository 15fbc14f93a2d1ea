import io

import pytest

from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from cep_site.models import HomePage, NavigationSettings, StandardPage

pytestmark = pytest.mark.django_db


def load_demo_content():
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    return output.getvalue()


def site_snapshot():
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    return {
        "pages": list(Page.objects.order_by("path").values_list("title", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "menu": navigation.main_menu.get_prep_value(),
        "footer": navigation.footer_links.get_prep_value(),
    }


def test_a_new_install_gets_the_home_and_about_pages_at_the_site_root():
    output = load_demo_content()
    assert "Created the home page." in output
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert StandardPage.objects.child_of(home).get().title == "About Us"
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_running_it_twice_changes_nothing():
    load_demo_content()
    before = site_snapshot()
    output = load_demo_content()
    assert "Created" not in output
    assert site_snapshot() == before


def test_it_never_overwrites_what_an_editor_changed():
    load_demo_content()
    about = StandardPage.objects.get(slug="about-us")
    about.title = "About the Confederation"
    about.save_revision().publish()
    load_demo_content()
    assert StandardPage.objects.get(slug="about-us").title == "About the Confederation"
