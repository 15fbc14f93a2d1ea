from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = "Probation in Europe"

    def ready(self):
        from core import page_cache

        # The comparison's two countries (countries/forms.py, CompareForm).
        page_cache.vary_on_query("a", "b")
