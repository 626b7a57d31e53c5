"""The permissions' querysets compiled into statements once per process instead of on every view.

The councils' lists are read with hand-written statements into which the querysets of
accelerator/councils/permissions.py are compiled, so that who sees what is decided there
alone. Building and compiling those querysets took longer than the database takes to
answer them. What they compile to depends on the kind of reader (signed in or not, their
roles, admin or not), not on who the reader is or when they read: so each is compiled
once per process and kind of reader, for a stand-in, and every view puts its own values
(the reader's id, the moment, the date) where the stand-in's were.

Each is compiled twice, with two different sets of stand-in values: the statements must
come out the same and differ only where the values go, or compiling fails loudly.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from accelerator.accounts.models import User

NOTHING = "SELECT CAST(NULL AS INTEGER) WHERE 1 = 0"

# The stand-in reader's id and values of each kind, per compilation: none is a real id,
# moment or date, so a parameter equal to one of them is where that value goes.
_STAND_IN_IDS = (-7_000_001, -7_000_002)
_STAND_IN_MOMENTS = (
    dt.datetime(1901, 2, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
    dt.datetime(1902, 3, 4, 5, 6, 7, 8, tzinfo=dt.UTC),
)
_STAND_IN_DAYS = (dt.date(1901, 2, 3), dt.date(1902, 3, 4))


@dataclass(frozen=True)
class _Slot:
    """Where the view's value `name` goes among a statement's parameters."""

    name: str


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple

    def bind(self, values: dict[str, Any]) -> tuple:
        return tuple(values[param.name] if type(param) is _Slot else param for param in self.params)


_compiled: dict[tuple, Compiled] = {}


def ids(build: Callable[..., QuerySet], user, **values: Any) -> tuple[str, tuple]:
    """The statement that selects the ids of `build(user, **values)`'s rows, and its parameters.

    `values` are moments and dates. `build` may look at whether `user` is signed in, their
    roles and whether they are an admin, and must not look at anything else of theirs.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    signed_in = user.is_authenticated
    shape = (user.is_superuser, user.roles) if signed_in else None
    key = (build, connection.vendor, shape, tuple((name, type(value)) for name, value in values.items()))
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(build, user, values)
    prepared = {name: _prepared(connection, value) for name, value in values.items()}
    if signed_in:
        prepared["user"] = user.pk
    return compiled.sql, compiled.bind(prepared)


def fresh(build: Callable[..., QuerySet], user, **values: Any) -> tuple[str, tuple]:
    """What `ids` answers, compiled from the queryset of this very request."""
    return _statement(build(user, **values))


def _compile(build: Callable[..., QuerySet], user, given: dict[str, Any]) -> Compiled:
    connection = connections[DEFAULT_DB_ALIAS]
    compilations = []
    for which in (0, 1):
        values = {name: _stand_in(value, index, which) for index, (name, value) in enumerate(given.items())}
        reader = _stand_in_reader(user, _STAND_IN_IDS[which])
        sql, given_params = _statement(build(reader, **values))
        prepared = {name: _prepared(connection, value) for name, value in values.items()}
        if user.is_authenticated:
            prepared["user"] = _STAND_IN_IDS[which]
        compilations.append((sql, given_params, prepared))
    (sql, first, first_values), (second_sql, second, second_values) = compilations
    if sql != second_sql or len(first) != len(second):
        raise ValueError(f"{build.__qualname__} compiles to a statement that depends on the values given")
    params = []
    for one, other in zip(first, second, strict=True):
        slot = next((name for name in first_values if one == first_values[name] and other == second_values[name]), None)
        if slot is not None:
            params.append(_Slot(slot))
        elif one == other:
            params.append(one)
        else:
            raise ValueError(f"{build.__qualname__} has a parameter that is not one of the values given")
    return Compiled(sql, tuple(params))


def _statement(queryset: QuerySet) -> tuple[str, tuple]:
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return NOTHING, ()
    return sql, tuple(params)


def _stand_in(value, index: int, which: int):
    """The stand-in for the view's `index`th value in compilation `which`: a moment or a date."""
    if isinstance(value, dt.datetime):
        return _STAND_IN_MOMENTS[which] + dt.timedelta(minutes=index)
    if isinstance(value, dt.date):
        return _STAND_IN_DAYS[which] + dt.timedelta(days=index)
    raise TypeError(f"{type(value).__name__} is neither a moment nor a date")


def _stand_in_reader(user, pk: int):
    """A reader of `user`'s kind with the id `pk` (the anonymous visitor stays as is)."""
    if not user.is_authenticated:
        return user
    reader = User(
        pk=pk,
        email=f"{-pk}@stand-in.invalid",  # different in each compilation, as the id is
        display_name=str(-pk),
        is_superuser=user.is_superuser,
        is_staff=user.is_staff,
        is_active=user.is_active,
    )
    reader.__dict__["roles"] = user.roles  # the cached property, as if read
    return reader


def _prepared(connection, value):
    """`value` as the ORM passes it to the database."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value
