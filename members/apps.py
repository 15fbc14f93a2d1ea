from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from core import page_cache

        from . import applications, models

        # A verified address releases the membership application its account has waiting (members/applications.py).
        applications.connect()
        # The public directory lists the member organisations whose membership is active.
        page_cache.purge_on_change(models.MemberOrganisation, models.Membership)
