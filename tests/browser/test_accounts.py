import re

import pytest
from playwright.sync_api import Page, expect

from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-passphrase-for-tests"


def test_a_visitor_signs_up_confirms_their_address_logs_in_and_out_with_the_keyboard(
    page: Page, demo_live_server, artifacts_dir
):
    page.goto(demo_live_server.url)
    page.get_by_role("link", name="Log in").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_role("link", name="Sign up").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    page.get_by_label("Email").focus()
    page.keyboard.type("jan.novak@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    # The live server runs in this process, so its mail lands in the locmem outbox.
    (message,) = mail.outbox
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(f"{demo_live_server.url}{confirm_path}")
    expect(page.get_by_text("jan.novak@example.org")).to_be_visible()
    page.get_by_role("button", name="Confirm").focus()
    page.keyboard.press("Enter")

    # A wrong password: the error summary takes the focus without any script.
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("Email").focus()
    page.keyboard.type("jan.novak@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The email address and/or password you specified are not correct.")
    page.screenshot(path=artifacts_dir / "accounts-login-error.png", full_page=True)

    page.get_by_label("Password").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # Logging in leads to the account page (LOGIN_REDIRECT_URL).
    expect(page).to_have_url(f"{demo_live_server.url}/account/")
    log_out = page.get_by_role("button", name="Log out")
    expect(log_out).to_be_visible()

    log_out.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_live_server.url}/")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
