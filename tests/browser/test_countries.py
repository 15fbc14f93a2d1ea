"""Probation in Europe in a browser: the map used with the keyboard alone, and no axe violations on the index, a
profile and a comparison at 375 and 1280 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import violations
from tests.browser.test_keyboard import tab_and_check_focus, tab_to
from tests.countries.factories import CountryIndexPageFactory, CountryPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The fill the browser paints a country with, and the ring around it.
COUNTRY_LOOK = """element => {
    const path = getComputedStyle(element.querySelector("path"));
    const link = getComputedStyle(element);
    const ring = link.outlineStyle !== "none" && parseFloat(link.outlineWidth) > 0;
    return {fill: path.fill, stroke: path.strokeWidth, outline: ring};
}"""


@pytest.fixture
def country_index(demo_site):
    index = CountryIndexPageFactory(parent=demo_site)
    for code, name in (("NL", "Netherlands"), ("BE", "Belgium"), ("CZ", "Czechia")):
        CountryPageFactory(parent=index, country=code, title=name, slug=name.lower())
    return index


def test_a_keyboard_user_goes_through_the_map_in_alphabetical_order_and_opens_a_profile(
    page: Page, demo_live_server, country_index
):
    page.goto(f"{demo_live_server.url}/probation-in-europe/")
    country_map = page.locator("svg.country-map__svg")
    expect(country_map.get_by_role("link")).to_have_count(3)
    czechia = country_map.get_by_role("link", name="Czechia")
    at_rest = czechia.evaluate(COUNTRY_LOOK)

    tab_and_check_focus(page)
    tab_to(page, country_map.get_by_role("link", name="Belgium"))
    tab_and_check_focus(page)
    expect(czechia).to_be_focused()
    focused = czechia.evaluate(COUNTRY_LOOK)
    # Seen on the map itself: the country darkens and gets a thick border, inside the site's focus ring.
    assert focused["fill"] != at_rest["fill"] and focused["stroke"] != at_rest["stroke"] and focused["outline"]
    tab_and_check_focus(page)
    expect(country_map.get_by_role("link", name="Netherlands")).to_be_focused()
    # The countries without a profile are drawn but take no focus: the next stop is past the map.
    tab_and_check_focus(page)
    assert not page.evaluate("document.activeElement.closest('svg')")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Netherlands")


def test_the_index_a_profile_and_a_comparison_have_no_axe_violations(
    page: Page, demo_live_server, country_index, artifacts_dir
):
    reports = []
    for name, path in (
        ("index", "/probation-in-europe/"),
        ("profile", "/probation-in-europe/belgium/"),
        ("comparison", "/probation-in-europe/compare/?a=BE&b=NL"),
        ("comparison error", "/probation-in-europe/compare/?a=BE&b=BE"),
    ):
        page.goto(f"{demo_live_server.url}{path}")
        reports += violations(page, Axe(), path)
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=artifacts_dir / f"countries-{name.replace(' ', '-')}-{width}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
    assert reports == []
