"""What anonymous visitors may see, without a database query per listing.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is called, so a page with several
listings asks the database the same question several times. Here the paths of the restricted pages are kept in the
cache under the content generation, which moves on whenever a restriction is saved or deleted or a page is moved
(cep_site/page_cache.py), so they are read once per change of content.
"""

from django.core.cache import cache
from django.db.models import Q, QuerySet

from wagtail.models import PageViewRestriction

from cep_site.page_cache import content_generation

RESTRICTED_PATHS_TIMEOUT = 24 * 60 * 60


def restricted_paths() -> list[str]:
    """The tree paths of the pages with a view restriction of any kind (login, password, groups)."""
    key = f"visibility:restricted-paths:{content_generation()}"
    paths = cache.get(key)
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        cache.set(key, paths, RESTRICTED_PATHS_TIMEOUT)
    return paths


def public(queryset: QuerySet) -> QuerySet:
    """The pages of `queryset` that no view restriction covers: like `.public()`, restricted pages and all below."""
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return queryset.exclude(restricted) if restricted else queryset
