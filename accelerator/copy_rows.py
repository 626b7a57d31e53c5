"""Many rows into one table at once: PostgreSQL's COPY where it runs, bulk_create elsewhere.

For the writes that put thousands of rows behind one click (a cohort's mentor shortlists and
proposal): COPY skips building a model instance and an SQL statement per row. The rows are
written as given: defaults such as `auto_now_add` are not applied, so the caller passes every
column the table requires.
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Inserts `rows` (values in `columns` order; columns by attribute name, e.g. "company_id"). Returns the count."""
    fields = [model._meta.get_field(name) for name in columns]
    is_json = [isinstance(field, models.JSONField) for field in fields]
    if connection.vendor != "postgresql":
        return bulk_create_rows(model, columns, rows)
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([json.dumps(v) if j else v for v, j in zip(row, is_json, strict=True)])
                count += 1
    return count


def bulk_create_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """copy_rows where COPY is not available: the same rows through bulk_create."""
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=2000)
    return len(objects)
