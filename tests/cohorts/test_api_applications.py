"""/api/v1/applications/: each role sees what it may open on the web, and no more."""

from decimal import Decimal

import pytest

from cohorts.models import Application, Conflict

from ..factories import make_company, make_user
from .conftest import make_cohort, make_submitted
from .fixtures_api import api, assign

pytestmark = pytest.mark.django_db

LIST = "/api/v1/applications/"
STAFF_ONLY = {"review_count", "score_mean", "score_spread", "disagreement_flagged", "pending_decision"}
SNAPSHOT = {
    "taken_at": "2027-01-10T09:00:00+00:00",
    "company": {"legal_name": "Hoshi SAR K.K.", "name_ja": "株式会社ほしSAR", "country": "JP", "kind": "startup"},
    "profile": {"trl": 8, "segments": ["earth-observation"]},
}


def detail(application) -> str:
    return f"{LIST}{application.pk}/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def applications(open_cohort, us_company, jp_company, us_owner, jp_owner, reviewer, second_reviewer):
    """Both companies applied; the reviewer has the Japanese one, the second reviewer both but
    a conflict with the U.S. company; a third company has a draft."""
    us = make_submitted(open_cohort, us_company, by=us_owner)
    jp = make_submitted(open_cohort, jp_company, by=jp_owner, snapshot=SNAPSHOT)
    draft = Application.objects.create(cohort=open_cohort, company=make_company(legal_name="Draft Orbital Inc."))
    assign(jp, reviewer, second_reviewer)
    assign(us, second_reviewer)
    assign(draft, reviewer)
    Conflict.objects.create(reviewer=second_reviewer, company=us_company, reason="Former adviser")
    Application.objects.filter(pk=jp.pk).update(
        review_count=2, score_mean=Decimal("4.25"), score_spread=Decimal("0.50"), pending_decision="accept"
    )
    return {"us": us, "jp": jp, "draft": draft}


def test_applicants_see_their_own_companys_applications(applications, us_owner, member, jp_owner):
    assert ids(api(us_owner).get(LIST)) == {applications["us"].pk}
    assert ids(api(member).get(LIST)) == {applications["us"].pk}
    assert ids(api(jp_owner).get(LIST)) == {applications["jp"].pk}
    mine = api(jp_owner).get(detail(applications["jp"])).json()
    assert mine["company"] == {"id": applications["jp"].company_id, "legal_name": "Hoshi SAR K.K.", "country": "JP"}
    assert mine["snapshot"]["company"]["legal_name"] == "Hoshi SAR K.K."
    assert mine["cohort"]["slug"] == "cohort-2027" and mine["cohort"]["name"] == "日米コホート2027"


def test_another_companys_application_is_404(applications, us_owner, outsider):
    assert api(us_owner).get(detail(applications["jp"])).status_code == 404
    assert api(outsider).get(detail(applications["us"])).status_code == 404
    assert ids(api(outsider).get(LIST)) == set()


def test_reviewers_see_their_assignments_without_conflicts_or_drafts(applications, reviewer, second_reviewer):
    assert ids(api(reviewer).get(LIST)) == {applications["jp"].pk}
    assert api(reviewer).get(detail(applications["jp"])).status_code == 200
    assert api(reviewer).get(detail(applications["us"])).status_code == 404
    assert api(reviewer).get(detail(applications["draft"])).status_code == 404
    assert ids(api(second_reviewer).get(LIST)) == {applications["jp"].pk}
    assert api(second_reviewer).get(detail(applications["us"])).status_code == 404


def test_a_member_who_also_reviews_sees_no_scores(applications, member):
    assign(applications["us"], member)
    assign(applications["jp"], member)
    rows = api(member).get(LIST).json()["results"]
    assert {row["id"] for row in rows} == {applications["us"].pk, applications["jp"].pk}
    assert "score_mean" not in rows[0] and "score_mean" not in rows[1]


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_and_admins_see_all(request, applications, who):
    client = api(request.getfixturevalue(who))
    assert ids(client.get(LIST)) == {application.pk for application in applications.values()}
    assert client.get(detail(applications["draft"])).json()["status"] == "draft"


def test_it_needs_authentication(applications):
    assert api().get(LIST).status_code in (401, 403)
    assert api().get(detail(applications["us"])).status_code in (401, 403)


def test_scores_and_staged_decisions_are_for_staff_only(applications, staff, jp_owner, reviewer):
    shown = api(staff).get(detail(applications["jp"])).json()
    assert shown["score_mean"] == "4.25" and shown["review_count"] == 2
    assert shown["pending_decision"] == "accept" and shown["disagreement_flagged"] is False
    for user in (jp_owner, reviewer):
        hidden = api(user).get(detail(applications["jp"])).json()
        assert not STAFF_ONLY & set(hidden)
        assert hidden["status"] == "submitted"
        assert not STAFF_ONLY & set(api(user).get(LIST).json()["results"][0])


