"""Pages of a WordPress export as standard pages, in WordPress's hierarchy and menu order."""

import pytest

from wagtail.models import Page

from core.models import StandardPage
from tests.wordpress.test_import_posts import import_wordpress
from tests.wordpress.wxr_builder import Post, write

pytestmark = pytest.mark.django_db


def page(post_id, title, menu_order=0, parent=0, **fields):
    return Post(
        post_id=post_id,
        post_type="page",
        title=title,
        slug=title.lower().replace(" ", "-"),
        menu_order=menu_order,
        parent=parent,
        content=f"About {title}.",
        **fields,
    )


def titles(parent):
    return [child.title for child in Page.objects.child_of(parent)]


def test_pages_keep_their_hierarchy_and_menu_order_under_the_parent_chosen(tmp_path, demo_site):
    about = StandardPage.objects.get(slug="about-us")
    export = write(
        tmp_path,
        # A child before its parent in the file, and siblings out of menu order.
        page(12, "Secretariat", menu_order=2, parent=10),
        page(10, "Who we are", menu_order=1),
        page(11, "Board", menu_order=1, parent=10),
        page(9, "History", menu_order=0),
        page(13, "Statutes", menu_order=3, excerpt="The rules of CEP."),
    )

    import_wordpress(export, "--parent", "/about-us/")

    assert titles(about) == ["History", "Who we are", "Statutes"]
    who_we_are = StandardPage.objects.get(title="Who we are")
    assert titles(who_we_are) == ["Board", "Secretariat"]
    statutes = StandardPage.objects.get(title="Statutes")
    assert (statutes.introduction, statutes.live, statutes.url) == ("The rules of CEP.", True, "/about-us/statutes/")
    assert [block.block.get_prep_value(block.value) for block in statutes.body] == ["<p>About Statutes.</p>"]


def test_a_page_whose_parent_is_not_in_the_export_is_skipped_with_the_reason(tmp_path, demo_site):
    output = import_wordpress(write(tmp_path, page(20, "Orphan", parent=99)), "--parent", str(demo_site.pk))

    assert not StandardPage.objects.filter(title="Orphan").exists()
    assert "skipped 1: its parent page 99 was not imported" in output


def test_a_second_run_moves_nothing_and_creates_nothing(tmp_path, demo_site):
    export = write(tmp_path, page(10, "Who we are", menu_order=1), page(11, "Board", parent=10))
    import_wordpress(export)
    pages = sorted(StandardPage.objects.values_list("pk", "path"))

    output = import_wordpress(export)

    assert sorted(StandardPage.objects.values_list("pk", "path")) == pages
    assert next(line for line in output.splitlines() if line.startswith("page")).split() == [
        "page", "0", "0", "2", "0", "0"
    ]  # fmt: skip


def test_a_page_moved_in_wordpress_is_moved_on_the_next_run(client, tmp_path, demo_site):
    about = StandardPage.objects.get(slug="about-us")
    import_wordpress(
        write(tmp_path, page(9, "History", menu_order=1), page(10, "Who we are", menu_order=2), page(11, "Board", 3)),
        "--parent",
        "/about-us/",
    )
    assert titles(about) == ["History", "Who we are", "Board"]

    # In WordPress since: History's menu order now puts it last, Board went under Who we are.
    output = import_wordpress(
        write(
            tmp_path,
            page(9, "History", menu_order=5),
            page(10, "Who we are", menu_order=2),
            page(11, "Board", menu_order=3, parent=10),
        ),
        "--parent",
        "/about-us/",
    )

    assert titles(about) == ["Who we are", "History"]
    assert titles(StandardPage.objects.get(title="Who we are")) == ["Board"]
    assert client.get("/about-us/who-we-are/board/").status_code == 200
    assert client.get("/about-us/board/")["Location"] == "/about-us/who-we-are/board/"  # Wagtail's redirect on a move
    assert next(line for line in output.splitlines() if line.startswith("page")).split() == [
        "page", "0", "2", "1", "0", "0"
    ]  # fmt: skip
