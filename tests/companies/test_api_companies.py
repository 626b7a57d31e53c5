from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accelerator.companies.models import Company, ReadinessAnswer
from accelerator.councils import services as councils
from tests.councils.conftest import held, make_council, make_meeting
from tests.factories import make_company

pytestmark = pytest.mark.django_db

LIST = "/api/v1/companies/"


def detail(company_or_id):
    return f"{LIST}{getattr(company_or_id, 'pk', company_or_id)}/"


def api(user=None):
    client = APIClient()
    if user:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


NEW_COMPANY = {
    "legal_name": "Pacific Relay Inc.",
    "country": "US",
    "size_band": "11-50",
    "description_en": "Optical relay terminals.",
    "profile": {"segments": ["satcom"], "technology_areas": ["tx05"], "offers": ["optical-comms"], "trl": 6},
    "readiness": {"market-research": 4, "financial-resources": 2},
}


def test_it_needs_authentication(us_company):
    assert api().get(LIST).status_code in (401, 403)


def test_it_lists_with_pagination(us_company, jp_company, outsider):
    response = api(outsider).get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [row["legal_name"] for row in response.json()["results"]] == ["Hoshi SAR K.K.", "Orbitworks Analytics Inc."]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "JP"}, ["Hoshi SAR K.K."]),
        ({"segment": "space-data"}, ["Orbitworks Analytics Inc."]),
        ({"technology_area": "tx08"}, ["Hoshi SAR K.K."]),
        ({"trl_min": 8}, ["Hoshi SAR K.K."]),
        ({"trl_max": 7}, ["Orbitworks Analytics Inc."]),
        ({"q": "maritime"}, ["Orbitworks Analytics Inc."]),
    ],
)
def test_it_filters(us_company, jp_company, outsider, query, expected):
    response = api(outsider).get(LIST, query)
    assert [row["legal_name"] for row in response.json()["results"]] == expected


def test_a_bad_filter_is_a_400(outsider):
    response = api(outsider).get(LIST, {"segment": "no-such-segment", "trl_min": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"segment", "trl_min"}


def test_it_retrieves_and_unknown_ids_are_404(us_company, outsider):
    assert api(outsider).get(detail(us_company)).json()["profile"]["offers"] == ["image-analytics"]
    assert api(outsider).get(detail(999999)).status_code == 404
    assert api(outsider).get(f"{LIST}not-a-number/").status_code == 404


def test_private_fields_are_for_members_and_staff(us_company, outsider, member, staff):
    hidden = api(outsider).get(detail(us_company)).json()
    assert "readiness" not in hidden and "export_classification" not in hidden["profile"]
    for user in (member, staff):
        shown = api(user).get(detail(us_company)).json()
        assert shown["readiness"] == {} and shown["profile"]["export_classification"] == "unknown"


@pytest.mark.parametrize("who", ["staff", "admin_user"])
def test_staff_and_admins_create(request, who):
    response = api(request.getfixturevalue(who)).post(LIST, NEW_COMPANY, format="json")
    assert response.status_code == 201, response.json()
    company = Company.objects.get(legal_name="Pacific Relay Inc.")
    assert response.json()["profile"]["segments"] == ["satcom"]
    assert response.json()["readiness"] == {"market-research": 4, "financial-resources": 2}
    assert company.profile.trl == 6


@pytest.mark.parametrize("who", ["outsider", "us_owner", "partner", "reviewer"])
def test_others_cannot_create(request, who):
    assert api(request.getfixturevalue(who)).post(LIST, NEW_COMPANY, format="json").status_code == 403
    assert not Company.objects.filter(legal_name="Pacific Relay Inc.").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"profile": {"segments": ["no-such-segment"]}}, "profile"),
        ({"profile": {"trl": 12}}, "profile"),
        ({"readiness": {"market-research": 9}}, "readiness"),
        ({"readiness": {"no-such-item": 3}}, "readiness"),
        ({"description_en": ""}, "description_en"),
        ({"country": "XX"}, "country"),
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(staff, change, field):
    response = api(staff).post(LIST, NEW_COMPANY | change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Company.objects.filter(legal_name="Pacific Relay Inc.").exists()
    assert not ReadinessAnswer.objects.exists()


def test_owner_updates_own_company(us_owner, us_company):
    response = api(us_owner).patch(detail(us_company), {"size_band": "51-250", "profile": {"trl": 8}}, format="json")
    assert response.status_code == 200
    shown = api(us_owner).get(detail(us_company)).json()
    assert (shown["size_band"], shown["profile"]["trl"]) == ("51-250", 8)
    assert shown["profile"]["segments"] == ["earth-observation", "space-data"]


def test_a_bad_update_changes_nothing(us_owner, us_company):
    response = api(us_owner).patch(
        detail(us_company), {"size_band": "51-250", "readiness": {"customers": 0}}, format="json"
    )
    assert response.status_code == 400
    us_company.refresh_from_db()
    assert us_company.size_band == "11-50"


@pytest.mark.parametrize("who", ["jp_owner", "member", "outsider", "partner"])
def test_others_cannot_update_or_delete(request, us_company, who):
    client = api(request.getfixturevalue(who))
    assert client.patch(detail(us_company), {"size_band": "1-10"}, format="json").status_code == 403
    assert client.delete(detail(us_company)).status_code == 403
    us_company.refresh_from_db()
    assert us_company.size_band == "11-50"


def test_owner_cannot_delete_but_staff_can(us_owner, staff, us_company):
    assert api(us_owner).delete(detail(us_company)).status_code == 403
    assert api(staff).delete(detail(us_company)).status_code == 204
    assert not Company.objects.filter(pk=us_company.pk).exists()


def test_session_authentication_works(client, outsider, us_company):
    client.force_login(outsider)
    assert client.get(LIST).json()["count"] == 1


def test_the_list_query_count_is_constant(staff, us_owner, django_assert_max_num_queries):
    client = api(staff)
    for n in range(3):
        make_company(owner=us_owner, legal_name=f"Few {n}", segments=("launch",), offers=("small-launch",), trl=5)
    with django_assert_max_num_queries(14) as few:
        client.get(LIST)
    for n in range(30):
        make_company(owner=us_owner, legal_name=f"Many {n}", segments=("launch",), offers=("small-launch",), trl=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).json()["count"] == 33


def test_errors_follow_the_users_language(jp_owner, jp_company):
    response = api(jp_owner).patch(detail(jp_company), {"readiness": {"customers": 9}}, format="json")
    assert response.status_code == 400
    assert "1から5の整数、またはnullを指定してください。" in str(response.json()["readiness"]["customers"])


def test_a_company_that_owns_council_actions_is_not_deleted(staff, us_company):
    council = make_council(staff)
    meeting = make_meeting(staff, council)
    held(meeting)
    decision = councils.record_decision(actor=staff, meeting=meeting, text_en="Pilot.", text_ja="試行する。")
    councils.add_action_item(actor=staff, decision=decision, due_on=timezone.localdate() + timedelta(days=30),
                             title_en="Host the pilot", owner_company=us_company)  # fmt: skip

    response = api(staff).delete(detail(us_company))

    assert response.status_code == 400
    assert "owns council action items" in str(response.json())
    assert Company.objects.filter(pk=us_company.pk).exists()
