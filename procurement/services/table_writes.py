"""Writing many new rows of one model at once: COPY on PostgreSQL, bulk_create elsewhere.

An import writes tens of thousands of opportunities, versions and classifications; COPY
takes them in one stream, without an SQL statement built per batch. Ids are drawn from the
table's sequence first, so children can point at their parents before either is written.
"""

import json
import operator
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone
from psycopg import sql


class JsonText(str):
    """JSON already serialised, written as it is instead of being encoded again."""


# Field types whose Python value PostgreSQL takes as it is.
PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.BooleanField,
    models.DateTimeField,
    models.DecimalField,
    models.ForeignKey,
)


def insert(model: type[models.Model], rows: Sequence[dict]) -> list[int]:
    """Saves `rows` (field attnames to values; the rest take their defaults) as new rows of `model`.

    Returns their primary keys, in order.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [
            model(**{name: json.loads(value) if isinstance(value, JsonText) else value for name, value in row.items()})
            for row in rows
        ]
        model._default_manager.bulk_create(objects)
        return [obj.pk for obj in objects]
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]  # the database computes those
    assert fields[0] is meta.pk, "COPY writes the primary key first"
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = [sql.Identifier(str(field.column)) for field in fields]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(meta.db_table), sql.SQL(", ").join(columns)
        )
        converters = [_converter(field, now) for field in fields[1:]]
        with cursor.cursor.copy(statement) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *[convert(row) for convert in converters]])
    return ids


def _converter(field: models.Field, now):
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: now
    if isinstance(field, models.JSONField):
        # One encoder for the whole write rather than one per value; empty lists, the most
        # common value, need no encoding at all.
        encode = (field.encoder or DjangoJSONEncoder)(ensure_ascii=False).encode
        default = None if field.null and not field.has_default() else json.dumps(field.get_default())

        def as_json(row):
            value = row.get(attname, MISSING)
            if value is MISSING:
                return default
            if value is None:
                return None
            if isinstance(value, JsonText):
                return str(value)
            if value == []:
                return "[]"
            return encode(value)

        return as_json
    default = field.get_default()
    if type(field) in PLAIN:
        return operator.methodcaller("get", attname, default)
    return lambda row: field.get_db_prep_save(field.to_python(row.get(attname, default)), connection)


MISSING = object()
