"""The public face against its layout targets: no sideways scrolling at any width, a home page of bounded height.

Every public page type, with the site as a new install has it (`load_demo_content`), at 320, 375, 768 and 1280 px:
`document.documentElement.scrollWidth` must not exceed the window's width. The home page, scrolled through so lazy
images are in, must be at most 4,500 px tall at 1280 px and 9,000 px at 375 px. The figures are printed and kept as
junit properties (`layout`, `home_height`).

`test_screenshots` (marker `screenshots`, deselected by default; `make screenshots`) writes full-page pictures of the
same pages at 375, 768 and 1280 px to test-artifacts/screenshots/.

The pages come from the database by their page models, not from slugs (the standard page is the first in the tree,
About Us). `.ci/lighthouse` audits the same list: it calls `public_pages` through `manage.py shell`, so that function
needs nothing but Django and the database.
"""

import time
from urllib.parse import quote

import pytest

from django.urls import reverse

from wagtail.models import Page as WagtailPage
from wagtail.models import PageViewRestriction, get_page_models

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 375, 768, 1280)
SCREENSHOT_WIDTHS = (375, 768, 1280)
WINDOW_HEIGHT = 900
HOME_HEIGHT_LIMITS = {1280: 4_500, 375: 9_000}
NOT_FOUND_PATH = "/no-such-page-for-the-layout-test/"

# Each public page type in the order the report shows them: a name, the page model, and the route of the page's own
# (RoutablePageMixin) when the page type is one of its views.
PAGE_TYPES = [
    ("home", "HomePage", None),
    ("standard page", "StandardPage", None),
    ("news index", "NewsIndexPage", None),
    ("news page", "NewsPage", None),
    ("event index", "EventIndexPage", None),
    ("event page", "EventPage", None),
    ("topic index", "TopicIndexPage", None),
    ("topic page", "TopicPage", None),
    ("project index", "ProjectIndexPage", None),
    ("project page", "ProjectPage", None),
    ("resource index", "ResourceIndexPage", None),
    ("resource page", "ResourcePage", None),
    ("expert group index", "ExpertGroupIndexPage", None),
    ("expert group page", "ExpertGroupPage", None),
    ("membership page", "MembershipPage", None),
    ("member directory", "MembershipPage", "directory"),
    ("apply form", "MembershipPage", "apply"),
    ("newsletter archive", "NewsletterIndexPage", None),
    ("newsletter issue", "NewsletterIssuePage", None),
    ("contact page", "ContactPage", None),
    ("vacancy index", "VacancyIndexPage", None),
    ("vacancy page", "VacancyPage", None),
    ("country index", "CountryIndexPage", None),
    ("country profile", "CountryPage", None),
    ("country comparison", "CountryIndexPage", "compare"),
    ("governance page", "GovernancePage", None),
    ("annual report index", "AnnualReportIndexPage", None),
    ("annual report", "AnnualReportPage", None),
    ("award page", "AwardPage", None),
    ("award nomination form", "AwardPage", "nominate"),
    ("award winners", "AwardPage", "winners"),
]
# Page types whose pages are behind a login: not the public face.
MEMBERS_ONLY = {"MembersAreaPage", "MembersCallPage", "GeneralAssemblyIndexPage", "GeneralAssemblyPage"}


def public_pages() -> list[tuple[str, str, int]]:
    """Every public page type: (name, path, the status it answers with), from the pages in the database.

    Fails, naming them, when the database has no public page of a type in `PAGE_TYPES`, or has public pages of a type
    missing from it (a new page type is measured too, once it is added there).
    """
    models = {model.__name__: model for model in get_page_models()}
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    first = {}
    for page in WagtailPage.objects.live().filter(depth__gt=1).specific().order_by("path"):
        if any(page.path.startswith(prefix) for prefix in restricted):
            continue
        first.setdefault(type(page).__name__, page)

    problems = []
    no_model = sorted({model for _name, model, _route in PAGE_TYPES} - models.keys())
    if no_model:
        problems.append(f"no page model is named {', '.join(no_model)}")
    no_page = sorted({model for _name, model, _route in PAGE_TYPES} - first.keys() - set(no_model))
    if no_page:
        problems.append(f"the database has no live, public page of type {', '.join(no_page)}")
    not_listed = sorted(first.keys() - {model for _name, model, _route in PAGE_TYPES} - MEMBERS_ONLY)
    if not_listed:
        problems.append(f"public pages of type {', '.join(not_listed)} are not in PAGE_TYPES; add them there")
    assert not problems, "the public page types to measure are not all there: " + "; ".join(problems)

    pages = []
    for name, model, route in PAGE_TYPES:
        page = first[model]
        path = page.url if route is None else page.url + page.reverse_subpage(route)
        pages.append((name, path, 200))
    search = reverse("search")
    pages += [
        ("search results", f"{search}?q=probation", 200),
        ("search with no results", f"{search}?q={quote('qwxzvyk')}", 200),
        ("log in", reverse("account_login"), 200),
        ("404", NOT_FOUND_PATH, 404),
    ]
    return pages


