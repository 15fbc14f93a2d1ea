"""Give the staff roles' groups exactly the permissions core/roles.py and the apps grant them. Every `migrate` does
it too (core/apps.py): a new model's permissions exist only then. A group changed in the admin's group editor is put
back."""

from django.core.management.base import BaseCommand

from core.roles import ROLES, roles_sync


class Command(BaseCommand):
    help = "Create or update the staff roles' groups (Editors, Moderators… Administrators) with their permissions."

    def handle(self, *args, **options):
        for change in roles_sync():
            self.stdout.write(change)
        self.stdout.write(self.style.SUCCESS(f"The roles are in place: {', '.join(ROLES)}."))
