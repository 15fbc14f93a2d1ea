"""axe-core audits of every public page type and the main forms, at phone and desktop widths.

WCAG 2.1 A and AA rules and axe's best practices, on the site as a new install has it (`load_demo_content`).
Each page is loaded once and audited at desktop width, then narrowed to phone width and audited again: the
layout is CSS media queries, and one load per page keeps the file fast.
"""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page as WagtailPage
from wagtail.models import get_page_models

from events.models import EventIndexPage, EventSeries
from governance.models import GeneralAssemblyIndexPage, GeneralAssemblyPage
from members.models import MembersAreaPage, MembersCallPage, MembershipPage
from news.models import NewsIndexPage
from tests.browser.header import open_the_menu
from tests.events.factories import EventPageFactory
from topics.models import ResourceIndexPage

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PHONE_WIDTH = 375
WIDTHS = (1280, PHONE_WIDTH)
# Behind a login, not public.
MEMBERS_ONLY = {MembersAreaPage, MembersCallPage, GeneralAssemblyIndexPage, GeneralAssemblyPage}


def subpage_url(page, route_name: str, *args) -> str:
    return page.url + page.reverse_subpage(route_name, args=args)


def one_page_of_each_type() -> list[str]:
    """The address of the first live, public page of every page type, in tree order: a new type is audited too."""
    urls = {}
    for page in WagtailPage.objects.live().public().specific().order_by("path"):
        if page.url is not None:  # the root
            urls.setdefault(type(page), page.url)
    missing = set(get_page_models()) - {WagtailPage, *MEMBERS_ONLY} - urls.keys()
    assert not missing, f"the demo content has no public page of these types to audit: {missing}"
    return list(urls.values())


def violations(page: Page, axe: Axe, what: str) -> list[str]:
    """axe's report of the page as it is shown now, at each width; empty when it finds nothing."""
    reports = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            reports.append(f"{what} at {width}px:\n{results.generate_report()}")
    return reports


def filter_by_first_choices(page: Page):
    """Filters the listing shown as a visitor would: by its first chip where it has a row of them, then by the first
    choice of the first list among its other filters (behind "More filters" where they are), with their button."""
    chips = page.get_by_role("navigation", name=re.compile(r"^Filter \w+ by "))
    if chips.count():
        chips.get_by_role("link").first.click()
        expect(page).to_have_url(re.compile(r"\?.+="))
    more_filters = page.locator("main details.more-filters")
    if more_filters.count():
        more_filters.get_by_text("More filters", exact=True).click()
        filters, button = more_filters.locator("form"), "Apply"
    else:
        filters, button = page.locator("main form[method=get]", has=page.get_by_role("button", name="Filter")), "Filter"
    url = page.url
    filters.locator("select").first.select_option(index=1)
    filters.get_by_role("button", name=button).click()
    expect(page).not_to_have_url(url)
    expect(page).to_have_url(re.compile(r"\?.+="))


def public_paths() -> list[str]:
    news_index = NewsIndexPage.objects.get()
    event_index = EventIndexPage.objects.get()
    membership_page = MembershipPage.objects.get()
    return [
        *one_page_of_each_type(),
        subpage_url(news_index, "vodcast_list"),
        subpage_url(event_index, "past"),
        subpage_url(event_index, "series", EventSeries.objects.first().slug),
        subpage_url(membership_page, "apply"),
        subpage_url(membership_page, "directory"),
        reverse("newsletter:subscribe"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        f"{reverse('search')}?q=probation",
        f"{reverse('search')}?q=nothingmatches",
    ]


def event_open_for_registration():
    # The demo event's registration closes on a fixed date; this one is open whenever the test runs.
    start = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    return EventPageFactory(
        parent=EventIndexPage.objects.get(), start=start, end=start + timedelta(hours=1), takes_registrations=True
    )


def test_every_public_page_type_and_the_main_forms_in_error_have_no_accessibility_violations(
    page: Page, live_server, full_demo_site
):
    # One test, not two: loading the demo content takes longer than auditing a dozen pages.
    axe = Axe()
    reports = []
    for path in public_paths():
        assert page.goto(f"{live_server.url}{path}").ok, path
        reports += violations(page, axe, path)
    for listing in [NewsIndexPage.objects.get(), EventIndexPage.objects.get(), ResourceIndexPage.objects.get()]:
        page.goto(f"{live_server.url}{listing.url}")
        filter_by_first_choices(page)
        reports += violations(page, axe, page.url.removeprefix(live_server.url))
    # Below 64em the header's links are in the "Menu" disclosure: audited open too.
    page.goto(f"{live_server.url}/")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})
    open_the_menu(page)
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        reports.append(f"the home page with the menu open at {PHONE_WIDTH}px:\n{results.generate_report()}")
    assert page.goto(f"{live_server.url}/no-such-page/").status == 404
    reports += violations(page, axe, "the 404 page")

    page.goto(f"{live_server.url}{reverse('newsletter:subscribe')}")
    page.locator("main").get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    reports += violations(page, axe, "newsletter sign-up submitted empty")

    page.goto(f"{live_server.url}{event_open_for_registration().url}")
    page.locator("#register").get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Name: This field is required.")
    reports += violations(page, axe, "event registration submitted empty")

    page.goto(f"{live_server.url}{subpage_url(MembershipPage.objects.get(), 'apply')}")
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    reports += violations(page, axe, "membership application submitted empty")

    page.goto(f"{live_server.url}/contact/")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    reports += violations(page, axe, "contact form submitted empty")

    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Email").fill("nobody@probation.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    reports += violations(page, axe, "login with a wrong password")

    page.goto(f"{live_server.url}{reverse('account_signup')}")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    reports += violations(page, axe, "sign-up submitted empty")

    assert not reports, "\n\n".join(reports)
