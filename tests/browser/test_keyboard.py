"""Keyboard-only walkthroughs: Tab, typing, Space and Enter, never a click; every focused control shows its focus."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from events.models import Registration
from newsletter.models import Subscriber
from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

VISITOR = "keyboard.reader@probation.example"
MOST_TABS = 150  # well above the controls on the pages here: a focus trap fails the test instead of looping

# What the browser draws around the focused element; a focus indicator is an outline or a box shadow.
FOCUS_STYLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {
        element: document.activeElement.outerHTML.slice(0, 120),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        boxShadow: style.boxShadow !== "none",
    };
}"""


def tab_and_check_focus(page: Page) -> None:
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["outline"] or focus["boxShadow"], f"no visible focus on {focus['element']}"


def tab_to(page: Page, control) -> None:
    """Tabs forward until the control has the focus, checking that each control on the way shows it."""
    for _ in range(MOST_TABS):
        if control.evaluate("element => element === document.activeElement"):
            return
        tab_and_check_focus(page)
    expect(control).to_be_focused()


def test_visitor_signs_up_for_the_newsletter_on_the_home_page_with_the_keyboard_only(page: Page, demo_live_server):
    page.goto(f"{demo_live_server.url}/")
    # The newsletter box near the end of the home page: the page's only sign-up form (the footer has none).
    signup_form = page.get_by_role("region", name="Subscribe to our bi-monthly email newsletter!").locator("form")
    email = signup_form.get_by_role("textbox", name="E-mail")

    tab_and_check_focus(page)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    tab_to(page, email)

    page.keyboard.type(VISITOR)
    tab_and_check_focus(page)
    expect(signup_form.get_by_role("textbox", name="Name")).to_be_focused()
    page.keyboard.type("Ada Reader")
    tab_and_check_focus(page)
    expect(signup_form.get_by_role("checkbox")).to_be_focused()
    page.keyboard.press("Space")
    expect(signup_form.get_by_role("checkbox")).to_be_checked()
    # The honeypot field between them is out of the tab order.
    tab_and_check_focus(page)
    expect(signup_form.get_by_role("button", name="Subscribe")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    subscriber = Subscriber.objects.get(email=VISITOR)
    assert (subscriber.name, subscriber.status) == ("Ada Reader", Subscriber.Status.PENDING)  # until confirmed


def test_visitor_registers_for_an_event_with_the_keyboard_only(page: Page, demo_live_server, demo_site):
    start = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=demo_site),
        title="Webinar on risk assessment",
        start=start,
        end=start + timedelta(minutes=90),
        takes_registrations=True,
        capacity=20,
    )
    page.goto(f"{demo_live_server.url}{event.url}")
    form = page.locator("#register")

    # The skip link first, as a keyboard user would, past the header and its navigation.
    tab_and_check_focus(page)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, form.get_by_role("textbox", name="Name"))
    page.keyboard.type("Anna Novak")
    tab_and_check_focus(page)
    expect(form.get_by_role("textbox", name="E-mail address")).to_be_focused()
    page.keyboard.type("anna.novak@probation.example")
    tab_and_check_focus(page)
    page.keyboard.type("Slovenian Probation Service")
    tab_and_check_focus(page)
    expect(form.get_by_role("combobox", name="Country")).to_be_focused()
    page.keyboard.type("Slovenia")  # a closed select picks the option that starts with what is typed
    expect(form.get_by_role("combobox", name="Country")).to_have_value("SI")
    tab_and_check_focus(page)
    expect(form.get_by_role("checkbox", name="My organisation is a CEP member")).to_be_focused()
    page.keyboard.press("Space")
    tab_and_check_focus(page)
    page.keyboard.press("Space")
    expect(form.get_by_role("checkbox", name="Send me reminders before the event")).to_be_checked()
    tab_and_check_focus(page)
    expect(form.get_by_role("button", name="Register")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert Registration.objects.filter(
        name="Anna Novak", country="SI", is_member=True, reminders_consent=True, status="pending"
    ).exists(), "the registration is stored as typed and ticked, waiting for its address to be confirmed"


def test_visitor_opens_the_menu_at_phone_width_and_follows_a_link_with_the_keyboard_only(page: Page, demo_live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{demo_live_server.url}/")
    menu = page.locator("header details.menu")
    toggle = menu.locator("summary")

    tab_and_check_focus(page)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    tab_to(page, toggle)  # past the logo and the search icon; the nav row is not shown at this width
    expect(toggle.get_by_text("Menu", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(toggle.get_by_text("Close", exact=True)).to_be_visible()
    expect(toggle.get_by_text("Menu", exact=True)).to_be_hidden()
    # Inside the menu: the search, the main navigation, the account links; each shows its focus.
    tab_and_check_focus(page)
    expect(menu.get_by_role("searchbox", name="Search the site")).to_be_focused()
    about = menu.get_by_role("navigation", name="Main (menu)").get_by_role("link", name="About")
    tab_to(page, about)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{demo_live_server.url}/about-us/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About Us")
    expect(page.locator("header details.menu")).not_to_have_attribute("open", "")  # closed on the new page
