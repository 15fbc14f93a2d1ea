from celery import shared_task

from django.core.management import call_command


@shared_task(name="cep_site.tasks.search_index_refresh", acks_late=True)
def search_index_refresh():
    """Rebuild the search index, catching edits that bypassed the save signals (bulk updates, imports)."""
    call_command("update_index", verbosity=0)
