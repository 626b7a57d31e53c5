"""Model instances from the rows of hand-written statements, and ORM queries compiled once.

A few list pages read with statements written once per process instead of queries the ORM
builds and compiles on every request. Their rows become model instances here, as a query
reading only those columns leaves them (any other column loads on access), with each value
converted as the ORM converts what the database answers: SQLite answers text for dates and
moments and integers for booleans. `Compiled` keeps a query the ORM built and compiled,
to run it again without building it.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache, partial
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet


def loaded[M: Model](model: type[M], db: str, **values: Any) -> M:
    """An instance of `model` with these columns (by attribute name: `company_id`) read on `db`."""
    names, row = [], []
    for field in model._meta.concrete_fields:
        if field.attname in values:
            names.append(field.attname)
            row.append(converted(db, model, field.attname, values[field.attname]))
    if len(names) != len(values):
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(values.keys() - set(names)))}")
    return model.from_db(db, names, row)


def instance[M: Model](model: type[M], db: str, **values: Any) -> M:
    """An instance of `model` with these columns (by attribute name) holding values the ORM has
    converted already (a `Compiled` query's rows)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    if len(names) != len(values):
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(values.keys() - set(names)))}")
    return model.from_db(db, names, [values[name] for name in names])


def converted(db: str, model: type[Model], attname: str, value: Any) -> Any:
    """`value` of `model`'s column `attname` as the ORM gives it when `db` answers it."""
    if value is not None:
        for convert in _converters(connections[db], model, attname):
            value = convert(value)
    return value


@lru_cache(maxsize=1024)
def _converters(connection, model: type[Model], attname: str) -> tuple:
    field = next(field for field in model._meta.concrete_fields if field.attname == attname)
    column = field.get_col(model._meta.db_table)
    functions = (*connection.ops.get_db_converters(column), *field.get_db_converters(connection))
    return tuple(partial(_apply, function, column, connection) for function in functions)


def _apply(function, column, connection, value):
    return function(value, column, connection)


def converter(model: type[Model], db: str, names: Sequence[str]) -> Callable[[Sequence[Any]], list[Any]]:
    """What the ORM makes of a row of `model`'s columns `names` (attribute names, in the row's
    order) read on `db`, as a list of values: for rows that need no model instance."""
    connection = connections[db]
    reads = [
        (position, converters)
        for position, name in enumerate(names)
        if (converters := _converters(connection, model, name))
    ]

    def convert(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for position, converters in reads:
            value = values[position]
            if value is not None:
                for function in converters:
                    value = function(value)
                values[position] = value
        return values

    return convert


def loader[M: Model](model: type[M], db: str, names: Sequence[str]) -> Callable[[Sequence[Any]], M]:
    """What `loaded` makes of a row of the columns `names` (attribute names, in the row's order),
    as a function for the many rows of one statement: the columns are looked up once."""
    connection = connections[db]
    positions = {name: position for position, name in enumerate(names)}
    columns = [field.attname for field in model._meta.concrete_fields if field.attname in positions]
    if len(columns) != len(positions):
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(positions.keys() - set(columns)))}")
    reads = [(positions[name], _converters(connection, model, name)) for name in columns]

    def load(row: Sequence[Any]) -> M:
        values = []
        for position, converters in reads:
            value = row[position]
            if value is not None:
                for convert in converters:
                    value = convert(value)
            values.append(value)
        return model.from_db(db, columns, values)

    return load


class Compiled:
    """A values_list query compiled by the ORM once and run again as it is.

    Building and compiling a filtered, annotated query costs a list page more than the
    database takes to answer it. A page that asks the same query again keeps it compiled,
    per process: its statement, its parameters and the conversions of its columns, applied
    to each row as the ORM applies them. The rows are the tuples the values_list query
    gives, in its order (`names`).

    A value that changes from request to request (the user, the moment) is built into the
    query as a marker, named in `markers`, and given to `rows()` under that name.
    """

    __slots__ = ("alias", "converters", "names", "params", "slots", "sql")

    def __init__(self, queryset: QuerySet, **markers: Any):
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        self.alias = queryset.db
        self.sql = sql
        self.params = tuple(params)
        self.names = tuple(queryset._fields)
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(columns).items()
        )
        connection = connections[self.alias]
        self.slots = {}
        for name, marker in markers.items():
            adapted = _parameter(connection, marker)
            self.slots[name] = tuple(index for index, value in enumerate(self.params) if value == adapted)
            if not self.slots[name]:
                raise ValueError(f"The marker of {name} is not a parameter of the query.")

    def rows(self, **values: Any) -> list[tuple]:
        """The query's rows, with `values` in place of the markers (every one of them)."""
        if values.keys() != self.slots.keys():
            raise TypeError(f"The query needs values for {', '.join(sorted(self.slots)) or 'no marker'}.")
        connection = connections[self.alias]
        params: tuple | list = self.params
        if values:
            params = list(params)
            for name, value in values.items():
                adapted = _parameter(connection, value)
                for index in self.slots[name]:
                    params[index] = adapted
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted_rows = []
        for row in rows:
            row_values = list(row)
            for position, functions, expression in self.converters:
                value = row_values[position]
                for function in functions:
                    value = function(value, expression, connection)
                row_values[position] = value
            converted_rows.append(tuple(row_values))
        return converted_rows


def _parameter(connection, value: Any) -> Any:
    """`value` as the ORM passes it to the database in a comparison with a column of its kind."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
