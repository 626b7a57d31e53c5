"""/api/v1/cohorts/: everyone signed in reads the published cohorts; program staff create and edit."""

import pytest

from cohorts.models import Cohort, Criterion

from ..factories import make_user
from .conftest import make_cohort
from .fixtures_api import api

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cohorts/"

NEW_COHORT = {
    "slug": "cohort-2028",
    "name_en": "Binational Cohort 2028",
    "name_ja": "日米コホート2028",
    "description_en": "Twelve weeks for U.S. and Japanese space startups.",
    "description_ja": "日米の宇宙スタートアップのための12週間。",
    "status": "draft",
    "program_starts_on": "2028-04-03",
    "program_ends_on": "2028-06-23",
    "opens_at": "2027-11-01T09:00:00-05:00",
    "closes_at": "2028-01-15T23:59:00+09:00",
    "seats": 12,
    "min_share_us": 40,
    "min_share_jp": 40,
    "eligible_countries": ["US", "JP"],
    "min_trl": 4,
    "reviewers_per_application": 3,
    "blind_review": True,
}


def detail(cohort) -> str:
    return f"{LIST}{cohort.pk}/"


@pytest.fixture
def draft_cohort(db):
    return make_cohort(slug="cohort-2029", status="draft", opens_in_days=90, closes_in_days=120)


@pytest.fixture
def japanese_staff(db):
    return make_user("staff.ja@accelerator.example", roles=("staff",), preferred_language="ja", time_zone="Asia/Tokyo")


def test_it_lists_published_cohorts_with_questions_and_rubric(open_cohort, closed_cohort, draft_cohort, outsider):
    response = api(outsider).get(LIST)
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) == {"cohort-2027", "cohort-2026"}
    cohort = rows["cohort-2027"]
    assert cohort["name_en"] == "Binational Cohort 2027" and cohort["name_ja"] == "日米コホート2027"
    assert cohort["accepting_applications"] is True
    assert rows["cohort-2026"]["accepting_applications"] is False
    assert [question["kind"] for question in cohort["questions"]] == ["long_text", "choice"]
    assert cohort["questions"][1]["choices_ja"] == ["米国", "日本", "第三国"]
    assert [criterion["code"] for criterion in cohort["criteria"]][:2] == ["technology", "team"]
    assert cohort["criteria"][2]["weight"] == "1.50"


def test_drafts_are_for_staff_only(draft_cohort, outsider, us_owner, reviewer, staff, admin_user):
    for user in (outsider, us_owner, reviewer):
        assert api(user).get(LIST).json()["count"] == 0
        assert api(user).get(detail(draft_cohort)).status_code == 404
    for user in (staff, admin_user):
        assert api(user).get(LIST).json()["count"] == 1
        assert api(user).get(detail(draft_cohort)).json()["status"] == "draft"


def test_it_needs_authentication(open_cohort):
    assert api().get(LIST).status_code in (401, 403)
    assert api().get(detail(open_cohort)).status_code in (401, 403)


def test_the_window_is_iso_8601_in_the_users_time_zone(open_cohort, us_owner, jp_owner):
    tokyo = api(jp_owner).get(detail(open_cohort)).json()
    assert tokyo["opens_at"].endswith("+09:00") and tokyo["closes_at"].endswith("+09:00")
    assert tokyo["name"] == "日米コホート2027"
    new_york = api(us_owner).get(detail(open_cohort)).json()["closes_at"]
    assert new_york.endswith(("-05:00", "-04:00"))


def test_it_filters_by_status(open_cohort, closed_cohort, outsider):
    assert [row["slug"] for row in api(outsider).get(LIST, {"status": "reviewing"}).json()["results"]] == [
        "cohort-2026"
    ]
    assert api(outsider).get(LIST, {"status": "sleeping"}).status_code == 400


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_create_a_cohort_with_the_default_rubric(request, who):
    response = api(request.getfixturevalue(who)).post(LIST, NEW_COHORT, format="json")
    assert response.status_code == 201, response.json()
    cohort = Cohort.objects.get(slug="cohort-2028")
    assert cohort.blind_review and cohort.reviewers_per_application == 3
    assert [country.code for country in cohort.eligible_countries] == ["JP", "US"]
    assert response.json()["eligible_countries"] == ["JP", "US"]
    assert cohort.closes_at.isoformat() == "2028-01-15T14:59:00+00:00"
    assert Criterion.objects.filter(cohort=cohort).count() == 5
    assert len(response.json()["criteria"]) == 5
    assert response.json()["accepting_applications"] is False


