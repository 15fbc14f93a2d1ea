import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_shows_the_tagline_and_its_sections(page: Page, demo_live_server):
    page.goto(demo_live_server.url)
    expect(page).to_have_title("Confederation of European Probation (CEP)")
    expect(page.locator(".hero__tagline")).to_contain_text(
        "To contribute to safer communities by rehabilitating and reintegrating people who offended"
    )
    for heading in ["Latest news", "We are CEP", "Who are we", "Upcoming Events", "Topics"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def test_about_page_is_reached_through_the_main_navigation(page: Page, demo_live_server):
    page.goto(demo_live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About Us").click()
    expect(page).to_have_url(f"{demo_live_server.url}/about-us/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About Us")
    expect(page.get_by_role("heading", name="Financial Strategy")).to_be_visible()


def test_skip_link_appears_on_the_first_tab_and_moves_focus_to_the_content(page: Page, demo_live_server):
    page.goto(demo_live_server.url)
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab lands inside the content, past the header and menu.
    page.keyboard.press("Tab")
    expect(page.locator("main").get_by_role("link", name="Read more about About Us")).to_be_focused()


def test_search_from_the_header_finds_the_about_page(page: Page, demo_live_server):
    page.goto(demo_live_server.url)
    page.get_by_role("searchbox", name="Search the site").fill("Brussels")
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    expect(page.locator(".result-count")).to_have_text("1 result for “Brussels”")
    expect(page.get_by_role("link", name="About Us").last).to_be_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_layout_holds_without_sideways_scrolling(page: Page, demo_live_server, artifacts_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ["/", "/about-us/"]:
        page.goto(f"{demo_live_server.url}{path}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width}px wide in a {width}px window"
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="About Us")).to_be_visible()
        name = "home" if path == "/" else path.strip("/")
        page.screenshot(path=artifacts_dir / f"{name}-{width}.png", full_page=True)
