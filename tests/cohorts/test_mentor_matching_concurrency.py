"""Two staff members give a mentor's last place to two startups at the same moment: one wins, capacity holds."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cohorts.models import MentorAssignment
from cohorts.services.mentoring.matching import assign_mentor, propose_assignments

from ..factories import make_user
from .conftest import make_cohort
from .fixtures_mentoring import accept, make_mentor_profile


def _race(*actions) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_staff_adding_at_once_never_exceed_capacity(vocabularies, staff, us_company, jp_company):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: run this on PostgreSQL")
    cohort = make_cohort(slug="running-race", status="running")
    accept(cohort, us_company)
    accept(cohort, jp_company)
    second_staff = make_user(roles=("staff",))
    profile = make_mentor_profile(make_user(roles=("mentor",), display_name="Only Place"), capacity=1)

    outcomes = _race(
        lambda: assign_mentor(cohort=cohort, company=us_company, mentor=profile, by=staff),
        lambda: assign_mentor(cohort=cohort, company=jp_company, mentor=profile, by=second_staff),
    )

    assert sorted(outcomes, key=len) == ["done", "Only Place is at capacity (1 of 1 startups)."]
    assert MentorAssignment.objects.filter(mentor=profile).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_proposal_racing_a_hand_assignment_stays_within_capacity(vocabularies, staff, us_company, jp_company):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: run this on PostgreSQL")
    cohort = make_cohort(slug="running-race-2", status="running")
    accept(cohort, us_company)
    accept(cohort, jp_company)
    profile = make_mentor_profile(make_user(roles=("mentor",), display_name="Only Place"), capacity=1)

    _race(
        lambda: propose_assignments(cohort=cohort, by=staff),
        lambda: assign_mentor(cohort=cohort, company=jp_company, mentor=profile, by=staff),
    )

    assert MentorAssignment.objects.filter(mentor=profile).count() == 1
