from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from core import page_cache

        from . import signal_handlers

        signal_handlers.connect()
        # The event listings' filters (events/queries.py, EventFilters).
        page_cache.vary_on_query("kind", "topic", "year")
