"""The directory's company cards, rendered once per language and version of the company.

A card shows only the company and its capability profile (no viewer-specific part), so
its HTML is kept in the cache under the company's and the profile's last change and the
language. A directory page reads only each listed company's id and versions (with the
number of companies found, in the same query), fetches those cards in one cache round
trip, and reads and renders only the companies whose card is not kept. A renamed segment
reaches the cards when they expire (CARD_SECONDS).
"""

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import lru_cache, partial
from typing import cast

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import Count, Model, QuerySet, Window
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accelerator.filter_fields import kept_field_keys, kept_form_fields
from accelerator.kept import forget, get_many_beside
from accelerator.statements import converter

from .filters import CompanyFilter
from .models import CapabilityProfile, Company
from .selectors import directory_cards

CARD_SECONDS = 10 * 60
HELD_SECONDS = 60

# (company id, company updated_at, profile updated_at or None)
CardVersion = tuple[int, datetime, datetime | None]


def card_page(companies: QuerySet[Company], number: str | None, per_page: int) -> Page:
    """Page `number` of the companies as Paginator.get_page() gives it, listing CardVersion rows.

    The page's rows and the number of companies come from one query; a page past the
    last (or not a number) falls back to get_page(), which counts first.
    """
    versions = companies.values_list("pk", "updated_at", "profile__updated_at")
    paginator = Paginator(versions, per_page)
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 1
    if wanted >= 1:
        bottom = (wanted - 1) * per_page
        rows = list(versions.annotate(found=Window(Count("*")))[bottom : bottom + per_page])
        if rows or wanted == 1:
            paginator.count = rows[0][-1] if rows else 0
            return Page([row[:-1] for row in rows], wanted, paginator)
    return paginator.get_page(number)


def listed_page(company_filter: CompanyFilter | None, number: str | None, per_page: int) -> Page:
    """card_page() of the directory's companies through `company_filter` (None: unfiltered).

    Every directory view reads it. The statement is the ORM's for that page, compiled once per
    process for each database, page number (the first pages) and filter values as the filter
    form cleans them (the same values make the same statement), instead of on each view; a
    form with errors, or a later page, goes through card_page().
    """
    listed = _unfiltered if company_filter is None else lambda: company_filter.qs
    values = () if company_filter is None else filter_values(company_filter)
    if values is None:
        return card_page(listed(), number, per_page)
    return page_of_values(values, listed, number, per_page)


def filter_values(company_filter: CompanyFilter) -> tuple | None:
    """The filter's values as its form cleans them (a statement's key), None when it has errors."""
    form = company_filter.form
    if not form.is_valid():
        return None
    return tuple(sorted((name, _plain(value)) for name, value in form.cleaned_data.items()))


def page_of_values(values: tuple, listed: Callable[[], QuerySet[Company]], number: str | None, per_page: int) -> Page:
    """listed_page() for the cleaned filter `values`; `listed()` gives their companies when the
    page is not one whose statement is compiled."""
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 0
    if not 1 <= wanted <= _COMPILED_PAGES:
        return card_page(listed(), number, per_page)
    connection = connections[router.db_for_read(Company)]
    key = (connection.alias, wanted, per_page, values)
    compiled = _statements.get(key)
    if compiled is None:
        compiled = _statement(listed(), connection.alias, wanted, per_page)
        if len(_statements) >= _MOST_STATEMENTS:
            _statements.clear()
        _statements[key] = compiled
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        rows = cursor.fetchall()
    if not rows and wanted > 1:
        return card_page(listed(), number, per_page)
    company_changed, profile_changed = _version_converters(connection.alias)
    versions = [
        (pk, company_changed([company_at])[0], profile_changed([profile_at])[0])
        for pk, company_at, profile_at, _found in rows
    ]
    paginator = Paginator(versions, per_page)
    paginator.count = rows[0][-1] if rows else 0
    return Page(versions, wanted, paginator)


@lru_cache(maxsize=8)
def _version_converters(db: str) -> tuple[Callable[[Sequence], list], Callable[[Sequence], list]]:
    """How the ORM converts the two versions of a card (the company's and its profile's `updated_at`)."""
    return converter(Company, db, ["updated_at"]), converter(CapabilityProfile, db, ["updated_at"])


_COMPILED_PAGES = 20
_MOST_STATEMENTS = 500
# (statement, parameters) by database, page number, page size and cleaned filter values.
_statements: dict[tuple, tuple[str, tuple]] = {}


def _unfiltered() -> QuerySet[Company]:
    return CompanyFilter(None, queryset=Company.objects.all()).qs


def _plain(value):
    """A cleaned filter value as a statement's key: a model instance by its model and id."""
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _statement(companies: QuerySet[Company], db: str, number: int, per_page: int) -> tuple[str, tuple]:
    versions = companies.values_list("pk", "updated_at", "profile__updated_at")
    bottom = (number - 1) * per_page
    rows = versions.annotate(found=Window(Count("*")))[bottom : bottom + per_page]
    statement, params = rows.query.get_compiler(using=db).as_sql()
    return statement, tuple(params)


