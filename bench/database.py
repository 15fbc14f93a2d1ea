"""The database a benchmark runs on, made for it and dropped afterwards (Django is set up by the script)."""

from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection


@contextmanager
def throwaway_database():
    """PostgreSQL: a test_ database created next to the one DATABASE_URL names, and dropped afterwards. SQLite: the
    script's throwaway file, migrated."""
    postgres = connection.vendor == "postgresql"
    named = connection.settings_dict["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        yield
    finally:
        if postgres:
            connection.close()
            connection.creation.destroy_test_db(named, verbosity=0)
