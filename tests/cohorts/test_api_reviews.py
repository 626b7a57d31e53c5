"""/api/v1/reviews/: staff see all; reviewers their own, and the others' once theirs is in."""

import pytest
from django.utils import timezone

from cohorts.models import Conflict

from ..factories import make_company, make_user
from .conftest import make_submitted
from .fixtures_api import api, assign, make_review

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reviews/"


def detail(review) -> str:
    return f"{LIST}{review.pk}/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def reviews(jp_application, us_application, reviewer, second_reviewer):
    """Both reviewers have the Japanese application: the reviewer's review is a draft, the
    second reviewer's is submitted. The second reviewer also reviewed the U.S. application."""
    assign(jp_application, reviewer, second_reviewer)
    assign(us_application, second_reviewer)
    return {
        "draft": make_review(jp_application, reviewer, score=3, submitted=False, comment="Half way through."),
        "submitted": make_review(jp_application, second_reviewer, score=5, comment="Strong SAR heritage."),
        "us": make_review(us_application, second_reviewer, score=2, recommendation="reject"),
    }


def test_a_reviewer_sees_only_their_own_until_they_submit(reviews, reviewer):
    assert ids(api(reviewer).get(LIST)) == {reviews["draft"].pk}
    assert api(reviewer).get(detail(reviews["submitted"])).status_code == 404
    own = api(reviewer).get(detail(reviews["draft"])).json()
    assert own["submitted_at"] is None and own["comment"] == "Half way through."
    assert own["reviewer"] == {"id": reviewer.pk, "name": "Rae Reviewer"}


def test_after_submitting_a_reviewer_sees_the_others_submitted_reviews(reviews, reviewer, jp_application):
    reviews["draft"].submitted_at = timezone.now()
    reviews["draft"].save()
    assert ids(api(reviewer).get(LIST)) == {reviews["draft"].pk, reviews["submitted"].pk}
    other = api(reviewer).get(detail(reviews["submitted"])).json()
    assert other["application"] == jp_application.pk
    assert other["scores"]["business-value"] == 5 and other["weighted_score"] == "5.00"
    assert other["recommendation"] == "accept" and other["comment"] == "Strong SAR heritage."
    assert api(reviewer).get(detail(reviews["us"])).status_code == 404


def test_a_submitted_reviewer_does_not_see_others_drafts(reviews, second_reviewer):
    assert ids(api(second_reviewer).get(LIST)) == {reviews["submitted"].pk, reviews["us"].pk}
    assert api(second_reviewer).get(detail(reviews["draft"])).status_code == 404


def test_a_conflict_hides_even_a_reviewers_own_review(reviews, second_reviewer, us_company):
    Conflict.objects.create(reviewer=second_reviewer, company=us_company)
    assert ids(api(second_reviewer).get(LIST)) == {reviews["submitted"].pk}
    assert api(second_reviewer).get(detail(reviews["us"])).status_code == 404


def test_a_reviewer_taken_off_an_application_no_longer_sees_its_reviews(reviews, jp_application):
    unassigned = make_user(roles=("reviewer",))
    own = make_review(jp_application, unassigned)
    assert api(unassigned).get(LIST).json()["count"] == 0
    assert api(unassigned).get(detail(own)).status_code == 404


@pytest.mark.parametrize("who", ["jp_owner", "us_owner", "member", "outsider", "partner"])
def test_applicants_and_others_see_no_reviews(request, reviews, who):
    client = api(request.getfixturevalue(who))
    assert client.get(LIST).json() == {"count": 0, "next": None, "previous": None, "results": []}
    for review in reviews.values():
        assert client.get(detail(review)).status_code == 404


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_and_admins_see_every_review(request, reviews, who):
    assert ids(api(request.getfixturevalue(who)).get(LIST)) == {review.pk for review in reviews.values()}


def test_it_needs_authentication_and_never_replaces_or_deletes(reviews, reviewer):
    assert api().get(LIST).status_code in (401, 403)
    assert api().patch(detail(reviews["draft"]), {"comment": "changed"}, format="json").status_code in (401, 403)
    response = api(reviewer).put(detail(reviews["draft"]), {"comment": "changed"}, format="json")
    assert response.status_code == 405
    assert api(reviewer).delete(detail(reviews["draft"])).status_code == 405
    reviews["draft"].refresh_from_db()
    assert reviews["draft"].comment == "Half way through."


def test_it_filters_by_cohort_application_and_submission(reviews, closed_cohort, us_company, staff, reviewer):
    earlier = make_submitted(closed_cohort, us_company)
    assign(earlier, reviewer)
    old = make_review(earlier, reviewer)
    client = api(staff)
    current = {reviews["draft"].pk, reviews["submitted"].pk, reviews["us"].pk}
    assert ids(client.get(LIST, {"cohort": "cohort-2026"})) == {old.pk}
    assert ids(client.get(LIST, {"cohort": reviews["us"].application.cohort_id})) == current
    assert ids(client.get(LIST, {"application": reviews["us"].application_id})) == {reviews["us"].pk}
    assert ids(client.get(LIST, {"submitted": "false"})) == {reviews["draft"].pk}
    assert ids(client.get(LIST, {"submitted": "true", "cohort": "cohort-2027"})) == {
        reviews["submitted"].pk,
        reviews["us"].pk,
    }
    assert ids(api(reviewer).get(LIST, {"submitted": "true"})) == {old.pk}


def test_a_bad_filter_is_a_400_in_the_users_language(reviews, jp_owner, staff):
    assert api(staff).get(LIST, {"application": "first"}).status_code == 400
    response = api(jp_owner).get(LIST, {"application": "first"}, headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert response.json()["application"] == ["数値を入力してください。"]


@pytest.mark.parametrize("who", ["staff", "reviewer"])
def test_the_list_query_count_is_constant(
    request, open_cohort, who, django_assert_max_num_queries, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    reviewer = request.getfixturevalue("reviewer")
    client = api(user)

    def reviewed(number):
        application = make_submitted(open_cohort, make_company(legal_name=f"Applicant {number} Inc."))
        assign(application, reviewer)
        make_review(application, reviewer)
        colleague = make_user(roles=("reviewer",), display_name=f"Colleague {number}")
        assign(application, colleague)
        make_review(application, colleague)

    reviewed(0)
    with django_assert_max_num_queries(10) as one:
        assert client.get(LIST).json()["count"] == 2
    for number in range(1, 10):
        reviewed(number)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(LIST).json()["count"] == 20
