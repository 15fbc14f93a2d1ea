from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "CEP Award"

    def ready(self):
        from . import signal_handlers  # noqa: F401  (connects the receivers)
