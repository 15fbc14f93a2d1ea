from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Nomination


@receiver(post_delete, sender=Nomination)
def supporting_pdf_delete(sender, instance, **kwargs):
    # Django leaves a deleted row's files on disk; a nomination's PDF holds personal data and goes with it.
    if instance.supporting_pdf:
        instance.supporting_pdf.delete(save=False)
