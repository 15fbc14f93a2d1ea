from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What every app builds on. Its label is the project's old app label, so that its tables, content types,
    permissions and migrations stay as they were when the project package held it (docs/architecture.md)."""

    name = "core"
    label = "cep_site"
    verbose_name = "CEP site"

    def ready(self):
        from . import page_cache, signal_handlers

        page_cache.connect()
        signal_handlers.connect()
        # Search, and the page number of every paginated listing.
        page_cache.vary_on_query("q", "type", "page")
        post_migrate.connect(roles_after_migrate, dispatch_uid="cep-roles-after-migrate")


def roles_after_migrate(sender, plan=None, **kwargs):
    """Every `migrate` (compose's migrate step, `make run`) leaves the staff roles in place with the permissions of
    the models it just made. Once, after the last app's signal: each app's permissions are made at its own. A test's
    flush, which sends the signal with no plan, does not."""
    if plan is not None and sender is list(apps.get_app_configs())[-1]:
        from .roles import roles_sync

        roles_sync()
