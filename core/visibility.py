"""What anonymous visitors may see, without a database query per listing.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is called, so a page with several
listings asks the database the same question several times. Here the paths of the restricted pages are kept in the
cache under the content generation, which moves on whenever a restriction is saved or deleted or a page is moved
(core/page_cache.py), so they are read once per change of content.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from wagtail.models import Page, PageViewRestriction

from core.page_cache import cached_for_generation

RESTRICTED_PATHS_TIMEOUT = 24 * 60 * 60


def restricted_paths() -> list[str]:
    """The tree paths of the pages with a view restriction of any kind (login, password, groups)."""
    return cached_paths("restricted", PageViewRestriction.objects.values_list("page__path", flat=True))


def alias_paths() -> list[str]:
    """The tree paths of alias pages: Wagtail checks the restrictions of an alias's source page instead."""
    return cached_paths("aliases", Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))


def cached_paths(name: str, paths_query) -> list[str]:
    return cached_for_generation(f"visibility:{name}-paths", lambda: sorted(set(paths_query)), RESTRICTED_PATHS_TIMEOUT)


def unrestricted(page) -> bool:
    """Whether no view restriction can apply to `page`: none on it or above it, and no alias on the way."""
    return not any(page.path.startswith(path) for path in (*restricted_paths(), *alias_paths()))


def public(queryset: QuerySet) -> QuerySet:
    """The pages of `queryset` that no view restriction covers: like `.public()`, restricted pages and all below."""
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return queryset.exclude(restricted) if restricted else queryset


def document_restricted_check(document, *, collection_names: str) -> None:
    """Refuse a document from a public collection for a members-only list: anyone with its address could fetch it.

    `collection_names` names the restricted collections the editor should move it to, for the message.
    """
    if document is not None and not document.collection.get_view_restrictions().exists():
        raise ValidationError(
            {
                "document": "This document is in a public collection, so anyone with its address could "
                f"download it. Move it to the {collection_names} collection first."
            }
        )


def index_pages(*models) -> dict:
    """The first live, public page of each index type, by model, in one query; None where there is none yet.

    Hubs and home sections link to the full list of each kind, and a site may not have every index page.
    """
    found = {}
    for page in public(Page.objects.live().type(*models)).order_by("path"):
        found.setdefault(page.specific_class, page)
    return {model: found.get(model) for model in models}
