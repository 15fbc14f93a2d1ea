from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app builds on. Its label is the project's old app label, so that its tables, content types,
    permissions and migrations stay as they were when the project package held it (docs/architecture.md)."""

    name = "core"
    label = "cep_site"
    verbose_name = "CEP site"

    def ready(self):
        from . import page_cache

        page_cache.connect()
        # Search, and the page number of every paginated listing.
        page_cache.vary_on_query("q", "type", "page")
