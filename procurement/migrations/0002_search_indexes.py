"""Full-text and trigram indexes for opportunity search, on PostgreSQL only.

The expressions match what the opportunity filter asks for, so the planner uses them:
to_tsvector('english', search_text) for words, gin_trgm_ops for Japanese and substrings.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS opportunity_fulltext ON procurement_opportunity "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS opportunity_trigram ON procurement_opportunity "
    "USING gin (UPPER(search_text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS opportunity_buyer_trigram ON procurement_opportunity "
    "USING gin (UPPER(buyer_name) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS opportunity_buyer_trigram",
    "DROP INDEX IF EXISTS opportunity_trigram",
    "DROP INDEX IF EXISTS opportunity_fulltext",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_opportunities")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
