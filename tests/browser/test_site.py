import pytest
from playwright.sync_api import Page, expect

from tests.browser.header import open_the_menu

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_shows_the_tagline_and_its_sections(page: Page, demo_live_server):
    page.goto(demo_live_server.url)
    expect(page).to_have_title("Confederation of European Probation (CEP)")
    expect(page.locator(".hero__tagline")).to_contain_text(
        "To contribute to safer communities by rehabilitating and reintegrating people who offended"
    )
    for heading in ["Upcoming events", "Latest news", "We are CEP", "Topics"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def test_about_page_is_reached_through_the_main_navigation(page: Page, demo_live_server):
    page.goto(demo_live_server.url)
    page.get_by_role("navigation", name="Main", exact=True).get_by_role("link", name="About").click()
    expect(page).to_have_url(f"{demo_live_server.url}/about-us/")
    expect(page).to_have_title("About Us – Confederation of European Probation")
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
    # The next Tab lands inside the content, past the header and menu: on the hero's first button.
    page.keyboard.press("Tab")
    expect(page.locator("main").get_by_role("link", name="About CEP")).to_be_focused()


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
        name = "home" if path == "/" else path.strip("/")
        page.screenshot(path=artifacts_dir / f"{name}-{width}.png", full_page=True)
        # The main navigation is within reach: the nav row when wide, behind "Menu" below 64em.
        if width < 1024:
            expect(page.get_by_role("navigation", name="Main", exact=True)).to_be_hidden()
            open_the_menu(page)
            navigation = page.get_by_role("navigation", name="Main (menu)")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{path} with the menu open is {scroll_width}px wide in a {width}px window"
        else:
            expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
            navigation = page.get_by_role("navigation", name="Main", exact=True)
        expect(navigation.get_by_role("link", name="About", exact=True)).to_be_visible()


def test_the_newsletter_call_out_above_the_footer_leads_to_the_sign_up_form(page: Page, demo_live_server):
    # The footer holds no form; pages other than the home page invite to subscribe just above it.
    page.goto(f"{demo_live_server.url}/about-us/")
    expect(page.locator("footer form")).to_have_count(0)
    call_out = page.get_by_role("complementary", name="Newsletter")
    expect(call_out).to_be_visible()
    call_out.get_by_role("link", name="Subscribe to the newsletter").click()
    expect(page).to_have_url(f"{demo_live_server.url}/newsletter/subscribe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscribe to the CEP newsletter")
    # The pages that show the sign-up form itself leave the call-out out: this one, and the home page with its box.
    expect(page.get_by_role("complementary", name="Newsletter")).to_have_count(0)
    page.goto(demo_live_server.url)
    expect(page.get_by_role("complementary", name="Newsletter")).to_have_count(0)
    expect(page.get_by_role("link", name="Subscribe to the newsletter")).to_have_count(0)
    expect(
        page.get_by_role("region", name="Subscribe to our bi-monthly email newsletter!").locator("form")
    ).to_be_visible()
