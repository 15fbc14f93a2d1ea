from celery import shared_task


@shared_task(name="awards.tasks.nominations_purge", acks_late=True)
def nominations_purge():
    """Daily (beat): delete nominations, with their PDFs, AWARD_NOMINATION_RETENTION_YEARS after their call closed."""
    from . import services

    return {"deleted": services.nominations_purge()}
