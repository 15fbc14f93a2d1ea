"""A nomination in a real browser, from the public form with a PDF to the jury's list in the admin; axe on the way."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from django.contrib.auth.models import Group

from core.roles import AWARD_JURY, roles_sync
from tests.awards.factories import AwardCallFactory, AwardCategoryFactory, AwardPageFactory, in_days
from tests.browser.test_accessibility import violations
from tests.core.factories import publish
from tests.members.factories import TINY_PDF, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-tests"
JUROR = "juror@cep-probation.org"


@pytest.fixture
def award(demo_live_server, demo_site, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    page = publish(AwardPageFactory(parent=demo_site))
    AwardCategoryFactory(page=page, name="Probation research", description="Research that changed practice.")
    AwardCallFactory(page=page, year=2027, closes_on=in_days(30))
    return page


def test_a_nomination_sent_with_a_pdf_reaches_the_jurys_list(
    page: Page, browser: Browser, demo_live_server, award, artifacts_dir, tmp_path
):
    site = demo_live_server.url
    evaluation = tmp_path / "evaluation.pdf"
    evaluation.write_bytes(TINY_PDF)
    axe = Axe()
    reports = []

    page.goto(f"{site}{award.url}")
    reports += violations(page, axe, "the award page")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Nominate now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nominate for the CEP Award 2027")
    page.get_by_role("button", name="Send the nomination").click()
    expect(page.get_by_role("heading", name="There is a problem with 7 answers")).to_be_visible()
    reports += violations(page, axe, "the nomination form submitted empty")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Nominee", exact=True).fill("You Matter Too (UM2)")
    page.get_by_label("Organisation", exact=True).fill("Probation and Mediation Service")
    page.get_by_label("Country", exact=True).select_option(label="Czechia")
    page.get_by_label("Category", exact=True).select_option(label="Probation research")
    page.get_by_label("Why this nominee?").fill("A restorative programme that now runs in thirteen prisons. " * 3)
    page.get_by_label("Supporting document (PDF)").set_input_files(evaluation)
    page.get_by_label("Your name").fill("Jana Nováková")
    page.get_by_label("Your e-mail address").fill("jana@probation.example")
    page.screenshot(path=artifacts_dir / "award-nomination-form.png", full_page=True)
    page.get_by_role("button", name="Send the nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your nomination")

    page.goto(f"{site}{award.url}winners/")
    reports += violations(page, axe, "the winners page")
    assert not reports, "\n\n".join(reports)

    # A member of the jury finds it in the admin, in a browser of their own.
    roles_sync()
    juror = UserFactory(email=JUROR)
    juror.set_password(PASSWORD)
    juror.save()
    juror.groups.set([Group.objects.get(name=AWARD_JURY)])
    jury_context = browser.new_context()
    jury = jury_context.new_page()
    jury.goto(f"{site}/admin/")
    jury.get_by_label("E-mail address").fill(JUROR)
    jury.get_by_label("Password").fill(PASSWORD)
    jury.get_by_role("button", name="Sign in").click()
    jury.get_by_role("button", name="CEP Award").click()
    jury.get_by_role("link", name="Nominations").click()
    expect(jury.get_by_role("heading", level=1)).to_contain_text("Nominations")
    jury.get_by_role("link", name="You Matter Too (UM2)").click()
    expect(jury.get_by_text("A restorative programme that now runs in thirteen prisons.").first).to_be_visible()
    with jury.expect_download() as download:
        jury.get_by_role("link", name="Supporting document (PDF)").click()
    assert download.value.path().read_bytes() == TINY_PDF
    jury.get_by_role("combobox", name="Status").select_option(label="Shortlisted")
    jury.screenshot(path=artifacts_dir / "award-jury-review.png", full_page=True)
    jury.get_by_role("button", name="Save").click()
    expect(jury.get_by_role("heading", level=1)).to_contain_text("Nominations")
    expect(jury.get_by_role("row", name="You Matter Too (UM2)")).to_contain_text("Shortlisted")
    jury_context.close()
