from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from . import applications

        # A verified address releases the membership application its account has waiting (members/applications.py).
        applications.connect()
