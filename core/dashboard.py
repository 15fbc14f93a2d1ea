"""The CEP dashboard: what each app shows of its work on the admin's home page.

An app adds its panel in its wagtail_hooks.py, with `@hooks.register("construct_homepage_panels")`, when the person
may see what it shows; core imports none of them. Wagtail's own panels stay beside them: pages awaiting your review,
your pages in moderation, your locked pages and your recent edits. Each panel reads what it shows in a fixed number of
queries, however much content there is (tests/core/test_dashboard.py).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


@dataclass(frozen=True)
class Cell:
    """A cell of a panel's table: its text, and where it links to, if anywhere."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Figure:
    """A number a panel leads with: "12 confirmed subscribers"."""

    value: int | str
    label: str
    url: str = ""


class DashboardPanel(Component):
    """A panel of the dashboard: a few figures, a table (`columns`, and `rows` of `Cell`s), the `empty` line when the
    table has no rows, notes (`Cell`s, a line each) and links (label, URL) under it. Subclasses give `name`,
    `heading`, `order` and the parts."""

    template_name = "cep_site/admin/dashboard_panel.html"
    heading = ""
    columns: tuple[str, ...] = ()
    empty = ""

    def figures(self) -> list[Figure]:
        return []

    def rows(self) -> list[list[Cell]]:
        return []

    def notes(self) -> list[Cell]:
        return []

    def links(self) -> list[tuple[str, str]]:
        return []

    def get_context_data(self, parent_context):
        return {
            "panel": self,
            "figures": self.figures(),
            # Each cell with its column's heading, which narrow screens show beside it.
            "rows": [list(zip(self.columns, row, strict=True)) for row in self.rows()],
            "notes": self.notes(),
            "links": self.links(),
        }


def age(moment) -> str:
    """How long ago, in the largest unit: "3 days"."""
    return timesince(moment, timezone.now(), depth=1)


class RecentlyEditedPagesPanel(DashboardPanel):
    """The pages anyone changed last, with who and when: what the team has been doing (Wagtail's own panel shows a
    person their own edits)."""

    name = "cep_recently_edited"
    heading = "Recently edited pages"
    order = 260
    columns = ("Page", "Type", "Status", "Edited by", "When")
    empty = "No page has been edited yet."
    LIMIT = 8

    def rows(self):
        pages = (
            Page.objects.filter(depth__gt=1, latest_revision_created_at__isnull=False)
            .select_related("content_type", "latest_revision__user")
            .order_by("-latest_revision_created_at")[: self.LIMIT]
        )
        return [
            [
                Cell(page.get_admin_display_title(), reverse("wagtailadmin_pages:edit", args=[page.pk])),
                Cell(page.content_type.name.capitalize()),
                Cell(page_status(page)),
                Cell(editor_name(page.latest_revision.user if page.latest_revision else None)),
                Cell(f"{age(page.latest_revision_created_at)} ago"),
            ]
            for page in pages
        ]


def page_status(page) -> str:
    """From the page's own fields: Wagtail's `status_string` asks the database about workflows, page by page."""
    if page.expired:
        return "Expired"
    if not page.live:
        return "Draft"
    return "Live, with a draft" if page.has_unpublished_changes else "Live"


def editor_name(user) -> str:
    if user is None:  # a script (the demo, an import, scheduled publishing), or an account since erased
        return "Not recorded"
    return user.get_full_name() or user.get_username()


def recently_edited_pages_panel(request, panels) -> None:
    if PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"]):
        panels.append(RecentlyEditedPagesPanel())
