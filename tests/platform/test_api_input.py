"""Input the API cannot use gets a 400 with a clear message, never a server error, and changes nothing."""

import json

import pytest

from accelerator.companies.models import Company
from cohorts.models import Application, Review
from matchmaking.models import Introduction, Suggestion

from ..cohorts.conftest import make_cohort, make_submitted
from ..cohorts.fixtures_api import api, assign

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
SURROGATE_VALUE = '"x\\ud800"'
NESTED_TOO_FAR = json.dumps({"profile": json.loads("[" * 40 + "]" * 40)})


def send(client, method, url, body: str):
    return getattr(client, method)(url, data=body, content_type="application/json")


@pytest.fixture
def draft(us_owner, us_company):
    cohort = make_cohort()
    return (
        api(us_owner)
        .post("/api/v1/applications/", {"cohort": cohort.pk, "company": us_company.pk}, format="json")
        .json()["id"]
    )


@pytest.mark.parametrize("body", [DEEP, NESTED_TOO_FAR])
def test_deep_nesting_is_refused_on_company_writes(staff, us_company, body):
    for method, url in (("post", "/api/v1/companies/"), ("patch", f"/api/v1/companies/{us_company.pk}/")):
        response = send(api(staff), method, url, body)
        assert response.status_code == 400
        assert "nested too deeply" in response.json()["detail"]
    assert Company.objects.count() == 1


def test_deep_nesting_is_refused_on_application_and_review_writes(us_owner, reviewer, draft):
    assert send(api(us_owner), "patch", f"/api/v1/applications/{draft}/", DEEP).status_code == 400
    assert send(api(reviewer), "post", "/api/v1/reviews/", DEEP).status_code == 400
    assert not Review.objects.exists()


@pytest.mark.parametrize("answers", ['{"%(q)s": "x\\ud800"}', '{"\\udc00": "x"}'], ids=str)
def test_unstorable_text_in_answers_is_refused(us_owner, draft, answers):
    question = Application.objects.get(pk=draft).cohort.questions.first()
    body = '{"answers": ' + answers % {"q": question.pk if question else 1} + "}"
    response = send(api(us_owner), "patch", f"/api/v1/applications/{draft}/", body)
    assert response.status_code == 400
    assert response.json()["detail"] == "The JSON contains an unpaired surrogate, which is not text."
    assert Application.objects.get(pk=draft).answers == {}


def test_unstorable_text_in_answers_sent_as_multipart_is_refused(us_owner, draft):
    response = api(us_owner).patch(
        f"/api/v1/applications/{draft}/", {"answers": '{"\\ud800": "x"}'}, format="multipart"
    )
    assert response.status_code == 400
    assert "unpaired surrogate" in str(response.json())


@pytest.mark.parametrize("scores", ['{"\\ud800": 3}', '{"technology": "\\udfff"}'])
def test_unstorable_text_in_scores_is_refused(reviewer, us_company, scores):
    application = make_submitted(make_cohort(slug="reviewed"), us_company)
    assign(application, reviewer)
    body = f'{{"application": {application.pk}, "scores": {scores}}}'
    response = send(api(reviewer), "post", "/api/v1/reviews/", body)
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_deep_nesting_and_surrogates_are_refused_on_introductions(us_owner, us_company, jp_company):
    suggestion = Suggestion.objects.create(company=us_company, partner=jp_company, rank=1, score=0.9, fingerprint="f")
    url = f"/api/v1/matches/{suggestion.pk}/introduce/"
    assert send(api(us_owner), "post", url, DEEP).status_code == 400
    assert send(api(us_owner), "post", url, f'{{"message": {SURROGATE_VALUE}}}').status_code == 400
    assert not Introduction.objects.exists()


@pytest.mark.parametrize("query", ["company=%00", "company=1%00", "segment=%00", "trl_min=%00"])
def test_a_nul_in_a_match_filter_is_a_400(us_owner, query):
    response = api(us_owner).get(f"/api/v1/matches/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_the_messages_are_in_the_users_language(jp_owner, jp_company):
    response = send(api(jp_owner), "patch", f"/api/v1/companies/{jp_company.pk}/", DEEP)
    assert response.status_code == 400
    assert response.json()["detail"] == "JSONの入れ子が深すぎます。"


def test_anonymous_deep_json_is_refused_before_anything_else(client):
    assert send(client, "post", "/api/v1/companies/", DEEP).status_code in (401, 403)
