"""Queries compiled once per process (accelerator.statements.Compiled): the same rows as the ORM's,
with the values of their markers filled in on every run."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accelerator.statements import Compiled, instance
from cohorts.models import Cohort

from .conftest import make_cohort

pytestmark = pytest.mark.django_db

MARK = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def closing_after(moment: datetime):
    return Cohort.objects.filter(closes_at__gt=moment).order_by("closes_at").values_list("id", "closes_at", "seats")


def test_the_rows_are_the_orms_for_each_moment_given():
    soon = make_cohort(slug="soon", closes_in_days=2)
    later = make_cohort(slug="later", closes_in_days=20, seats=12)
    statement = Compiled(closing_after(MARK), now=MARK)
    now = timezone.now()
    for moment in (now, now + timedelta(days=5), now + timedelta(days=30)):
        assert statement.rows(now=moment) == list(closing_after(moment))
    assert [row[0] for row in statement.rows(now=now)] == [soon.pk, later.pk]
    cohort = instance(Cohort, statement.alias, **dict(zip(statement.names, statement.rows(now=now)[1], strict=True)))
    assert (cohort.pk, cohort.closes_at, cohort.seats) == (later.pk, later.closes_at, 12)


def test_every_marker_needs_a_value_and_a_place_in_the_query():
    statement = Compiled(closing_after(MARK), now=MARK)
    with pytest.raises(TypeError):
        statement.rows()
    with pytest.raises(TypeError):
        statement.rows(now=timezone.now(), user=1)
    with pytest.raises(ValueError, match="user"):
        Compiled(closing_after(MARK), now=MARK, user=-2_147_483_629)
