"""A visitor searches the site for a word that is only inside a PDF, and finds the page that offers it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from tests.browser.test_accessibility import AXE_OPTIONS, WIDTHS
from tests.core.test_document_search import page_linking, pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_finds_a_word_inside_a_pdf_and_names_the_document_and_its_page(
    page: Page, demo_live_server, demo_site, search_index, artifacts_dir
):
    # Saved as an upload is: the file is read at commit (tasks run eagerly here) and the page is indexed with it.
    document = get_document_model().objects.create(
        title="Transfer of probation measures",
        file=ContentFile(
            pdf("Transfer of probation measures", "The issuing State sends the judgment with a certificate."),
            name="transfer.pdf",
        ),
    )
    page_linking(demo_site, document, title="Working across borders", text="What CEP offers.")

    page.goto(demo_live_server.url)
    page.get_by_role("searchbox", name="Search the site").fill("certificate")
    page.get_by_role("searchbox", name="Search the site").press("Enter")

    result = page.locator(".search-result").first
    expect(result.get_by_role("heading", level=2)).to_have_text("Working across borders")
    found = result.locator(".search-result__document")
    expect(found).to_have_text("Found on page 2 of the document “Transfer of probation measures” (PDF)")
    expect(result.locator("mark")).to_have_text("certificate")
    link = found.get_by_role("link", name="“Transfer of probation measures”")
    expect(link).to_have_attribute("href", f"{document.url}#page=2")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts_dir / f"document-search-{width}.png", full_page=True)
        audit = Axe().run(page, options=AXE_OPTIONS)
        assert not audit.violations_count, audit.generate_report()
    served = page.request.get(demo_live_server.url + document.url)
    assert served.headers["content-type"] == "application/pdf"

    result.get_by_role("link", name="Working across borders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working across borders")
