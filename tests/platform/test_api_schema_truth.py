"""The OpenAPI schema says what the API does: its enums, its media types, its filters and its errors."""

import pytest
import yaml
from django.core.management import call_command

from ..cohorts.fixtures_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def properties(schema, component):
    return schema["components"]["schemas"][component]["properties"]


@pytest.mark.parametrize(
    ("component", "field"),
    [("Application", "pending_decision"), ("Suggestion", "dismiss_reason"), ("Introduction", "decline_reason")],
)
def test_blank_choices_are_in_the_schema(schema, component, field):
    refs = [option["$ref"] for option in properties(schema, component)[field]["oneOf"]]
    assert "#/components/schemas/BlankEnum" in refs
    assert schema["components"]["schemas"]["BlankEnum"]["enum"] == [""]


def test_companies_take_json_only(schema):
    for path, method in (("/api/v1/companies/", "post"), ("/api/v1/companies/{id}/", "patch")):
        assert list(schema["paths"][path][method]["requestBody"]["content"]) == ["application/json"]


def test_a_company_sent_as_a_form_is_refused(staff):
    response = api(staff).post("/api/v1/companies/", {"legal_name": "Form Co", "country": "US"}, format="multipart")
    assert response.status_code == 415


def test_errors_are_documented(schema):
    operation = schema["paths"]["/api/v1/applications/{id}/"]["patch"]
    assert {"400", "401", "403", "404", "429"} <= set(operation["responses"])
    assert operation["responses"]["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    listing = schema["paths"]["/api/v1/reviews/"]["get"]["responses"]
    assert listing["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationErrors"}
    assert listing["403"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/applications/?status=", "status"),
        ("/api/v1/cohorts/?status=", "status"),
        ("/api/v1/matches/?status=", "status"),
        ("/api/v1/reviews/?submitted=null", "submitted"),
        ("/api/v1/reviews/?submitted=", "submitted"),
    ],
)
def test_a_filter_it_cannot_apply_is_refused(staff, url, field):
    response = api(staff).get(url)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_filters_with_values_still_work(staff):
    assert api(staff).get("/api/v1/reviews/?submitted=true").status_code == 200
    assert api(staff).get("/api/v1/applications/?status=submitted").status_code == 200


def test_the_filter_refusal_in_japanese(jp_owner):
    response = api(jp_owner).get("/api/v1/reviews/?submitted=null")
    assert response.json() == {"submitted": ["true または false を指定してください。"]}


def test_reads_open_to_anyone_need_no_token(schema):
    assert {} in schema["paths"]["/api/v1/councils/"]["get"]["security"]
    assert {} in schema["paths"]["/api/v1/meetings/{id}/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/v1/meetings/"]["post"]["security"]
    assert {} not in schema["paths"]["/api/v1/companies/"]["get"]["security"]


def test_refusals_of_deletes_and_unknown_references_are_documented(schema):
    assert "400" in schema["paths"]["/api/v1/companies/{id}/"]["delete"]["responses"]
    assert "404" in schema["paths"]["/api/v1/reviews/"]["post"]["responses"]


def test_filters_say_they_need_a_value(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/matches/"]["get"]["parameters"]}
    assert parameters["country"]["minLength"] == 1
    assert "minLength" not in parameters["ordering"]


def test_fields_only_staff_see_are_not_required(schema):
    application = schema["components"]["schemas"]["Application"]
    assert "disagreement_flagged" in application["properties"]
    assert not {"review_count", "score_mean", "score_spread", "disagreement_flagged", "pending_decision"} & set(
        application["required"]
    )
    assert "status" in application["required"]


def test_feedback_on_a_session_is_documented_as_created(schema):
    responses = schema["paths"]["/api/v1/mentor-sessions/{id}/feedback/"]["post"]["responses"]
    assert "201" in responses
    assert "200" not in responses


@pytest.mark.parametrize("value", ["-3.4e307", "99999999999999999999", "1e30"])
def test_an_id_no_database_can_hold_is_refused(staff, value):
    response = api(staff).get(f"/api/v1/reviews/?application={value}")
    assert response.status_code == 400
    assert list(response.json()) == ["application"]