@pytest.mark.parametrize("who", ["outsider", "us_owner", "reviewer", "partner", "mentor"])
def test_others_cannot_create_or_edit(request, open_cohort, who):
    client = api(request.getfixturevalue(who))
    assert client.post(LIST, NEW_COHORT, format="json").status_code == 403
    assert client.patch(detail(open_cohort), {"seats": 99}, format="json").status_code == 403
    assert not Cohort.objects.filter(slug="cohort-2028").exists()
    open_cohort.refresh_from_db()
    assert open_cohort.seats == 10


def test_anonymous_cannot_create(db):
    assert api().post(LIST, NEW_COHORT, format="json").status_code in (401, 403)
    assert not Cohort.objects.exists()


def test_a_window_that_closes_before_it_opens_is_a_400_and_creates_nothing(staff):
    response = api(staff).post(LIST, NEW_COHORT | {"closes_at": "2027-10-01T00:00:00Z"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Applications must close after they open."]}
    assert not Cohort.objects.exists()
    assert not Criterion.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"eligible_countries": ["US", "XX"]}, "eligible_countries"),
        ({"seats": 0}, "seats"),
        ({"min_trl": 10}, "min_trl"),
        ({"status": "sleeping"}, "status"),
        ({"opens_at": "next tuesday"}, "opens_at"),
        ({"name_ja": ""}, "name_ja"),
        ({"min_share_us": 70, "min_share_jp": 40}, "non_field_errors"),
    ],
)
def test_bad_input_is_a_400_and_creates_nothing(staff, change, field):
    response = api(staff).post(LIST, NEW_COHORT | change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Cohort.objects.exists()


def test_a_taken_slug_is_a_400(staff, open_cohort):
    response = api(staff).post(LIST, NEW_COHORT | {"slug": open_cohort.slug}, format="json")
    assert response.status_code == 400 and "slug" in response.json()
    assert Cohort.objects.count() == 1


def test_staff_edit_a_cohort(staff, open_cohort, draft_cohort):
    response = api(staff).patch(
        detail(draft_cohort), {"status": "open", "seats": 8, "eligible_countries": ["JP"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    draft_cohort.refresh_from_db()
    assert (draft_cohort.status, draft_cohort.seats) == ("open", 8)
    assert [country.code for country in draft_cohort.eligible_countries] == ["JP"]
    assert response.json()["criteria"][0]["code"] == "technology"


def test_a_bad_edit_changes_nothing(staff, open_cohort):
    response = api(staff).patch(
        detail(open_cohort), {"seats": 3, "closes_at": "2000-01-01T00:00:00+09:00"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Applications must close after they open."]
    open_cohort.refresh_from_db()
    assert open_cohort.seats == 10 and open_cohort.closes_at.year > 2000


def test_errors_come_in_japanese(japanese_staff):
    response = api(japanese_staff).post(
        LIST,
        NEW_COHORT | {"closes_at": "2027-10-01T00:00:00Z"},
        format="json",
        headers={"Accept-Language": "ja"},
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["応募締切は受付開始より後にしてください。"]
    assert not Cohort.objects.exists()


def test_an_anonymous_request_is_answered_in_the_language_it_asks_for(db):
    response = api().get(LIST, headers={"Accept-Language": "ja"})
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "認証情報が含まれていません。"


def test_the_list_query_count_is_constant(outsider, django_assert_max_num_queries, django_assert_num_queries):
    make_cohort(slug="only-one")
    client = api(outsider)
    with django_assert_max_num_queries(8) as one:
        assert client.get(LIST).json()["count"] == 1
    for number in range(6):
        make_cohort(slug=f"many-{number}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(LIST).json()["count"] == 7
