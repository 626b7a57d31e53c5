"""A stored full-text document per opportunity, and an index for classification-code prefixes.

The search reads `search_vector` (kept by PostgreSQL from `search_text`) instead of parsing
each row's text again, which the expression index `opportunity_fulltext` could not spare it
once the planner chose to walk the deadline index. The classification filter matches codes
by their beginning; `classification_code_prefix` answers it and gives the planner statistics
on the upper-cased codes, which it otherwise guessed at 0.5% of rows. The buyer filter
matches the buyer or its parent organisations; with both trigram-indexed PostgreSQL ORs the
two indexes. PostgreSQL only.
"""

from django.db import migrations, models

import procurement.models

CREATE = [
    "CREATE INDEX IF NOT EXISTS opportunity_search_vector ON procurement_opportunity USING gin (search_vector)",
    "DROP INDEX IF EXISTS opportunity_fulltext",
    "CREATE INDEX IF NOT EXISTS classification_code_prefix ON procurement_classification "
    "(UPPER(code::text) text_pattern_ops, opportunity_id)",
    "CREATE INDEX IF NOT EXISTS opportunity_buyer_path_trigram ON procurement_opportunity "
    "USING gin (UPPER(buyer_path::text) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS opportunity_buyer_path_trigram",
    "DROP INDEX IF EXISTS classification_code_prefix",
    "CREATE INDEX IF NOT EXISTS opportunity_fulltext ON procurement_opportunity "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))",
    "DROP INDEX IF EXISTS opportunity_search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("procurement", "0007_fetch_windows")]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=procurement.models.EnglishDocument("search_text"),
                output_field=procurement.models.SearchDocumentField(),
            ),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(fields=["source", "-posted_at"], name="opportunity_source_posted"),
        ),
        migrations.AlterField(
            model_name="opportunity",
            name="set_aside_code",
            field=models.CharField(blank=True, max_length=40, verbose_name="set-aside code"),
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(fields=["set_aside_code", "deadline"], name="opportunity_set_aside_deadline"),
        ),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
