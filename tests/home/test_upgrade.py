"""The home page's model moved from the shared app (label cep_site) to the home app: a site made before the move keeps
its home page, its sections and its content type after `migrate`."""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from home.models import HomePage
from tests.helpers import soup_of

BEFORE_THE_MOVE = [("home", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest_migrations():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_home_page_made_before_the_move_is_served_after_it(client, demo_site):
    migrate(BEFORE_THE_MOVE)
    old = ContentType.objects.get(pk=demo_site.content_type_id)
    # What the previous release left in the database: the page typed as the shared app's model.
    assert (old.app_label, old.model) == ("cep_site", "homepage")

    migrate(latest_migrations())

    home = HomePage.objects.get()
    assert home.pk == demo_site.pk
    assert home.content_type_id == old.pk
    assert ContentType.objects.get_for_model(HomePage).pk == old.pk
    assert not ContentType.objects.filter(app_label="cep_site", model="homepage").exists()
    page = soup_of(client.get("/"))
    assert page.select_one("h1").get_text(strip=True)
    assert len(home.body) == len(demo_site.body) > 0
