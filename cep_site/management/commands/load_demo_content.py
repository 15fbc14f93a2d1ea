from django.core.management.base import BaseCommand
from django.db import transaction

from cep_site import demo_content


class Command(BaseCommand):
    help = (
        "Build the page tree and fill it with the content of the current CEP site. "
        "Creates what is missing and leaves what exists alone, so it is safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            demo_content.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
