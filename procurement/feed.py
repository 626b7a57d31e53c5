"""The opportunity list's statements and filter fields, worked out once per process and query.

On every view of the list the ORM built and compiled two statements (the page's cards and
their count), and a filtered list also filled in a FilterSet (its form validated, each filter
applied) and wrote its filter fields: most of the page's own time. All of it follows from
the query string, the language, the zone and what the reader may see, so a process works it
out once per such key and keeps it for the next view with the same one.

The statements are still compiled by the ORM, through the same filters, from the
permissions' queryset of notices the reader sees (its condition is part of the key). What
differs between two views with the same key are the moment the deadlines are compared with
and the reader whose saved notices are marked: the statements are compiled a second time
with another moment and reader, and the values that changed are the ones each view fills in.
A statement whose changes cannot be told apart that way is not kept; the list then compiles
it on every view, as before.
"""

import datetime as dt
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from accelerator.accounts.models import User
from accelerator.filter_fields import form_fields

from . import selectors
from .cards import Card, card_reader
from .filters import OPEN, OpportunityFilter, open_filter_fields, open_opportunities
from .models import Opportunity

DEFAULT_ORDER = ("deadline", "-posted_at", "pk")
# Listings kept per process: a few hundred queries, each a few kilobytes of fields and SQL.
LISTINGS_KEPT = 512
# The second compilation's moment is this far before the view's own (its reader is the next id).
_OTHER_MOMENT = dt.timedelta(days=1, microseconds=1)


@dataclass(frozen=True)
class Statement:
    """SQL with its values; `moments` are the positions of values taken from the moment (each
    with its offset from it), `readers` those of the reader's id."""

    sql: str
    params: tuple
    moments: tuple[tuple[int, dt.timedelta], ...] = ()
    readers: tuple[int, ...] = ()

    def values(self, connection, *, now: dt.datetime, reader: int) -> list:
        values = list(self.params)
        for position, offset in self.moments:
            values[position] = connection.ops.adapt_datetimefield_value(now + offset)
        for position in self.readers:
            values[position] = reader
        return values


@dataclass(frozen=True)
class Listing:
    """What the list shows for one key: its filter fields, and the statements of its cards
    (without their page's LIMIT and OFFSET) and of its count (None when nothing can match)."""

    fields: SafeString
    cards: Statement | None
    columns: tuple[str, ...]
    matches: Statement | None


_listings: OrderedDict[Hashable, Listing | None] = OrderedDict()


def listing(request, query: QueryDict, visible: QuerySet[Opportunity], now: dt.datetime) -> Listing | None:
    """The listing of the list's `query` (its query string without the page) for `request`'s
    reader, language and zone; None when its statements cannot be kept."""
    connection = connections[router.db_for_read(Opportunity)]
    try:
        key = (
            connection.alias,
            get_language(),
            timezone.get_current_timezone_name(),
            tuple(sorted((name, tuple(values)) for name, values in query.lists())),
            _condition(visible),
        )
        hash(key)
    except TypeError:
        return None
    if key in _listings:
        _listings.move_to_end(key)
        return _listings[key]
    found = _build(request.GET, query, visible, now=now, reader=request.user, connection=connection)
    _listings[key] = found
    while len(_listings) > LISTINGS_KEPT:
        _listings.popitem(last=False)
    return found


def _condition(visible: QuerySet[Opportunity]) -> Hashable:
    """What tells one reader's notices from another's: the permissions' condition on them."""
    query = visible.query
    if len(query.alias_map) > 1 or query.annotations or query.extra or query.distinct:
        raise TypeError("The visible notices are more than a condition on them.")
    return query.where


def filtered_queryset(
    params: QueryDict, query: QueryDict, visible: QuerySet[Opportunity], *, now: dt.datetime
) -> tuple[QuerySet[Opportunity], OpportunityFilter | None]:
    """The notices the list shows for `params` (the whole query string) in its order, and the
    filter that chose them (None on the unfiltered list)."""
    if query:
        data = params.copy()
        if "status" not in data:
            data["status"] = OPEN
        opportunity_filter = OpportunityFilter(data, queryset=visible, now=now)
        queryset = opportunity_filter.qs
    else:
        opportunity_filter = None
        queryset = open_opportunities(visible, now=now)
    if not params.get("ordering"):
        queryset = queryset.order_by(*DEFAULT_ORDER)
    return queryset, opportunity_filter


