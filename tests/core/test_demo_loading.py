"""`manage.py load_demo_content` itself: what a new install gets, loading again, and the day it is loaded on."""

import datetime
import io
import re

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from core.models import NavigationSettings, OutboxEmail, StandardPage
from fees.models import Fee, Invoice, Payment, Renewal
from home.models import HomePage
from members.models import (
    MEMBERS_GROUP_NAME,
    MemberOrganisation,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
)
from newsletter.models import Delivery, IssueSending, Subscriber

pytestmark = pytest.mark.django_db


def load_demo_content(**options):
    output = io.StringIO()
    call_command("load_demo_content", stdout=output, **options)
    return output.getvalue()


def site_snapshot():
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    return {
        "pages": list(Page.objects.order_by("path").values_list("title", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "members": {
            model._meta.label: model.objects.count()
            for model in (
                get_user_model(),
                MemberOrganisation,
                Membership,
                MembershipApplication,
                MembershipStatusChange,
            )
        },
        "members group": sorted(Group.objects.get(name=MEMBERS_GROUP_NAME).user_set.values_list("email", flat=True)),
        "newsletter": {model._meta.label: model.objects.count() for model in (IssueSending, Delivery, Subscriber)},
        "fees": {model._meta.label: model.objects.count() for model in (Fee, Renewal, Invoice, Payment, OutboxEmail)},
        "menu": navigation.main_menu.get_prep_value(),
        "footer": navigation.footer_links.get_prep_value(),
    }


def assert_home_and_about_at_the_site_root(output):
    assert "Created the home page." in output
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert StandardPage.objects.child_of(home).get(slug="about-us").title == "About Us"
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


# Each test loads the whole demo content, which takes most of a minute: a test goes on from what the one before it
# loaded rather than loading again.


def test_running_it_twice_changes_nothing_and_never_overwrites_what_an_editor_changed():
    # Quiet, as make run calls it: one line that says how much it made.
    first = load_demo_content(verbosity=0)
    assert re.fullmatch(r"Demo content is in place \((\d+) items made\)\.\n", first)
    assert int(re.search(r"\d+", first).group()) > 50
    before = site_snapshot()
    assert load_demo_content(verbosity=0) == "Demo content is in place (0 items made).\n"
    assert site_snapshot() == before

    about = StandardPage.objects.get(slug="about-us")
    about.title = "About the Confederation"
    about.save_revision().publish()
    load_demo_content()
    assert StandardPage.objects.get(slug="about-us").title == "About the Confederation"


LOAD_DAYS = [
    datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC),
    datetime.datetime(2028, 6, 1, 9, 0, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("load_day", LOAD_DAYS, ids=lambda day: day.date().isoformat())
def test_a_new_install_has_its_pages_and_an_open_webinar_whatever_the_day_and_a_later_load_adds_nothing(
    client, load_day
):
    from events.models import EventPage
    from events.queries import upcoming_for_home
    from events.registrations import Availability, registration_state

    with time_machine.travel(load_day, tick=False):
        assert_home_and_about_at_the_site_root(load_demo_content())
        upcoming = upcoming_for_home(limit=50)
        assert len(upcoming) >= 3
        assert all(event.start > load_day for event in upcoming)
        assert upcoming_for_home(limit=50, highlighted_only=True)
        in_person = [event for event in upcoming if event.attendance == EventPage.Attendance.IN_PERSON]
        assert in_person
        assert all(event.venue_city in {"Brussels", "The Hague", "Athens"} for event in in_person)
        assert all(event.venue_country for event in in_person)
        assert any(event.attendance == EventPage.Attendance.ONLINE for event in upcoming)

        home = BeautifulSoup(client.get("/").content, "html.parser").select_one("main").get_text()
        assert upcoming[0].title in home

        # The highlighted webinar takes registrations for weeks after the day the demo is loaded.
        webinar = EventPage.objects.get(slug="governance-oversight-and-accountability")
        assert webinar.highlighted and webinar.takes_registrations
        assert registration_state(webinar).availability == Availability.OPEN
        assert webinar.registration_deadline - load_day > datetime.timedelta(weeks=2)
        assert webinar.registration_deadline < webinar.start
        # On a day the webinar series keeps: the third Thursday of January, March, May or November.
        local_start = webinar.local_start
        assert (local_start.month, local_start.weekday(), (local_start.day - 1) // 7) in {
            (month, 3, 2) for month in (1, 3, 5, 11)
        }
        page = BeautifulSoup(client.get(webinar.url).content, "html.parser")
        assert page.select_one("#register form")
        before = site_snapshot()

    # Loaded again a year and a half later (the demo's dates follow the day it is loaded on), it creates nothing.
    with time_machine.travel(load_day + (LOAD_DAYS[1] - LOAD_DAYS[0]), tick=False):
        output = load_demo_content()
        assert "Created" not in output
        assert site_snapshot() == before
