from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self):
        from core import page_cache

        # The news listing's filters (news/queries.py, NewsFilters).
        page_cache.vary_on_query("category", "type", "topic", "year")
