"""Becoming a member in a real browser: apply with a statute, confirm the address, staff approve, the account page
and the members' area, which an anonymous visitor does not get into."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from django.contrib.auth import get_user_model
from django.core import mail

from members.area import members_area_restrict
from members.models import MemberOrganisation, MembershipApplication
from tests.members.factories import TINY_PDF, MembersAreaPageFactory, MembersCallPageFactory, MembershipPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-tests"
APPLICANT = "ilse.peeters@probation.example"
ORGANISATION = "Probation Service of Flanders"


@pytest.fixture
def membership_on_the_live_server(demo_live_server, demo_site):
    membership_page = MembershipPageFactory(
        parent=demo_site, how_to_apply="<p>The Board meets in April and October.</p>"
    )
    # The members' area with a call, restricted to the Members group as the admin does when it is created.
    area = MembersAreaPageFactory(parent=membership_page)
    members_area_restrict(area)
    MembersCallPageFactory(parent=area, title="Apply to host the 2027 Electronic Monitoring Conference")
    return membership_page


def test_a_newcomer_applies_is_approved_by_staff_and_sees_their_account_and_the_members_area(
    page: Page, browser: Browser, demo_live_server, membership_on_the_live_server, artifacts_dir, tmp_path
):
    site = demo_live_server.url
    statute = tmp_path / "statute.pdf"
    statute.write_bytes(TINY_PDF)

    # The applicant fills in the form on the membership page.
    page.goto(f"{site}/membership/")
    page.get_by_role("link", name="Apply online").first.click()  # in the page's opening, and again further down
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for membership")
    page.get_by_label("Organisation", exact=True).check()
    page.get_by_label("Name of the organisation").fill(ORGANISATION)
    page.get_by_label("Full member", exact=True).check()
    page.get_by_label("Country").select_option(label="Belgium")
    page.get_by_label("First name").fill("Ilse")
    page.get_by_label("Last name").fill("Peeters")
    page.get_by_label("E-mail address").fill(APPLICANT)
    page.get_by_label("Position").fill("Head of international relations")
    page.get_by_label("Statute (PDF)").set_input_files(statute)
    page.get_by_label("Why do you want to join CEP?").fill("To work with probation services across Europe.")
    # The label also holds the (aria-hidden) asterisk of a required field.
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I agree that CEP keeps these details").check()
    page.screenshot(path=artifacts_dir / "membership-application-form.png", full_page=True)
    page.get_by_role("button", name="Send the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert not MembershipApplication.objects.exists()

    # The link in the e-mail (the live server runs in this process, so its mail lands in the locmem outbox).
    (verification,) = mail.outbox
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", verification.body).group(1)
    page.goto(f"{site}{confirm_path}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    application = MembershipApplication.objects.select_related("member").get()
    assert (application.member.name, application.member.status) == (ORGANISATION, "applied")

    # Staff approve it in the admin, in a browser of their own.
    get_user_model().objects.create_superuser(email="secretariat@cep-probation.org", password=PASSWORD)
    staff_context = browser.new_context()
    staff = staff_context.new_page()
    staff.goto(f"{site}/admin/")
    staff.get_by_label("E-mail address").fill("secretariat@cep-probation.org")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.get_by_role("button", name="Membership").click()
    staff.get_by_role(
        "link", name="Applications", exact=True
    ).click()  # the menu's; the dashboard says "All applications"
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Membership applications")
    staff.get_by_role("link", name=ORGANISATION).click()
    staff.get_by_role("link", name="Approve (provisional access)").click()
    staff.get_by_role("button", name="Approve the application").click()
    expect(staff.get_by_text(f"{ORGANISATION} is now a provisional member")).to_be_visible()
    staff.screenshot(path=artifacts_dir / "membership-application-approved.png", full_page=False)
    staff_context.close()

    # The applicant logs in and lands on their account page.
    page.get_by_label("Email").fill(APPLICANT)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    membership = page.locator("#membership")
    expect(membership).to_contain_text(ORGANISATION)
    expect(membership.locator(".member-status")).to_have_text("Provisional")
    page.screenshot(path=artifacts_dir / "account-page.png", full_page=True)

    # As a (provisional) member they reach the members' area and its calls; an anonymous visitor is sent to log in.
    page.get_by_role("link", name="Go to the members’ area").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members’ area")
    expect(page.get_by_role("link", name="Apply to host the 2027 Electronic Monitoring Conference")).to_be_visible()
    page.screenshot(path=artifacts_dir / "members-area.png", full_page=True)
    anonymous_context = browser.new_context()
    anonymous = anonymous_context.new_page()
    anonymous.goto(f"{site}/membership/members-area/")
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Log in")
    assert "Electronic Monitoring Conference" not in anonymous.content()
    anonymous_context.close()

    # Listed in the directory (staff tick the box in the admin): members see its contact, the public does not.
    MemberOrganisation.objects.filter(name=ORGANISATION).update(listed_in_directory=True)
    page.goto(f"{site}/membership/directory/")
    expect(page.locator(".member-card__contacts")).to_contain_text(APPLICANT)
    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.goto(f"{site}/membership/directory/")
    expect(visitor.get_by_role("heading", name=ORGANISATION)).to_be_visible()
    expect(visitor.locator(".member-card__contacts")).to_have_count(0)
    assert APPLICANT not in visitor.content()
    visitor_context.close()
