from django.apps import AppConfig


class CepSiteConfig(AppConfig):
    name = "cep_site"
    verbose_name = "CEP site"
