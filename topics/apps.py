from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "Topics"

    def ready(self):
        from core import page_cache

        # The resource library's search and filters (topics/queries.py).
        page_cache.vary_on_query("q", "type", "language", "topic")
