"""axe-core audits of each kind of public page, at phone and desktop widths (WCAG 2.1 A and AA rules)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


@pytest.mark.parametrize("width", [375, 1280])
def test_public_pages_have_no_accessibility_violations(page: Page, demo_live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    for path in ["/", "/about-us/", "/search/?q=probation", "/search/?q=nothingmatches", "/no-such-page/"]:
        page.goto(f"{demo_live_server.url}{path}")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{path} at {width}px:\n{results.generate_report()}"
