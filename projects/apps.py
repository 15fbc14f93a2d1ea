from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects"

    def ready(self):
        from core import page_cache

        # The project index's filters (projects/queries.py).
        page_cache.vary_on_query("status", "topic")
