"""Reads of the governance pages: who is on the Board and in the secretariat today, the assemblies, the reports.

Each list is one query (two with the pictures' renditions), whatever its length.
"""

from django.db.models import Count, Prefetch
from django.utils import timezone

from wagtail.images import get_image_model

from core.images import CARD_IMAGE, renditions
from core.visibility import public, unrestricted

from .models import AnnualReportPage, GeneralAssemblyIndexPage, GeneralAssemblyPage, GovernancePage

PORTRAIT_IMAGE = "fill-{96x96,192x192}|format-{webp,jpeg}"


def governance_page_content(page: GovernancePage) -> dict:
    """The governance page's sections: the current Board and secretariat, the former Board members (last to leave
    first), the current statutes and the earlier versions, and the child pages it leads to."""
    today = timezone.localdate()
    photos = get_image_model().objects.prefetch_renditions(*renditions(PORTRAIT_IMAGE))
    people = page.people.prefetch_related(Prefetch("photo", queryset=photos)).order_by("sort_order", "pk")
    board, secretariat, former_board = [], [], []
    for person in people:
        if person.is_current(today):
            (board if person.on_board else secretariat).append(person)
        elif person.on_board and person.term_start <= today:
            former_board.append(person)
    former_board.sort(key=lambda person: person.term_end, reverse=True)
    statutes = list(page.statutes.select_related("document").order_by("-adopted_on", "-pk"))
    # The child pages are linked, restricted ones too: the list says which are for members only.
    children = page.get_children().live().specific().order_by("path")
    return {
        "board": board,
        "secretariat": secretariat,
        "former_board": former_board,
        "current_statutes": statutes[0] if statutes else None,
        "earlier_statutes": statutes[1:],
        "sections": [(child, not unrestricted(child)) for child in children],
    }


def assemblies_for_listing(index: GeneralAssemblyIndexPage) -> list[GeneralAssemblyPage]:
    """The live assemblies under the index, the newest first, each with how many documents it has. One query."""
    assemblies = GeneralAssemblyPage.objects.child_of(index).live().annotate(document_count=Count("documents"))
    return list(assemblies.order_by("-date", "-pk"))


def reports_for_listing(index) -> list[AnnualReportPage]:
    """The live, public annual reports under the index, the newest year first, with their PDFs and covers."""
    covers = get_image_model().objects.prefetch_renditions(*renditions(CARD_IMAGE))
    reports = public(AnnualReportPage.objects.child_of(index).live())
    return list(
        reports.select_related("report").prefetch_related(Prefetch("cover_image", queryset=covers)).order_by("-year")
    )
