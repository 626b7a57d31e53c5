"""The ranking index, and every migration after it, migrates on SQLite, the database used when DATABASE_URL is empty."""

from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader


def in_memory_sqlite() -> DatabaseWrapper:
    """A connection to an empty in-memory SQLite database, whatever DATABASE_URL says."""
    return DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": {},
            "TIME_ZONE": None,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TEST": {},
        },
        alias="default",
    )


def test_the_ranking_index_is_created_on_sqlite(django_db_blocker):
    connection = in_memory_sqlite()
    with django_db_blocker.unblock():
        loader = MigrationLoader(connection)
        before = loader.project_state(("cohorts", "0006_awaiting_reply"), at_end=True)
        migration = loader.get_migration("cohorts", "0007_application_ranking_index")
        with connection.schema_editor() as editor:
            editor.create_model(before.apps.get_model("cohorts", "Application"))
            migration.apply(before.clone(), editor)
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "cohorts_application")
        connection.close()
    assert "application_ranking" in constraints


def test_every_migration_applies_on_sqlite(django_db_blocker):
    """Adding a column makes SQLite rebuild the applications table from the model's state: that state
    must hold nothing SQLite cannot create."""
    connection = in_memory_sqlite()
    with django_db_blocker.unblock():
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        with connection.cursor() as cursor:
            columns = {
                column.name for column in connection.introspection.get_table_description(cursor, "cohorts_application")
            }
        connection.close()
    assert "company_country" in columns