def test_blind_review_hides_the_company_from_reviewers(applications, open_cohort, reviewer, jp_owner, staff):
    open_cohort.blind_review = True
    open_cohort.save()
    blind = api(reviewer).get(detail(applications["jp"])).json()
    assert blind["company"] is None
    assert blind["snapshot"]["company"] == {"country": "JP", "kind": "startup"}
    assert blind["snapshot"]["profile"]["trl"] == 8
    assert api(reviewer).get(LIST).json()["results"][0]["company"] is None
    assert "株式会社ほしSAR" not in api(reviewer).get(LIST).content.decode()
    assert api(jp_owner).get(detail(applications["jp"])).json()["company"]["legal_name"] == "Hoshi SAR K.K."
    assert api(staff).get(detail(applications["jp"])).json()["snapshot"]["company"]["name_ja"] == "株式会社ほしSAR"
    applications["jp"].refresh_from_db()
    assert applications["jp"].snapshot == SNAPSHOT


def test_it_filters_by_cohort_status_and_country(applications, closed_cohort, us_company, staff):
    earlier = make_submitted(closed_cohort, us_company)
    client = api(staff)
    everything = {application.pk for application in applications.values()}
    assert ids(client.get(LIST, {"cohort": "cohort-2026"})) == {earlier.pk}
    assert ids(client.get(LIST, {"cohort": applications["us"].cohort_id})) == everything
    assert ids(client.get(LIST, {"status": "draft"})) == {applications["draft"].pk}
    assert ids(client.get(LIST, {"country": "JP"})) == {applications["jp"].pk}
    assert ids(client.get(LIST, {"country": "US", "status": "submitted", "cohort": "cohort-2027"})) == {
        applications["us"].pk
    }
    assert ids(client.get(LIST, {"cohort": "no-such-cohort"})) == set()


def test_a_cohort_named_by_other_digits_is_unknown_not_an_error(applications, staff):
    for name in ("²", "١"):
        assert ids(api(staff).get(LIST, {"cohort": name})) == set()
        assert api(staff).get("/api/v1/reviews/", {"cohort": name}).json()["count"] == 0


def test_filters_never_widen_what_a_user_sees(applications, us_owner):
    assert ids(api(us_owner).get(LIST, {"country": "JP"})) == set()
    assert ids(api(us_owner).get(LIST, {"cohort": "cohort-2027"})) == {applications["us"].pk}


def test_a_bad_filter_is_a_400(staff):
    response = api(staff).get(LIST, {"status": "pending", "country": "XX"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "country"}


def test_a_bad_filter_is_explained_in_japanese(jp_owner):
    response = api(jp_owner).get(LIST, {"status": "pending"}, headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert "正しく選択してください" in response.json()["status"][0]


def test_only_staff_order_by_score(applications, staff, reviewer):
    Application.objects.filter(pk=applications["us"].pk).update(score_mean=Decimal("2.00"))
    assign(applications["us"], reviewer)
    lowest_first = [applications["us"].pk, applications["jp"].pk]
    ranked = api(staff).get(LIST, {"ordering": "score_mean", "status": "submitted"}).json()["results"]
    assert [row["id"] for row in ranked] == lowest_first
    newest_first = api(reviewer).get(LIST, {"ordering": "score_mean"}).json()["results"]
    assert [row["id"] for row in newest_first] == lowest_first[::-1]


@pytest.mark.parametrize("who", ["staff", "reviewer", "us_owner"])
def test_the_list_query_count_is_constant(
    request, open_cohort, us_company, who, django_assert_max_num_queries, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    client = api(user)

    def apply(company):
        application = make_submitted(open_cohort, company)
        assign(application, request.getfixturevalue("reviewer"))

    apply(us_company)
    with django_assert_max_num_queries(10) as one:
        assert client.get(LIST).json()["count"] == 1
    for number in range(9):
        company = make_company(legal_name=f"Applicant {number} Inc.", country="JP")
        company.memberships.create(user=request.getfixturevalue("us_owner"), role="member")
        apply(company)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(LIST).json()["count"] == 10


def test_it_answers_session_users_too(client, applications, us_owner):
    client.force_login(us_owner)
    assert {row["id"] for row in client.get(LIST).json()["results"]} == {applications["us"].pk}


def test_a_blind_cohort_still_shows_applicants_their_company(open_cohort, jp_company, jp_owner):
    blind = make_cohort(slug="blind", blind_review=True)
    application = make_submitted(blind, jp_company, by=jp_owner)
    reviewer_and_member = make_user(roles=("reviewer",))
    jp_company.memberships.create(user=reviewer_and_member, role="member")
    assign(application, reviewer_and_member)
    shown = api(reviewer_and_member).get(detail(application)).json()
    assert shown["company"]["legal_name"] == "Hoshi SAR K.K."
