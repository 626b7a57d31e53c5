"""Scoring an application against the rubric: drafts, submission, the weighted score and the aggregates."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.models import Conflict, Review
from cohorts.services import reviews

pytestmark = pytest.mark.django_db

# The default rubric: business value weighs 1.5, the four others 1.
MIXED = {"technology": 5, "team": 3, "business-value": 4, "market-readiness": 2, "compliance-readiness": 1}


@pytest.fixture
def assigned(staff, reviewer, second_reviewer, us_application):
    for person in (reviewer, second_reviewer):
        reviews.assign_reviewer(application=us_application, reviewer=person, by=staff)
    return us_application


def _save(application, reviewer, scores, *, submit=True, recommendation="accept", comment="Solid team."):
    return reviews.save_review(
        application=application,
        reviewer=reviewer,
        scores=scores,
        comment=comment,
        recommendation=recommendation,
        submit=submit,
    )


def test_the_weighted_score_and_the_aggregates(assigned, reviewer, second_reviewer):
    review = _save(assigned, reviewer, MIXED)
    assert review.weighted_score == Decimal("3.09")  # (5 + 3 + 1.5·4 + 2 + 1) / 5.5
    assigned.refresh_from_db()
    assert (assigned.review_count, assigned.score_mean, assigned.score_spread) == (1, Decimal("3.09"), Decimal("0"))
    _save(assigned, second_reviewer, dict.fromkeys(MIXED, 5), recommendation="strong_accept")
    assigned.refresh_from_db()
    assert assigned.review_count == 2
    assert assigned.score_mean == Decimal("4.05")
    assert assigned.score_spread == Decimal("1.91")


def test_a_draft_may_be_partial_and_does_not_count(assigned, reviewer):
    review = _save(assigned, reviewer, {"technology": "4"}, submit=False, recommendation="")
    assert review.scores == {"technology": 4}
    assert review.submitted_at is None and review.weighted_score is None
    assigned.refresh_from_db()
    assert assigned.review_count == 0 and assigned.score_mean is None
    review = _save(assigned, reviewer, MIXED, submit=True)
    assert review.submitted_at is not None
    assert Review.objects.count() == 1


def test_a_submitted_review_is_final(assigned, reviewer):
    _save(assigned, reviewer, MIXED)
    with pytest.raises(ValidationError, match="submitted reviews are final"):
        _save(assigned, reviewer, dict.fromkeys(MIXED, 1))
    with pytest.raises(ValidationError, match="submitted reviews are final"):
        _save(assigned, reviewer, dict.fromkeys(MIXED, 1), submit=False)
    assert Review.objects.get().scores == MIXED


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({**MIXED, "team": 0}, "“Team” must be a whole number from 1 to 5"),
        ({**MIXED, "team": 6}, "“Team” must be a whole number from 1 to 5"),
        ({**MIXED, "team": "three"}, "“Team” must be a whole number from 1 to 5"),
        ({key: value for key, value in MIXED.items() if key != "team"}, "Score every criterion before you submit"),
    ],
)
def test_bad_scores_change_nothing(assigned, reviewer, scores, message):
    _save(assigned, reviewer, {"technology": 2}, submit=False)
    with pytest.raises(ValidationError, match=message):
        _save(assigned, reviewer, scores)
    review = Review.objects.get()
    assert review.scores == {"technology": 2} and review.submitted_at is None
    assigned.refresh_from_db()
    assert assigned.review_count == 0


@pytest.mark.parametrize("submit", [False, True])
def test_a_score_for_a_criterion_the_rubric_lacks_is_refused(assigned, reviewer, submit):
    _save(assigned, reviewer, {"technology": 2}, submit=False)
    with pytest.raises(ValidationError) as error:
        _save(assigned, reviewer, {**MIXED, "charisma": 5, "comment": 4}, submit=submit)
    assert error.value.message_dict == {
        "charisma": ["This cohort's rubric has no criterion with this code."],
        "comment": ["This cohort's rubric has no criterion with this code."],
    }
    assert {item.code for items in error.value.error_dict.values() for item in items} == {reviews.UNKNOWN_CRITERION}
    review = Review.objects.get()
    assert review.scores == {"technology": 2} and review.submitted_at is None


@pytest.mark.parametrize("submit", [False, True])
def test_a_comment_with_a_null_character_is_refused(assigned, reviewer, submit):
    with pytest.raises(ValidationError) as error:
        _save(assigned, reviewer, MIXED, comment="Solid\x00team.", submit=submit)
    assert error.value.message_dict == {"comment": ["Remove the null characters (U+0000) from this text."]}
    assert not Review.objects.exists()


def test_submitting_needs_a_recommendation(assigned, reviewer):
    with pytest.raises(ValidationError, match="overall recommendation"):
        _save(assigned, reviewer, MIXED, recommendation="")
    with pytest.raises(ValidationError, match="Choose a recommendation from the list"):
        _save(assigned, reviewer, MIXED, recommendation="maybe")
    assert not Review.objects.exists()


def test_only_an_assigned_reviewer_without_a_conflict_scores(assigned, reviewer, staff, outsider, third_party):
    for person in (staff, outsider, third_party):
        with pytest.raises(PermissionDenied):
            _save(assigned, person, MIXED)
    Conflict.objects.create(reviewer=reviewer, company=assigned.company)
    with pytest.raises(PermissionDenied):
        _save(assigned, reviewer, MIXED)
    assert not Review.objects.exists()


def test_a_withdrawn_application_is_no_longer_reviewed(assigned, reviewer):
    assigned.status = "withdrawn"
    assigned.save()
    with pytest.raises(ValidationError, match="not in review"):
        _save(assigned, reviewer, MIXED)


def test_zero_weights_count_every_criterion_alike(assigned, reviewer):
    assigned.cohort.criteria.update(weight=0)
    assert _save(assigned, reviewer, MIXED).weighted_score == Decimal("3.00")


def test_staff_flag_disagreement(assigned, staff, reviewer):
    reviews.flag_disagreement(application=assigned, by=staff, flagged=True)
    assigned.refresh_from_db()
    assert assigned.disagreement_flagged
    with pytest.raises(PermissionDenied):
        reviews.flag_disagreement(application=assigned, by=reviewer, flagged=False)
    assigned.refresh_from_db()
    assert assigned.disagreement_flagged


@pytest.fixture
def third_party(db):
    from ..factories import make_user

    return make_user("unassigned.reviewer@example.com", roles=("reviewer",))
