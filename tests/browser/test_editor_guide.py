"""The editor guide (docs/editors.md), walked in Chromium at 1280 px, each task by the role that owns it.

Each test does what a section of the guide says, on the demo content, and takes the guide's screenshots on the way:
into test-artifacts/editor-guide/, or into the folder EDITOR_GUIDE_SCREENSHOTS names (`make editor-guide` refreshes
docs/editors/ with them).
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from dateutil.rrule import MONTHLY, TH, rrule
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.roles import EDITORS, EVENTS_TEAM, MEMBERSHIP_SECRETARY, MODERATORS, NEWSLETTER_EDITOR, roles_sync
from events.models import EventPage
from fees.models import Invoice, money
from members.models import MembershipApplication
from news.models import NewsIndexPage, NewsPage
from newsletter.drafting import issue_draft
from newsletter.models import IssueSending, Subscriber
from tests.helpers import wait_for
from tests.newsletter.factories import SubscriberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-staff"
VISITOR = "anna.novak@probation.example"
TESTER = "communications@cep-probation.org"
TITLE = "Practitioners Share Their Practice in Lisbon"
GUIDE_VIEWPORT = {"width": 1280, "height": 800}
# Who does each job in the guide's pictures.
PEOPLE = {
    EDITORS: ("Eva", "Lindqvist"),
    MODERATORS: ("Marc", "Dubois"),
    EVENTS_TEAM: ("Sofia", "Marques"),
    MEMBERSHIP_SECRETARY: ("Jan", "Novak"),
    NEWSLETTER_EDITOR: ("Niamh", "Byrne"),
}


@pytest.fixture
def screenshots_dir(artifacts_dir):
    folder = Path(os.environ.get("EDITOR_GUIDE_SCREENSHOTS") or artifacts_dir / "editor-guide")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def staff(browser, live_server, full_demo_site, live_server_gate, screenshots_dir):
    """Opens a browser of its own for a person in a role, logged in to the admin; `staff.shot(page, name)` takes a
    screenshot for the guide."""
    roles_sync()  # the flush of a transactional test empties the groups that migrate made
    contexts = []

    class Staff:
        url = live_server.url

        @staticmethod
        def log_in(role: str) -> Page:
            email = f"{role.lower().replace(' ', '.')}@cep-probation.org"
            first_name, last_name = PEOPLE[role]
            person = get_user_model().objects.create_user(
                email=email, password=PASSWORD, first_name=first_name, last_name=last_name
            )
            person.groups.set([Group.objects.get(name=role)])
            context = browser.new_context(viewport=GUIDE_VIEWPORT, reduced_motion="reduce")
            contexts.append(context)
            page = context.new_page()
            page.goto(f"{live_server.url}/admin/")
            page.get_by_label("E-mail address").fill(email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("button", name=first_name, exact=True)).to_be_visible()  # the account menu
            return page

        @staticmethod
        def menu(page: Page, *labels: str) -> None:
            """Follows the admin's main menu: a section, then an item in it."""
            menu = page.get_by_role("navigation", name="Main menu")
            *sections, item = labels
            for section in sections:
                menu.get_by_role("button", name=section).click()
            menu.get_by_role("link", name=item, exact=True).click()

        @staticmethod
        def visitor() -> Page:
            context = browser.new_context(viewport=GUIDE_VIEWPORT, reduced_motion="reduce")
            contexts.append(context)
            return context.new_page()

        @staticmethod
        def shot(page: Page, name: str) -> None:
            page.wait_for_timeout(300)  # the admin's messages slide in
            page.screenshot(path=screenshots_dir / f"{name}.png")

    live_server_gate.open()
    yield Staff
    live_server_gate.shut()
    for context in contexts:
        context.close()