def _build(params, query, visible, *, now, reader, connection) -> Listing | None:
    other_now = now - _OTHER_MOMENT
    queryset, opportunity_filter = filtered_queryset(params, query, visible, now=now)
    other, _filter = filtered_queryset(params, query, visible, now=other_now)
    fields = form_fields(opportunity_filter.form) if opportunity_filter is not None else open_filter_fields()
    cards = selectors.card_rows(queryset, saved_by=reader)
    other_reader = User(pk=reader.pk + 1)
    other_cards = selectors.card_rows(other, saved_by=other_reader)
    try:
        sql, params_, columns = _compiled(cards)
        other_sql, other_params, _columns = _compiled(other_cards)
        matches_sql, matches_params, _columns = _compiled(_matches(queryset))
        other_matches_sql, other_matches_params, _columns = _compiled(_matches(other))
    except EmptyResultSet:
        return Listing(fields, None, (), None)
    changes = {
        "now": now,
        "other_now": other_now,
        "reader": reader.pk,
        "other_reader": other_reader.pk,
        "connection": connection,
    }
    cards_statement = _statement(sql, params_, other_sql, other_params, **changes)
    matches_statement = _statement(matches_sql, matches_params, other_matches_sql, other_matches_params, **changes)
    if cards_statement is None or matches_statement is None:
        return None
    # The ORM's own statement, counted.
    count = replace(matches_statement, sql=f"SELECT COUNT(*) FROM ({matches_sql}) matches")  # noqa: S608
    return Listing(fields, cards_statement, columns, count)


def _matches(queryset: QuerySet[Opportunity]) -> QuerySet:
    # Without the page's ordering: counting needs no sort, and PostgreSQL is then free to
    # answer from the search and filter indexes instead of walking the deadline index.
    return queryset.order_by().values("pk")[: selectors.COUNT_LIMIT + 1]


def _compiled(queryset: QuerySet) -> tuple[str, tuple, tuple[str, ...]]:
    """The statement of `queryset`, its values and the names of its columns (attribute names
    of the model's, aliases of annotations)."""
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    columns = tuple(alias or expression.target.attname for expression, _sql, alias in compiler.select)
    return sql, tuple(params), columns


def _statement(
    sql, params, other_sql, other_params, *, now, other_now, reader, other_reader, connection
) -> Statement | None:
    """The statement compiled as `sql` with `now` and `reader`, and as `other_sql` with
    `other_now` and another reader, with the positions of the values that follow them."""
    if other_sql != sql or len(params) != len(other_params):
        return None
    moments, readers = [], []
    for position, (value, other_value) in enumerate(zip(params, other_params, strict=True)):
        if type(value) is type(other_value) and value == other_value:
            continue
        if value == reader and other_value == other_reader:
            readers.append(position)
            continue
        moment = _moment_of(value, connection)
        if moment is None:
            return None
        offset = moment - now
        adapt = connection.ops.adapt_datetimefield_value
        if adapt(now + offset) != value or adapt(other_now + offset) != other_value:
            return None
        moments.append((position, offset))
    return Statement(sql, params, tuple(moments), tuple(readers))


def _moment_of(value, connection) -> dt.datetime | None:
    """The moment a datetime value stands for, as the database was given it (SQLite gets text)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, connection.timezone)
    return value


class Rows:
    """A listing's cards for one view, as the paginator reads them: counted and sliced by its
    statements, each row read as the Card it shows (no model instance)."""

    def __init__(self, found: Listing, *, now: dt.datetime, reader: User):
        self.listing = found
        self.now = now
        self.reader = reader.pk
        self.connection = connections[router.db_for_read(Opportunity)]

    def matches(self) -> int:
        """The matches, counted up to COUNT_LIMIT + 1."""
        statement = self.listing.matches
        if statement is None:
            return 0
        with self.connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.values(self.connection, now=self.now, reader=self.reader))
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list[Card]:
        statement = self.listing.cards
        if statement is None:
            return []
        start = window.start or 0
        values = [*statement.values(self.connection, now=self.now, reader=self.reader), window.stop - start, start]
        with self.connection.cursor() as cursor:
            cursor.execute(f"{statement.sql} LIMIT %s OFFSET %s", values)
            rows = cursor.fetchall()
        read = card_reader(self.connection.alias, self.listing.columns)
        return [read(row) for row in rows]


class RowsPaginator(selectors.OpportunityPaginator):
    """OpportunityPaginator over a listing's Rows."""

    object_list: Rows

    @cached_property
    def _matches(self) -> int:
        return self.object_list.matches()
