import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model

from core.models import StandardPage
from home.models import HomePage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged_in_editor(page: Page, demo_live_server):
    get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    page.goto(f"{demo_live_server.url}/admin/")
    page.get_by_label("E-mail address").fill("editor@cep-probation.org")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site summary")).to_be_visible()
    return page


def test_staff_edit_the_about_page_and_the_public_sees_the_change(
    logged_in_editor: Page, demo_live_server, artifacts_dir
):
    page = logged_in_editor
    about = StandardPage.objects.get(slug="about-us")
    page.goto(f"{demo_live_server.url}/admin/pages/{about.pk}/edit/")
    page.get_by_role("textbox", name="Introduction").fill("CEP is the voice of probation in Europe.")
    page.screenshot(path=artifacts_dir / "admin-about-edit.png", full_page=False)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Page 'About Us' has been published.")).to_be_visible()
    page.goto(f"{demo_live_server.url}/about-us/")
    expect(page.locator("main .lede")).to_have_text("CEP is the voice of probation in Europe.")


def test_the_home_page_editor_shows_every_section(logged_in_editor: Page, demo_live_server):
    page = logged_in_editor
    home = HomePage.objects.get()
    page.goto(f"{demo_live_server.url}/admin/pages/{home.pk}/edit/")
    for label in ["Hero", "Upcoming events", "Latest news", "Text section", "Topics", "Newsletter signup"]:
        expect(page.get_by_role("heading", name=label).first).to_be_visible()


def test_the_dashboard_reads_well_on_a_phone(browser, live_server, full_demo_site, live_server_gate, artifacts_dir):
    get_user_model().objects.create_superuser(email="director@cep-probation.org", password="a-long-passphrase")
    context = browser.new_context(viewport={"width": 375, "height": 812}, reduced_motion="reduce")
    page = context.new_page()
    live_server_gate.open()
    try:
        page.goto(f"{live_server.url}/admin/")
        page.get_by_label("E-mail address").fill("director@cep-probation.org")
        page.get_by_label("Password").fill("a-long-passphrase")
        page.get_by_role("button", name="Sign in").click()
        events = page.get_by_role("region", name="Upcoming events")
        expect(events).to_be_visible()
        page.screenshot(path=artifacts_dir / "admin-dashboard-375.png")
        events.screenshot(path=artifacts_dir / "admin-dashboard-events-375.png")
        # Each figure of a row stands on its own line after its column's heading; nothing runs off the side.
        places = events.locator("td[data-label='Places taken']").first
        label = places.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label == '"Places taken: "'
        assert places.evaluate("cell => getComputedStyle(cell).display") == "block"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        live_server_gate.shut()
        context.close()
