"""Registering for an event in a real browser: the form with the keyboard, the registrant's page, the e-mail."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from django.utils import timezone

from events.models import EventIndexPage, Registration
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
ONLINE_LINK = "https://meet.example.org/secret-room-4711"


@pytest.fixture
def event_on_the_live_server(demo_live_server, demo_site):
    # The live server is not time-frozen: the event is a month from now, whenever the test runs.
    for index in EventIndexPage.objects.all():
        index.delete()
    index = EventIndexPageFactory(parent=demo_site)
    start = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    return EventPageFactory(
        parent=index,
        title="Webinar on risk assessment",
        start=start,
        end=start + timedelta(minutes=90),
        takes_registrations=True,
        capacity=20,
        online_link=ONLINE_LINK,
    )


def test_visitor_registers_with_the_keyboard_and_gets_their_page_and_the_e_mail(
    page: Page, demo_live_server, event_on_the_live_server, artifacts_dir, smtp_sink
):
    event = event_on_the_live_server
    page.goto(f"{demo_live_server.url}{event.url}")
    section = page.locator("#register")
    expect(section.locator(".registration__state")).to_contain_text("20 places left")
    assert ONLINE_LINK not in page.content()

    # Submitted empty first: the errors are listed at the top and tied to their fields.
    section.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Name: This field is required.")
    expect(section.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    assert not Registration.objects.exists()

    page.get_by_role("link", name="Name: This field is required.").click()
    expect(section.get_by_label("Name")).to_be_focused()
    page.keyboard.type("Anna Novak")
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type("anna.novak@probation.example")
    page.keyboard.press("Tab")
    page.keyboard.type("Slovenian Probation Service")
    page.get_by_label("Country").select_option(label="Slovenia")
    page.get_by_label("My organisation is a CEP member").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Send me reminders before the event")).to_be_focused()
    page.keyboard.press("Space")
    # The honeypot is not in the way: the next Tab reaches the button.
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Register")).to_be_focused()
    page.screenshot(path=artifacts_dir / "event-registration-form.png", full_page=True)
    page.keyboard.press("Enter")

    # No place until the address's owner confirms from the e-mail.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert Registration.objects.get().status == Registration.Status.PENDING
    page.screenshot(path=artifacts_dir / "event-registration-sent.png", full_page=True)
    wait_for(lambda: smtp_sink.to("anna.novak@probation.example"))
    (link_message,) = smtp_sink.to("anna.novak@probation.example")
    assert link_message["Subject"] == "Confirm your registration: Webinar on risk assessment"
    link = re.search(r"Confirm your registration: (\S+)", link_message.get_body(("plain",)).get_content())[1]
    page.goto(demo_live_server.url + urlsplit(link).path)
    expect(page.locator(".registration-status")).to_have_text("Waiting for you to confirm: no place is held yet")
    page.get_by_role("button", name="Confirm my registration").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    expect(page.locator(".registration-status")).to_have_text("Confirmed: your place is booked")
    expect(page.get_by_role("link", name="Join online")).to_have_attribute("href", ONLINE_LINK)
    page.screenshot(path=artifacts_dir / "event-registrant-page.png", full_page=True)

    registration = Registration.objects.get()
    assert (registration.name, registration.country, registration.is_member, registration.reminders_consent) == (
        "Anna Novak",
        "SI",
        True,
        True,
    )
    # The confirmation went through a real SMTP server on loopback, with the calendar file attached.
    wait_for(lambda: len(smtp_sink.to("anna.novak@probation.example")) == 2)
    _link_message, message = smtp_sink.to("anna.novak@probation.example")
    assert message["Subject"] == "You are registered: Webinar on risk assessment"
    assert registration.token in message.get_body(preferencelist=("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert f"UID:{event.calendar_uid}@cep-probation.org" in attachment.get_content()


@pytest.mark.parametrize("width", [375, 1280])
def test_registration_pages_have_no_accessibility_violations(
    page: Page, demo_live_server, event_on_the_live_server, width
):
    event = event_on_the_live_server
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    page.goto(f"{demo_live_server.url}{event.url}")
    page.locator("#register").get_by_role("button", name="Register").click()  # the page with its errors
    expect(page.get_by_role("alert")).to_be_visible()
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"event page with errors at {width}px:\n{results.generate_report()}"

    page.goto(f"{demo_live_server.url}{event.url}register/sent/")
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"check-your-inbox page at {width}px:\n{results.generate_report()}"

    pending = Registration.objects.create(
        event=event, name="Ana Pending", email="ana@probation.example", status="pending", confirm_by=event.end
    )
    page.goto(f"{demo_live_server.url}{event.url}registration/{pending.token}/")
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"registrant page to confirm at {width}px:\n{results.generate_report()}"

    registration = Registration.objects.create(event=event, name="Anna Novak", email="anna@probation.example")
    page.goto(f"{demo_live_server.url}{event.url}registration/{registration.token}/")
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"registrant page at {width}px:\n{results.generate_report()}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