# Cards read or rendered in this process: (held until, HTML) by key, for one taxonomy generation.
_held: dict[str, tuple[float, str]] = {}
_held_generation = [0]
_MOST_HELD = 5000


def company_cards(
    versions: Sequence[CardVersion], companies: QuerySet[Company], *, kept_keys: Iterable[str] = ()
) -> tuple[list[SafeString], tuple[dict, int]]:
    """The cards of the listed companies, in order; `companies` reads those not kept (with profile and segments).

    With them, what kept.get_many(kept_keys) answers (the page's filter fields), read in the
    same round trip. A card read or rendered here is also held in the process for
    HELD_SECONDS, until the taxonomy generation changes: the page then reads only the cards
    it does not hold, and the generation, from the cache.
    """
    language = get_language()
    keys = [_key(version, language) for version in versions]
    now = time.monotonic()
    held = {key: _held[key][1] for key in keys if key in _held and _held[key][0] > now}
    kept_values, kept = get_many_beside(kept_keys, [key for key in keys if key not in held])
    generation = kept_values[1]
    if generation == 0:
        kept_values = ({}, forget())  # the cache lost the generation (or was emptied): a new one starts
    if kept_values[1] != _held_generation[0]:
        _held.clear()
        _held_generation[0] = kept_values[1]
        if held:
            kept |= cache.get_many(list(held))
            held = {}
    kept |= held
    for key in kept.keys() - held.keys():
        _held[key] = (now + HELD_SECONDS, kept[key])
    if len(_held) > _MOST_HELD:
        _held.clear()
    cards = {version[0]: kept[key] for version, key in zip(versions, keys, strict=True) if key in kept}
    missing = [version[0] for version in versions if version[0] not in cards]
    if missing:
        rendered = {}
        for company in companies.filter(pk__in=missing):
            # Kept under the version read here: a company changed since it was listed is shown as it is now.
            profile = getattr(company, "profile", None)
            key = _key((company.pk, company.updated_at, profile.updated_at if profile else None), language)
            cards[company.pk] = rendered[key] = render_to_string("companies/_company_card.html", {"company": company})
            _held[key] = (now + HELD_SECONDS, rendered[key])
        cache.set_many(rendered, CARD_SECONDS)
    # Rendered (and escaped) by the card template, here or for an earlier page.
    return [mark_safe(cards[pk]) for pk, *_changed in versions if pk in cards], kept_values  # noqa: S308


def _key(version: CardVersion, language: str | None) -> str:
    pk, company_changed, profile_changed = version
    profile_stamp = profile_changed.timestamp() if profile_changed else 0
    return f"company-card:{language}:{pk}:{company_changed.timestamp()}:{profile_stamp}"


def _versions(page: Page) -> Sequence[CardVersion]:
    return cast(Sequence[CardVersion], page.object_list)


def _filtered(params: QueryDict) -> QuerySet[Company]:
    return CompanyFilter(params, queryset=Company.objects.all()).qs


# A filtered directory query's cleaned values and filter fields, by language and query (without
# its page): (taxonomy generation, values, fields). Most filtered views repeat a query.
_readings: OrderedDict[tuple, tuple[int, tuple, SafeString]] = OrderedDict()
_MOST_READINGS = 200


def filtered_listing(params: QueryDict, per_page: int) -> tuple[Page, list[SafeString], SafeString]:
    """The page, its cards and the filter fields of the directory filtered by `params`.

    A query this process has read before in the current taxonomy generation is not cleaned
    or written again: its values and fields are held, and the generation the cards' round
    trip answers says whether they still hold (a renamed or deleted term starts a new one,
    and the query is then read afresh). A query with errors is always read afresh.
    """
    number = params.get("page")
    query = params.copy()
    query.pop("page", None)
    key = (get_language(), tuple(sorted((name, tuple(values)) for name, values in query.lists())))
    held = _readings.get(key)
    if held is not None:
        generation, values, fields = held
        page = page_of_values(values, partial(_filtered, params), number, per_page)
        cards, (_kept, now_generation) = company_cards(_versions(page), directory_cards())
        if now_generation == generation:
            _readings.move_to_end(key)
            return page, cards, fields
    company_filter = CompanyFilter(params, queryset=Company.objects.all())
    page = listed_page(company_filter, number, per_page)
    keys = kept_field_keys(company_filter.form, "companies")
    cards, kept_values = company_cards(_versions(page), directory_cards(), kept_keys=keys.values())
    fields = kept_form_fields(company_filter.form, "companies", found=kept_values)
    cleaned = filter_values(company_filter)
    if cleaned is not None:
        _readings[key] = (kept_values[1], cleaned, fields)
        _readings.move_to_end(key)
        while len(_readings) > _MOST_READINGS:
            _readings.popitem(last=False)
    return page, cards, fields