# What the page measures of itself once loaded and its fonts are in; `offenders` are the outermost elements that
# reach past the window's right edge, for the failure message.
MEASURE = """async () => {
    await document.fonts.ready;
    const root = document.documentElement;
    const width = window.innerWidth;
    const offenders = [];
    if (root.scrollWidth > width) {
        const outside = (el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 0.5;
        };
        for (const el of document.body.querySelectorAll("*")) {
            if (!outside(el) || (el.parentElement && el.parentElement !== document.body && outside(el.parentElement))) {
                continue;
            }
            const box = el.getBoundingClientRect();
            const classes = typeof el.className === "string" && el.className.trim()
                ? "." + el.className.trim().split(/\\s+/).join(".") : "";
            offenders.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}`
                + ` (${Math.round(box.left)}..${Math.round(box.right)}px)`);
            if (offenders.length === 5) break;
        }
    }
    return {scrollWidth: root.scrollWidth, scrollHeight: root.scrollHeight, offenders};
}"""

# Scrolls down half a window at a time, so lazy images start loading, waits for every image, and goes back up.
SCROLL_THROUGH = """async () => {
    const pause = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 30)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
        window.scrollTo(0, y);
        await pause();
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
    await pause();
    await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
    window.scrollTo(0, 0);
    await pause();
}"""


def visit(page, base_url: str, name: str, path: str, status: int) -> None:
    response = page.goto(base_url + path)
    assert response is not None and response.status == status, (
        f"{name} ({path}) answered {response and response.status}, not {status}"
    )


def test_no_page_scrolls_sideways_and_the_home_page_stays_short(
    browser, browser_context_args, live_server, live_server_gate, full_demo_site, record_property
):
    started = time.monotonic()
    pages = public_pages()
    home_path = pages[0][1]
    widths = {name: {} for name, _path, _status in pages}
    heights = {}
    problems = []
    live_server_gate.open()
    try:
        for width in WIDTHS:
            context = browser.new_context(
                **browser_context_args, viewport={"width": width, "height": WINDOW_HEIGHT}, service_workers="block"
            )
            try:
                page = context.new_page()
                for name, path, status in pages:
                    visit(page, live_server.url, name, path, status)
                    measured = page.evaluate(MEASURE)
                    widths[name][width] = measured["scrollWidth"]
                    if measured["scrollWidth"] > width:
                        problems.append(
                            f"{name} ({path}) is {measured['scrollWidth']}px wide in a {width}px window; "
                            f"past the edge: {', '.join(measured['offenders']) or 'nothing found'}"
                        )
                if width in HOME_HEIGHT_LIMITS:
                    visit(page, live_server.url, "home", home_path, 200)
                    page.evaluate(SCROLL_THROUGH)
                    heights[width] = page.evaluate(MEASURE)["scrollHeight"]
                    if heights[width] > HOME_HEIGHT_LIMITS[width]:
                        problems.append(
                            f"the home page is {heights[width]}px tall at {width}px; "
                            f"at most {HOME_HEIGHT_LIMITS[width]}px"
                        )
            finally:
                context.close()
    finally:
        live_server_gate.shut()

    for name, path, _status in pages:
        record_property("layout", {"page": name, "path": path, **{f"{w}px": widths[name][w] for w in WIDTHS}})
    record_property("home_height", {f"{w}px": heights[w] for w in HOME_HEIGHT_LIMITS})
    print("\ndocument scrollWidth by window width (px)")
    print(f"{'page':<22} {'path':<48}" + "".join(f"{w:>7}" for w in WIDTHS))
    for name, path, _status in pages:
        print(f"{name:<22} {path:<48}" + "".join(f"{widths[name][w]:>7}" for w in WIDTHS))
    print(
        "home page height: "
        + ", ".join(f"{heights[w]}px at {w}px (limit {limit})" for w, limit in HOME_HEIGHT_LIMITS.items())
    )
    print(f"{len(pages)} pages at {len(WIDTHS)} widths in {time.monotonic() - started:.1f}s")
    assert not problems, "the layout misses its targets:\n" + "\n".join(problems)


@pytest.mark.screenshots
def test_screenshots(browser, browser_context_args, live_server, live_server_gate, full_demo_site, artifacts_dir):
    """Full-page pictures of every public page type at phone, tablet and desktop widths, for a person to look at."""
    folder = artifacts_dir / "screenshots"
    folder.mkdir(exist_ok=True)
    pages = public_pages()
    live_server_gate.open()
    try:
        for width in SCREENSHOT_WIDTHS:
            context = browser.new_context(
                **browser_context_args, viewport={"width": width, "height": WINDOW_HEIGHT}, service_workers="block"
            )
            try:
                page = context.new_page()
                for name, path, status in pages:
                    visit(page, live_server.url, name, path, status)
                    page.evaluate(SCROLL_THROUGH)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=folder / f"{name.replace(' ', '-')}-{width}.png", full_page=True)
            finally:
                context.close()
    finally:
        live_server_gate.shut()
    print(f"\n{len(pages) * len(SCREENSHOT_WIDTHS)} screenshots in {folder}")
