"""Scoring through /api/v1/reviews/: an assigned reviewer without a conflict saves and submits."""

from decimal import Decimal

import pytest

from cohorts.models import Conflict, Review

from .fixtures_api import api, assign, make_review

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reviews/"
ALL_FOURS = {
    "technology": 4,
    "team": 4,
    "business-value": 4,
    "market-readiness": 4,
    "compliance-readiness": 4,
}


def detail(review) -> str:
    return f"{LIST}{review.pk}/"


@pytest.fixture
def assigned(jp_application, reviewer, second_reviewer):
    assign(jp_application, reviewer, second_reviewer)
    return jp_application


def test_a_reviewer_saves_a_draft_then_submits_it(reviewer, assigned):
    draft = {"application": assigned.pk, "scores": {"technology": 5, "team": "3"}, "comment": "Strong SAR heritage."}
    response = api(reviewer).post(LIST, draft, format="json")
    assert response.status_code == 201, response.json()
    saved = response.json()
    assert saved["scores"] == {"technology": 5, "team": 3} and saved["submitted_at"] is None
    assert saved["weighted_score"] is None and saved["reviewer"]["name"] == "Rae Reviewer"

    review = Review.objects.get()
    response = api(reviewer).patch(
        detail(review), {"scores": {**ALL_FOURS, "technology": 5}, "recommendation": "accept"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["comment"] == "Strong SAR heritage." and response.json()["submitted_at"] is None

    response = api(reviewer).patch(detail(review), {"submit": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["submitted_at"] and response.json()["weighted_score"] == "4.18"
    assigned.refresh_from_db()
    assert assigned.review_count == 1 and assigned.score_mean == Decimal("4.18")


def test_posting_again_saves_over_the_reviewers_own_draft(reviewer, assigned):
    make_review(assigned, reviewer, score=2, submitted=False)
    response = api(reviewer).post(
        LIST,
        {"application": assigned.pk, "scores": ALL_FOURS, "recommendation": "unsure", "submit": True},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert Review.objects.get().weighted_score == Decimal("4.00")


def test_a_submitted_review_is_final(reviewer, assigned):
    review = make_review(assigned, reviewer, score=4, comment="Done.")
    response = api(reviewer).patch(detail(review), {"comment": "Second thoughts."}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["You have already submitted this review; submitted reviews are final."]
    }
    review.refresh_from_db()
    assert review.comment == "Done."


def test_an_unassigned_or_conflicted_reviewer_gets_a_404(reviewer, second_reviewer, outsider, us_application, assigned):
    for user in (reviewer, outsider):
        response = api(user).post(LIST, {"application": us_application.pk, "scores": ALL_FOURS}, format="json")
        assert response.status_code == 404
    Conflict.objects.create(reviewer=second_reviewer, company=assigned.company, reason="Former adviser")
    response = api(second_reviewer).post(LIST, {"application": assigned.pk, "scores": ALL_FOURS}, format="json")
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_draft_left_behind_by_a_conflict_is_404(second_reviewer, assigned):
    review = make_review(assigned, second_reviewer, submitted=False)
    Conflict.objects.create(reviewer=second_reviewer, company=assigned.company)
    assert api(second_reviewer).patch(detail(review), {"comment": "x"}, format="json").status_code == 404


def test_nobody_changes_another_reviewers_review(reviewer, second_reviewer, staff, assigned):
    theirs = make_review(assigned, second_reviewer, score=5, comment="Mine.")
    make_review(assigned, reviewer, score=3)
    for user in (reviewer, staff):
        response = api(user).patch(detail(theirs), {"comment": "Overwritten."}, format="json")
        assert response.status_code == 403
    assert response.json()["detail"] == "Only the reviewer who wrote a review can change it."
    theirs.refresh_from_db()
    assert theirs.comment == "Mine."


def test_an_applicant_cannot_review_their_own_application(jp_owner, assigned):
    response = api(jp_owner).post(LIST, {"application": assigned.pk, "scores": ALL_FOURS}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("score", [0, 6, "4.5", "four"])
def test_a_bad_score_is_a_400_and_saves_nothing(reviewer, assigned, score):
    response = api(reviewer).post(
        LIST, {"application": assigned.pk, "scores": {**ALL_FOURS, "team": score}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The score for “Team” must be a whole number from 1 to 5."]}
    assert not Review.objects.exists()


def test_scores_that_are_not_plain_values_are_a_400(reviewer, assigned):
    response = api(reviewer).post(
        LIST, {"application": assigned.pk, "scores": {**ALL_FOURS, "team": [4]}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"scores": {"team": ["Send text, a number or null."]}}
    assert not Review.objects.exists()


def test_an_unknown_criterion_is_a_400(reviewer, assigned):
    response = api(reviewer).post(LIST, {"application": assigned.pk, "scores": {"charisma": 5}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"scores": {"charisma": ["This cohort's rubric has no criterion with this code."]}}
    assert not Review.objects.exists()


def test_an_unknown_criterion_named_like_a_field_stays_under_scores(reviewer, assigned):
    scores = {**ALL_FOURS, "comment": 5}
    response = api(reviewer).post(LIST, {"application": assigned.pk, "scores": scores}, format="json")
    assert response.status_code == 400
    assert response.json() == {"scores": {"comment": ["This cohort's rubric has no criterion with this code."]}}
    assert not Review.objects.exists()


def test_submitting_needs_every_score_and_a_recommendation(reviewer, assigned):
    partial = {"application": assigned.pk, "scores": {"technology": 4}, "recommendation": "accept", "submit": True}
    response = api(reviewer).post(LIST, partial, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert message.startswith("Score every criterion before you submit. Missing: Team")
    no_recommendation = {"application": assigned.pk, "scores": ALL_FOURS, "submit": True}
    response = api(reviewer).post(LIST, no_recommendation, format="json")
    assert response.json() == {"non_field_errors": ["Choose an overall recommendation before you submit."]}
    assert not Review.objects.exists()


def test_a_bad_score_is_explained_in_japanese(assigned, reviewer):
    reviewer.preferred_language = "ja"
    reviewer.save()
    response = api(reviewer).post(LIST, {"application": assigned.pk, "scores": {**ALL_FOURS, "team": 9}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["「チーム」の評点は1から5の整数で入力してください。"]}
