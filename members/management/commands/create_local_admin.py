import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

LOCAL_ADMIN_EMAIL = "admin@example.com"


class Command(BaseCommand):
    help = "Create (or reset) the local admin login for `make run` and print it. Never in production."

    def handle(self, *args, **options):
        if not getattr(settings, "CEP_LOCAL_ADMIN_ALLOWED", False):
            raise CommandError("A local admin login is only made with development settings (cep_site.settings.dev).")
        password = secrets.token_urlsafe(12)
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=LOCAL_ADMIN_EMAIL).first()
        if user is None:
            user = user_model.objects.create_superuser(email=LOCAL_ADMIN_EMAIL, password=password)
        else:
            user.set_password(password)
            user.is_active = user.is_staff = user.is_superuser = True
            user.save()
        self.stdout.write(f"Admin login: {LOCAL_ADMIN_EMAIL} / {password}")
