"""The opportunity list's kept statements read what the ORM's queries read, view after view."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accelerator.filter_fields import form_fields
from procurement import feed, permissions, selectors
from procurement.cards import Card
from procurement.filters import OPEN, OpportunityFilter
from procurement.models import Opportunity, SavedOpportunity

URL = reverse("procurement:list")


@pytest.fixture(autouse=True)
def no_kept_listings():
    feed._listings.clear()
    yield
    feed._listings.clear()


QUERIES = [
    "",
    "q=satellite",
    "q=SAR+imagery&country=US",
    "q=%E8%A1%9B%E6%98%9F",
    "country=JP&source=kkj",
    "status=",
    "status=closed",
    "status=open&ordering=-posted",
    "ordering=value",
    "ordering=nonsense",
    "marker=itar",
    "marker=none&currency=USD",
    "classification=3364,5417",
    "set_aside=SBA",
    "set_aside=none",
    "closes_within=400",
    "closes_within=0",
    "deadline_after=2026-01-01&deadline_before=2027-12-31",
    "value_min=abc",
    "value_min=1000&value_max=50000000",
    "buyer=a&status=",
    "country=XX",
]


def request_of(user, query: str):
    request = RequestFactory().get(URL + "?" + query)
    request.user = user
    return request


def orm_rows(user, query: str, now: dt.datetime):
    params = QueryDict(query)
    without_page = params.copy()
    without_page.pop("page", None)
    queryset, _filter = feed.filtered_queryset(params, without_page, permissions.visible_opportunities(user), now=now)
    return selectors.card_rows(queryset, saved_by=user), queryset


def kept_rows(user, query: str, now: dt.datetime) -> feed.Rows:
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    listing = feed.listing(request_of(user, query), params, permissions.visible_opportunities(user), now)
    assert listing is not None
    return feed.Rows(listing, now=now, reader=user)


def shown(opportunities) -> list[tuple]:
    """What each card shows of its row (every value of its Card) and whether the reader saved it."""
    return [(Card.of(o), Card.of(o).is_saved) for o in opportunities]


@pytest.mark.parametrize("query", QUERIES)
def test_the_kept_statements_read_the_rows_and_count_the_orm_reads(us_owner, demo_opportunities, query):
    SavedOpportunity.objects.create(user=us_owner, opportunity=Opportunity.objects.order_by("pk").first())
    now = timezone.now()
    rows, queryset = orm_rows(us_owner, query, now)
    kept = kept_rows(us_owner, query, now)
    assert shown(kept[0:25]) == shown(rows[0:25])
    assert shown(kept[2:4]) == shown(rows[2:4])
    assert kept.matches() == queryset.order_by().values("pk")[: selectors.COUNT_LIMIT + 1].count()
    # Kept: the second view reads the same rows from the same listing.
    assert shown(kept_rows(us_owner, query, now)[0:25]) == shown(rows[0:25])


def test_the_kept_fields_are_the_filters_fields(us_owner, demo_opportunities):
    query = "q=SAR&country=JP&value_min=abc"
    kept = kept_rows(us_owner, query, timezone.now())
    data = QueryDict(query, mutable=True)
    data["status"] = OPEN
    form = OpportunityFilter(data, queryset=Opportunity.objects.none()).form
    assert kept.listing.fields == form_fields(form)
    assert "Enter a number." in kept.listing.fields


def test_a_kept_listing_marks_each_readers_own_saved_notices(us_owner, jp_owner, demo_opportunities):
    notice = Opportunity.objects.order_by("pk").first()
    SavedOpportunity.objects.create(user=jp_owner, opportunity=notice)
    now = timezone.now()
    mine = {o.pk for o in kept_rows(jp_owner, "status=", now)[0:25] if o.is_saved}
    theirs = {o.pk for o in kept_rows(us_owner, "status=", now)[0:25] if o.is_saved}
    assert mine == {notice.pk}
    assert theirs == set()


def test_a_kept_listing_compares_deadlines_with_each_views_moment(us_owner, demo_opportunities):
    notice = Opportunity.objects.filter(status="active").order_by("pk").first()
    now = timezone.now()
    notice.deadline = now + dt.timedelta(hours=1)
    notice.save()
    for query in ("", "closes_within=1"):
        assert notice.pk in {o.pk for o in kept_rows(us_owner, query, now)[0:25]}
        later = now + dt.timedelta(hours=2)
        assert notice.pk not in {o.pk for o in kept_rows(us_owner, query, later)[0:25]}
        # Two days before, the deadline is more than a day away.
        if query:
            earlier = now - dt.timedelta(days=2)
            assert notice.pk not in {o.pk for o in kept_rows(us_owner, query, earlier)[0:25]}


def test_the_notices_come_from_the_permissions_queryset(client, us_owner, demo_opportunities, monkeypatch):
    """The statement is compiled from visible_opportunities(), and its condition is part of the key."""
    client.force_login(us_owner)
    everything = {o.pk for o in client.get(URL, {"status": ""}).context["page"]}
    only = Opportunity.objects.filter(country="JP")
    monkeypatch.setattr(permissions, "visible_opportunities", lambda user: only.all())
    narrowed = {o.pk for o in client.get(URL, {"status": ""}).context["page"]}
    assert narrowed == set(only.values_list("pk", flat=True))
    assert narrowed < everything


def test_a_statement_whose_values_cannot_be_told_apart_is_not_kept(us_owner, demo_opportunities, client, monkeypatch):
    monkeypatch.setattr(feed, "_statement", lambda *args, **kwargs: None)
    client.force_login(us_owner)
    response = client.get(URL, {"q": "never kept"})
    assert response.status_code == 200
    request = request_of(us_owner, "q=never+kept")
    assert feed.listing(request, QueryDict("q=never+kept"), Opportunity.objects.all(), timezone.now()) is None


def test_moments_and_readers_are_found_by_the_second_compilation(us_owner, demo_opportunities):
    kept = kept_rows(us_owner, "closes_within=30", timezone.now())
    offsets = sorted(offset for _position, offset in kept.listing.cards.moments)
    assert offsets == [dt.timedelta(0), dt.timedelta(0), dt.timedelta(days=30)]
    assert len(kept.listing.cards.readers) == 1
    assert kept.listing.matches.readers == ()


def test_a_loader_makes_the_instances_loaded_makes(demo_opportunities):
    from django.db import connection

    from accelerator.statements import loaded, loader

    names = ("deadline", "id", "value_amount", "itar", "title")
    with connection.cursor() as cursor:
        cursor.execute("SELECT deadline, id, value_amount, itar, title FROM procurement_opportunity ORDER BY id")
        rows = cursor.fetchall()
    load = loader(Opportunity, connection.alias, names)
    for row in rows:
        made, expected = load(row), loaded(Opportunity, connection.alias, **dict(zip(names, row, strict=True)))
        assert [getattr(made, name) for name in names] == [getattr(expected, name) for name in names]
        assert made.get_deferred_fields() == expected.get_deferred_fields()
    with pytest.raises(TypeError):
        loader(Opportunity, connection.alias, ("id", "nothing"))
