"""Queries compiled once per process (accelerator.statements.Compiled): the same rows as the ORM's,
with the values of their markers filled in on every run."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from accelerator.statements import Compiled, instance
from cohorts import selectors
from cohorts.models import Application, Cohort
from cohorts.selectors import counts
from cohorts.selectors.counts import _counted

from ..factories import make_company
from .conftest import make_cohort, make_submitted

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


def test_application_counts_are_the_orms_for_each_cohort_the_kept_statement_is_run_with():
    full = make_cohort(slug="full-2027", seats=4)
    empty = make_cohort(slug="empty-2027")
    accepted = make_submitted(full, make_company(legal_name="Apogee One Inc.", country="US"))
    accepted.status = Application.Status.ACCEPTED
    accepted.save()
    make_submitted(full, make_company(legal_name="Kaguya Orbit K.K.", country="JP"))
    figures = (
        selectors.pipeline_counts(),
        selectors.country_mix_counts(),
        selectors.seats_counts(),
        selectors.score_distribution_counts(),
        selectors.awaiting_reply_counts(),
    )
    conditions = {name: condition for figure in figures for name, condition in figure.items()}
    # The same statement, run for one cohort and then another, gives each its own counts.
    for cohort in (full, empty, full):
        found = selectors.count_applications(cohort, *figures)
        assert found == _counted("default", cohort.pk, conditions)
        assert all(type(value) is int for value in found.values())
    assert selectors.count_applications(full, *figures)["mix_submitted_jp"] == 1
    assert selectors.seat_counts(full).accepted == 1
    assert selectors.count_applications(empty, *figures)["mix_accepted"] == 0


def test_application_counts_take_one_query_the_first_time_and_after(django_assert_num_queries):
    cohort = make_cohort(slug="counted-2027")
    make_submitted(cohort, make_company(legal_name="Apogee One Inc.", country="US"))
    counts._kept.clear()
    for _time in range(2):
        with django_assert_num_queries(1):
            assert selectors.count_applications(cohort, selectors.country_mix_counts())["mix_submitted_us"] == 1


def test_a_name_given_another_condition_is_counted_with_that_condition():
    cohort = make_cohort(slug="renamed-2027")
    make_submitted(cohort, make_company(legal_name="Apogee One Inc.", country="US"))
    us, japan = {"mix_x": Q(company_country="US")}, {"mix_x": Q(company_country="JP")}
    assert [selectors.count_applications(cohort, figure)["mix_x"] for figure in (us, japan, us)] == [1, 0, 1]
