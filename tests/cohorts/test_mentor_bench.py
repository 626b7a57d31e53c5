"""bench_mentor_matching times the staff path, database included, and prints its figures with the
stability and capacity checks; the stable matching itself on small random markets."""

import io
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from accelerator.companies.models import Company
from cohorts import stable_matching
from cohorts.models import Cohort, MentorAssignment, MentorProfile, MentorSuggestion


@pytest.mark.django_db
def test_it_prints_the_figures_of_the_whole_path_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench_mentor_matching", startups=60, mentors=20, force=True, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"startups=60 mentors=20 match_s=\d+\.\d{3} stable=True capacity_ok=True", lines[-1])
    assert re.fullmatch(r"suggest_s=\d+\.\d{3}", lines[-2])
    assert any(re.search(r"proposal: \d+ assignments written", line) for line in lines)
    assert not Cohort.objects.exists()
    assert not MentorAssignment.objects.exists() and not MentorSuggestion.objects.exists()
    assert not MentorProfile.objects.exists() and not Company.objects.exists()


def test_it_refuses_an_empty_pool():
    with pytest.raises(CommandError):
        call_command("bench_mentor_matching", startups=0, mentors=10, force=True, stdout=io.StringIO())


def test_it_refuses_to_write_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("bench_mentor_matching", startups=10, mentors=4, stdout=io.StringIO())


def test_deferred_acceptance_is_stable_within_capacity_and_keeps_conflicts_apart():
    chance = np.random.default_rng(7)
    for _ in range(20):
        startups, mentors = chance.integers(1, 30), chance.integers(1, 10)
        startup_utility = chance.random((startups, mentors))
        mentor_utility = chance.random((mentors, startups))
        startup_utility[chance.random((startups, mentors)) < 0.2] = -np.inf
        capacity = chance.integers(0, 4, mentors)
        match = stable_matching.deferred_acceptance(startup_utility, mentor_utility, capacity)
        assert stable_matching.capacity_respected(match, capacity)
        assert len(stable_matching.blocking_pairs(startup_utility, mentor_utility, capacity, match)) == 0
        matched = np.flatnonzero(match >= 0)
        assert np.isfinite(startup_utility[matched, match[matched]]).all()


def test_the_startups_get_their_best_stable_mentor():
    # Two startups, one mentor with one place: the mentor's favourite gets it, whatever the order.
    startup_utility = np.array([[1.0], [1.0]])
    mentor_utility = np.array([[0.2, 0.9]])
    match = stable_matching.deferred_acceptance(startup_utility, mentor_utility, np.array([1]))
    assert match.tolist() == [-1, 0]
    # A blocking pair is found when a matching is not stable.
    assert stable_matching.blocking_pairs(
        startup_utility, mentor_utility, np.array([1]), np.array([0, -1])
    ).tolist() == [[1, 0]]
