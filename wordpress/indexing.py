"""Wagtail's search index and reference index, updated once per imported page rather than on each of its saves.

Wagtail updates both on every save of a page, and an import saves each page three times (added to the tree, given
a revision, published) and sometimes a fourth (moved to its menu order). During an import the page models' own
updates are switched off and the importer indexes each page once, after its last save, in the page's savepoint.
"""

import contextlib

from django.db.models.signals import post_save

from wagtail.models import Page, ReferenceIndex
from wagtail.search import index
from wagtail.search.signal_handlers import post_save_signal_handler as update_search_index_on_save
from wagtail.signal_handlers import update_reference_index_on_save


@contextlib.contextmanager
def indexed_once_per_page(page_models):
    switched_off = []
    for model in page_models:
        for handler in (update_search_index_on_save, update_reference_index_on_save):
            if post_save.disconnect(handler, sender=model):
                switched_off.append((handler, model))
    try:
        yield
    finally:
        for handler, model in switched_off:
            post_save.connect(handler, sender=model)


def index_page(page: Page) -> None:
    """What Wagtail's tasks do after a save: the page as it now is in the database, searchable and its references
    known."""
    saved = type(page).objects.get(pk=page.pk)
    index.insert_or_update_object(saved)
    if ReferenceIndex.is_indexed(type(saved)):
        ReferenceIndex.create_or_update_for_object(saved)
