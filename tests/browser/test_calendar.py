"""The events' month view in a browser: reached and read with the keyboard alone, free of axe violations, and laid
out without sideways scrolling on a phone."""

from datetime import datetime, time, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from django.utils import timezone

from tests.browser.test_accessibility import PHONE_WIDTH, violations
from tests.browser.test_keyboard import tab_and_check_focus, tab_to
from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def month_with_events(demo_site):
    """Today's webinar and a three-day meeting in this month, under a new events index."""
    index = EventIndexPageFactory(parent=demo_site)
    first_of_month = timezone.localdate().replace(day=1)
    webinar_start = timezone.make_aware(datetime.combine(timezone.localdate(), time(14)))
    meeting_start = timezone.make_aware(datetime.combine(first_of_month + timedelta(days=9), time(9)))
    EventPageFactory(parent=index, title="Webinar on risk assessment", start=webinar_start)
    EventPageFactory(
        parent=index, title="Expert meeting", start=meeting_start, end=meeting_start + timedelta(days=2, hours=8)
    )
    return index.url + index.reverse_subpage("month")


def test_a_keyboard_user_reaches_the_other_months_and_an_event_from_the_top_of_the_page(
    page: Page, demo_live_server, month_with_events
):
    page.goto(f"{demo_live_server.url}{month_with_events}")
    tab_and_check_focus(page)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    months = page.get_by_role("navigation", name="Other months")
    tab_to(page, months.locator('a[rel="prev"]'))
    tab_to(page, months.locator('a[rel="next"]'))
    event = page.get_by_role("table").get_by_role("link", name="Webinar on risk assessment")
    tab_to(page, event)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Webinar on risk assessment")


def test_the_month_view_has_no_axe_violations_and_fits_a_phone(
    page: Page, demo_live_server, month_with_events, artifacts_dir
):
    page.goto(f"{demo_live_server.url}{month_with_events}")
    expect(page.locator("td[aria-current=date]")).to_contain_text("Webinar on risk assessment")
    assert violations(page, Axe(), month_with_events) == []
    for width in (1280, PHONE_WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts_dir / f"events-month-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # On a phone the days are a list of those with events (and today); the rest are not shown.
    expect(page.get_by_text("Expert meeting")).to_have_count(3)
    assert page.locator("td.month__day:visible").count() <= 4
