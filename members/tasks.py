from celery import shared_task


@shared_task(name="members.tasks.unverified_accounts_purge", acks_late=True)
def unverified_accounts_purge():
    """Daily (beat): erase accounts never confirmed within UNVERIFIED_ACCOUNT_RETENTION_DAYS, with what they hold."""
    from . import erasure

    return {"erased": erasure.unverified_accounts_purge()}
