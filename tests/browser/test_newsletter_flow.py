"""The newsletter end to end in a real browser, with a real SMTP server on loopback (the issue's "Done when").

A visitor signs up in the home page's newsletter box and confirms from the e-mail; an editor sees them in the admin,
drafts an issue, previews the e-mail, sends a test and sends the issue; each confirmed subscriber gets it once, with
the one-click unsubscribe headers, and the one-click POST works; the issue is in the public archive. Celery runs
eagerly in the live server's thread here; the real-worker path is tests/newsletter/test_sending_worker.py.
"""

import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model
from django.urls import reverse

from newsletter.drafting import issue_draft
from newsletter.models import Delivery, IssueSending, Subscriber
from tests.helpers import wait_for
from tests.newsletter.factories import NewsletterIndexPageFactory, SubscriberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISITOR = "visitor@probation.example"
OTHER = "other.reader@probation.example"
WAITING = "waiting@probation.example"
TESTER = "tester@cep-probation.org"


def on_live_server(live_server, link: str) -> str:
    """A link from an e-mail, pointed at the live server (the e-mail's host is WAGTAILADMIN_BASE_URL's)."""
    parts = urlsplit(link)
    return f"{live_server.url}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def test_sign_up_confirm_draft_preview_test_send_send_unsubscribe_and_archive(
    page: Page, demo_live_server, demo_site, smtp_sink, settings, artifacts_dir
):
    settings.WAGTAILADMIN_BASE_URL = demo_live_server.url
    archive = NewsletterIndexPageFactory(parent=demo_site)

    # --- A visitor signs up in the home page's newsletter box and confirms from the e-mail --------------------
    page.goto(f"{demo_live_server.url}/")
    expect(page.locator("form[action$='/newsletter/subscribe/']")).to_have_count(1)  # the box's; none in the footer
    signup = page.get_by_role("region", name="Subscribe to our bi-monthly email newsletter!")
    signup.get_by_role("textbox", name="E-mail").fill(VISITOR)
    signup.get_by_role("checkbox").check()
    signup.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    (confirmation,) = wait_for(lambda: smtp_sink.to(VISITOR))
    body = confirmation.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/newsletter/confirm/[^/\s]+/", body).group(0)
    page.goto(on_live_server(demo_live_server, link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    assert Subscriber.objects.get(email=VISITOR).status == Subscriber.Status.PENDING  # opening the link is not enough
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    assert Subscriber.objects.get(email=VISITOR).status == Subscriber.Status.CONFIRMED

    SubscriberFactory(email=OTHER, status=Subscriber.Status.CONFIRMED)
    SubscriberFactory(email=WAITING)  # never confirmed: gets nothing

    # --- An editor sees them in the admin ---------------------------------------------------------------------
    get_user_model().objects.create_superuser(email="editor@cep-probation.org", password="a-long-passphrase")
    page.goto(f"{demo_live_server.url}/admin/")
    page.get_by_label("E-mail address").fill("editor@cep-probation.org")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site summary")).to_be_visible()
    page.get_by_role("button", name="Newsletter").click()
    page.get_by_role("link", name="Subscribers", exact=True).click()  # the menu's; the dashboard says "All subscribers"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Newsletter subscribers")
    expect(page.get_by_text(VISITOR)).to_be_visible()
    expect(page.get_by_text(WAITING)).to_be_visible()

    # --- The draft, opened in the editor; the e-mail preview ---------------------------------------------------
    issue = issue_draft()
    assert issue is not None and not issue.live
    page.goto(f"{demo_live_server.url}/admin/pages/{issue.pk}/edit/")
    expect(page.get_by_role("textbox", name="Title")).to_have_value(issue.title)
    page.locator('[data-side-panel-toggle="preview"]').click()  # posts the form for the preview
    page.locator("#id_preview_mode").select_option("email")
    # Opened in a tab of its own: the side panel's frame is refused by the public pages' CSP, which Wagtail's
    # preview request goes through (frame-ancestors 'none').
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview in new tab").click()
    preview = opened.value
    expect(preview.locator('table[role="presentation"]').first).to_be_attached(timeout=15_000)
    expect(preview.get_by_text(issue.title).first).to_be_attached()
    assert "mode=email" in preview.url
    preview.screenshot(path=artifacts_dir / "newsletter-email-preview.png", full_page=False)
    preview.close()

    # --- A test send --------------------------------------------------------------------------------------------
    page.goto(f"{demo_live_server.url}{reverse('newsletter_sending:test', args=[issue.pk])}")
    page.get_by_label("Send a test to").fill(TESTER)
    page.get_by_role("button", name="Send the test").click()
    expect(page.get_by_text(f"queued for {TESTER}")).to_be_visible()
    (test_message,) = wait_for(lambda: smtp_sink.to(TESTER))
    assert test_message["Subject"] == f"[Test] {issue.title}"
    assert {received.to for received in smtp_sink.received} == {VISITOR, TESTER}  # nobody else got the test
    assert not Delivery.objects.exists()

    # --- The sending -------------------------------------------------------------------------------------------
    smtp_sink.clear()
    page.goto(f"{demo_live_server.url}{reverse('newsletter_sending:send', args=[issue.pk])}")
    expect(page.get_by_text("2 subscribers are confirmed now")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Please confirm")).to_be_visible()
    page.get_by_role("button", name="Yes, send it now").click()
    expect(page.get_by_text("Sending has started.")).to_be_visible()
    wait_for(lambda: IssueSending.objects.get(issue_id=issue.pk).status == IssueSending.Status.SENT)
    page.reload()
    expect(page.locator("main")).to_contain_text("Sending progress")

    assert sorted(smtp_sink.recipients()) == sorted([VISITOR, OTHER])  # once each; the waiting address nothing
    message = smtp_sink.to(VISITOR)[0]
    assert message["Subject"] == issue.title
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    assert unsubscribe.startswith(demo_live_server.url)
    assert unsubscribe in message.get_body(("plain",)).get_content()
    other_link = smtp_sink.to(OTHER)[0]["List-Unsubscribe"]
    assert other_link != message["List-Unsubscribe"]  # each subscriber their own link

    # --- One click: what a mail client's unsubscribe button does (RFC 8058), no cookie, no CSRF token ---------
    request = urllib.request.Request(  # noqa: S310 (the live server's http URL)
        on_live_server(demo_live_server, unsubscribe),
        data=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        assert response.status == 200
    assert Subscriber.objects.get(email=VISITOR).status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.get(email=OTHER).status == Subscriber.Status.CONFIRMED

    # --- The public archive ------------------------------------------------------------------------------------
    page.goto(f"{demo_live_server.url}{archive.url}")
    expect(page.get_by_role("link", name=issue.title)).to_be_visible()
    page.get_by_role("link", name=issue.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(issue.title)