def test_an_editor_writes_a_news_item_and_a_moderator_publishes_it(staff):
    news_index = NewsIndexPage.objects.get()
    editor = staff.log_in(EDITORS)
    editor.goto(f"{staff.url}/admin/pages/{news_index.pk}/")
    editor.get_by_role("link", name="Add child page").first.click()
    expect(editor.get_by_role("textbox", name="Title")).to_be_visible()
    editor.get_by_role("textbox", name="Title").fill(TITLE)
    editor.get_by_role("textbox", name="Teaser").fill(
        "Probation services from twelve countries met in Lisbon to compare their practice."
    )
    editor.get_by_role("combobox", name="Type").select_option(label="Announcement")
    editor.get_by_role("checkbox", name="Probation in Europe").check()
    editor.get_by_role("checkbox", name="Electronic Monitoring").check()
    body = editor.locator("[data-contentpath=body]")
    body.get_by_role("button", name="Insert a block").first.click()
    editor.get_by_role("option", name="Heading").click()
    body.get_by_role("textbox", name="Text").fill("What the participants agreed")
    body.get_by_role("combobox", name="Level").select_option(label="Sub-heading (h3)")
    staff.shot(editor, "news-form")
    editor.locator('[data-side-panel-toggle="checks"]').click()
    # Wagtail's accessibility checks run on the preview: a sub-heading straight under the title skips a level.
    expect(editor.get_by_text("Incorrect heading hierarchy")).to_be_visible(timeout=15_000)
    staff.shot(editor, "news-checks")
    body.get_by_role("combobox", name="Level").select_option(label="Section heading (h2)")
    # The preview shows the change, and the checks, run again on it, find nothing.
    editor.locator('[data-side-panel-toggle="preview"]').click()
    preview = editor.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=2, name="What the participants agreed")).to_be_attached(timeout=15_000)
    editor.locator('[data-side-panel-toggle="checks"]').click()
    expect(editor.get_by_text("Incorrect heading hierarchy")).to_be_hidden(timeout=15_000)
    editor.get_by_role("button", name="More actions").click()
    staff.shot(editor, "news-submit")
    editor.get_by_role("button", name="Submit to Communications review").click()
    expect(editor.get_by_text("has been submitted")).to_be_visible()

    moderator = staff.log_in(MODERATORS)
    review = moderator.get_by_role("region", name="Awaiting your review")
    expect(review.get_by_text(TITLE)).to_be_visible()
    staff.shot(moderator, "moderator-dashboard")
    review.get_by_role("button", name="Actions").click()
    staff.shot(moderator, "moderator-actions")
    review.get_by_role("button", name="Approve", exact=True).click()
    recently_edited = moderator.get_by_role("region", name="Recently edited pages")
    expect(recently_edited.get_by_role("row").filter(has_text=TITLE)).to_contain_text("Live")
    moderator.goto(f"{staff.url}{NewsPage.objects.get(title=TITLE).url}")
    expect(moderator.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_the_events_team_sets_up_a_webinar_series_for_the_review(staff):
    first = next(iter(rrule(MONTHLY, byweekday=TH(3), dtstart=timezone.localdate() + timedelta(days=1), count=1)))
    events_team = staff.log_in(EVENTS_TEAM)
    staff.menu(events_team, "Events", "Event series")
    events_team.get_by_role("link", name="Add event series").first.click()
    events_team.get_by_role("textbox", name="Title").fill("CEP Practitioner Webinars")
    events_team.get_by_role("textbox", name="Description").fill("Lunchtime webinars on the third Thursday.")
    events_team.get_by_role("textbox", name="Recurrence rule").fill("FREQ=MONTHLY;BYDAY=3TH;COUNT=3")
    events_team.get_by_role("textbox", name="First start").fill(f"{first:%Y-%m-%d} 12:30")
    events_team.get_by_role("textbox", name="Summary").click()  # away from the date picker, which closes
    events_team.get_by_role("textbox", name="Summary").fill("A one-hour webinar for probation practitioners.")
    events_team.get_by_role("checkbox", name="Electronic Monitoring").check()
    staff.shot(events_team, "series-form")
    expect(events_team.get_by_role("textbox", name="Slug")).to_have_value("cep-practitioner-webinars")
    events_team.get_by_role("button", name="Save").first.click()
    expect(events_team.get_by_text("Created 3 events of CEP Practitioner Webinars and submitted them")).to_be_visible()
    staff.shot(events_team, "series-saved")
    events_team.get_by_role("link", name="See the events").click()
    expect(events_team.get_by_role("link", name=f"CEP Practitioner Webinars: {first:%-d %B %Y}")).to_be_visible()
    staff.shot(events_team, "series-events")


def test_a_visitor_registers_and_the_events_team_exports_the_attendees(staff, smtp_sink):
    event = EventPage.objects.live().filter(takes_registrations=True, start__gt=timezone.now()).order_by("start")[0]
    visitor = staff.visitor()
    visitor.goto(f"{staff.url}{event.url}")
    registration = visitor.locator("#register")
    registration.get_by_label("Name").fill("Anna Novak")
    registration.get_by_label("E-mail address").fill(VISITOR)
    registration.get_by_label("Organisation", exact=True).fill("Slovenian Probation Service")
    registration.get_by_label("Country").select_option(label="Slovenia")
    registration.get_by_role("button", name="Register").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    (message,) = wait_for(lambda: smtp_sink.to(VISITOR))
    link = re.search(r"Confirm your registration: (\S+)", message.get_body(("plain",)).get_content())[1]
    visitor.goto(staff.url + urlsplit(link).path)
    visitor.get_by_role("button", name="Confirm my registration").click()
    expect(visitor.locator(".registration-status")).to_have_text("Confirmed: your place is booked")

    events_team = staff.log_in(EVENTS_TEAM)
    events_team.goto(f"{staff.url}/admin/pages/{event.pk}/edit/")
    events_team.locator("header").get_by_role("button", name="Actions").click()
    staff.shot(events_team, "event-actions")
    events_team.get_by_role("link", name="Registrations").click()
    expect(events_team.get_by_role("link", name="Anna Novak")).to_be_visible()
    staff.shot(events_team, "registrations")
    with events_team.expect_download() as download:
        events_team.get_by_role("link", name="Download CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Anna Novak" in exported and VISITOR in exported


def test_the_newsletter_editor_checks_the_draft_sends_a_test_and_sends_the_issue(staff, smtp_sink):
    issue = issue_draft()  # as the beat's job drafts it at the start of every other month
    readers = {"reader.one@probation.example", "reader.two@probation.example"}
    for reader in readers:
        SubscriberFactory(email=reader, status=Subscriber.Status.CONFIRMED)
    newsletter_editor = staff.log_in(NEWSLETTER_EDITOR)
    staff.menu(newsletter_editor, "Newsletter", "Issues")
    newsletter_editor.get_by_role("link", name=issue.title).first.click()
    staff.shot(newsletter_editor, "newsletter-draft")
    sending = newsletter_editor.get_by_role("region", name="Sending")
    expect(sending).to_contain_text("Not sent yet.")
    sending.get_by_role("link", name="Send test").click()
    newsletter_editor.get_by_label("Send a test to").fill(TESTER)
    staff.shot(newsletter_editor, "newsletter-test")
    newsletter_editor.get_by_role("button", name="Send the test").click()
    expect(newsletter_editor.get_by_text(f"queued for {TESTER}")).to_be_visible()
    (test_message,) = wait_for(lambda: smtp_sink.to(TESTER))
    assert test_message["Subject"] == f"[Test] {issue.title}"

    newsletter_editor.goto(f"{staff.url}/admin/pages/{issue.pk}/edit/")
    newsletter_editor.get_by_role("region", name="Sending").get_by_role("link", name="Send / schedule").click()
    newsletter_editor.get_by_role("button", name="Continue").click()
    expect(newsletter_editor.get_by_role("heading", name="Please confirm")).to_be_visible()
    staff.shot(newsletter_editor, "newsletter-confirm")
    newsletter_editor.get_by_role("button", name="Yes, send it now").click()
    expect(newsletter_editor.get_by_text("Sending has started.")).to_be_visible()
    wait_for(lambda: IssueSending.objects.get(issue_id=issue.pk).status == IssueSending.Status.SENT)
    newsletter_editor.reload()
    expect(newsletter_editor.locator("main")).to_contain_text("Sending progress")
    staff.shot(newsletter_editor, "newsletter-progress")
    assert readers <= set(smtp_sink.recipients())


def test_the_membership_secretary_approves_an_application(staff):
    application = MembershipApplication.objects.filter(decision=MembershipApplication.Decision.PENDING)[0]
    secretary = staff.log_in(MEMBERSHIP_SECRETARY)
    # Their menu holds their work and nothing else.
    menu = secretary.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("listitem")).to_have_text(
        [re.compile("^Membership"), re.compile("^Fees"), re.compile("^Help")]
    )
    staff.shot(secretary, "membership-dashboard")
    staff.menu(secretary, "Membership", "Applications")
    expect(secretary.get_by_role("heading", level=1)).to_contain_text("Membership applications")
    secretary.get_by_role("link", name=application.member.name).click()
    staff.shot(secretary, "membership-application")
    secretary.get_by_role("link", name="Approve (provisional access)").click()
    secretary.get_by_role("button", name="Approve the application").click()
    expect(secretary.get_by_text(f"{application.member.name} is now a provisional member")).to_be_visible()
    application.refresh_from_db()
    assert application.decided_by.email == "membership.secretary@cep-probation.org"


def test_the_membership_secretary_records_a_transfer_against_an_invoice(staff):
    invoice = Invoice.objects.unpaid().filter(paid_total__gt=0).order_by("sequence")[0]
    secretary = staff.log_in(MEMBERSHIP_SECRETARY)
    staff.menu(secretary, "Fees", "Invoices")
    expect(secretary.get_by_role("heading", level=1)).to_contain_text("Invoices")
    staff.shot(secretary, "fees-invoices")
    secretary.get_by_role("link", name=invoice.number, exact=True).click()
    expect(secretary.get_by_text(f"{money(invoice.balance)} still to pay")).to_be_visible()
    staff.shot(secretary, "fees-invoice")
    secretary.get_by_role("link", name="Record a payment").click()
    secretary.get_by_label("Amount (EUR)").fill(f"{invoice.balance:.2f}".replace(".", ","))
    secretary.get_by_label("Reference").fill(f"{invoice.number} SECOND INSTALMENT")
    staff.shot(secretary, "fees-payment")
    secretary.get_by_role("button", name="Record a payment").click()
    expect(secretary.get_by_text(f"invoice {invoice.number} is paid in full")).to_be_visible()
    expect(secretary.get_by_text("Paid in full.", exact=True)).to_be_visible()
    staff.menu(secretary, "Fees", "Yearly renewals")
    staff.shot(secretary, "fees-renewals")
