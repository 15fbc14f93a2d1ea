from django.apps import AppConfig


class CepSiteConfig(AppConfig):
    name = "cep_site"
    verbose_name = "CEP site"

    def ready(self):
        from . import page_cache

        page_cache.connect()
