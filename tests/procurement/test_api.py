import json
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from procurement.models import ImportRun, Opportunity

from .conftest import DEMO

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "procurement" / "schema" / "release-schema-1.1.4.json").read_text()
)
# The envelope of an OCDS 1.1 release package; each release is checked against the release schema.
PACKAGE = {
    "type": "object",
    "required": ["uri", "publishedDate", "releases", "publisher", "version"],
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "version": {"type": "string", "pattern": "^(\\d+\\.)(\\d+)$"},
        "publishedDate": {"type": "string", "format": "date-time"},
        "publisher": {"type": "object", "required": ["name"]},
        "releases": {"type": "array", "minItems": 1, "items": SCHEMA},
    },
}
URL = "/api/v1/opportunities/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def validate(document, schema) -> None:
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(document)


def test_the_feed_with_the_same_filters_as_the_page(jp_owner, demo_opportunities):
    response = api(jp_owner).get(URL, {"country": "JP", "status": "open"})
    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    assert "小型SAR衛星画像の購入及び解析業務" in titles
    assert all(row["country"] == "JP" for row in response.json()["results"])
    marked = api(jp_owner).get(URL, {"marker": "itar"}).json()["results"]
    assert marked and all("itar" in row["export_markers"] for row in marked)


def test_every_opportunity_is_a_valid_ocds_release(jp_owner, demo_opportunities):
    client = api(jp_owner)
    for opportunity in Opportunity.objects.all():
        response = client.get(f"{URL}{opportunity.pk}/ocds/")
        assert response.status_code == 200
        validate(response.json(), SCHEMA)
        assert response.json()["ocid"] == opportunity.ocid


def test_a_filtered_list_is_a_valid_release_package(jp_owner, demo_opportunities):
    response = api(jp_owner).get(f"{URL}ocds-package/", {"source": "ocds", "status": "open"})
    assert response.status_code == 200
    package = response.json()
    validate(package, PACKAGE)
    assert {release["ocid"] for release in package["releases"]} == {
        "ocds-demo-au-ATM-ASA-2026-031",
        "ocds-demo-au-ATM-ASA-2026-044",
        "ocds-demo-uk-038417-2026",
    }
    amended = next(r for r in package["releases"] if r["ocid"] == "ocds-demo-au-ATM-ASA-2026-031")
    assert amended["tag"] == ["tenderAmendment"]
    assert amended["tender"]["value"] == {"amount": 3500000, "currency": "AUD"}


def test_a_consortium_award_exports_both_suppliers(jp_owner, demo_opportunities):
    opportunity = Opportunity.objects.get(ocid="ocds-demo-uk-021903-2026")
    release = api(jp_owner).get(f"{URL}{opportunity.pk}/ocds/").json()
    assert [s["name"] for s in release["awards"][0]["suppliers"]] == [
        "Albion Orbital Services Ltd",
        "Hoshizora SAR K.K.",
    ]


def test_signing_in_is_needed(demo_opportunities):
    assert api().get(URL).status_code == 401


def test_a_bad_filter_is_a_400(jp_owner, demo_opportunities):
    assert api(jp_owner).get(URL, {"value_min": "lots"}).status_code == 400


def test_staff_import_a_file_through_the_api(staff, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("kkj.xml", (DEMO / "kkj-search-results.xml").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = api(staff).post(f"{URL}import/", {"source": "kkj", "file": upload}, format="multipart")
    assert response.status_code == 202
    run = ImportRun.objects.get()
    status = api(staff).get(f"/api/v1/opportunity-imports/{run.pk}/").json()
    assert (status["state"], status["created"]) == ("done", 4)


@pytest.mark.parametrize("who", ["jp_owner", "partner"])
def test_only_program_staff_import_through_the_api(request, who):
    user = request.getfixturevalue(who)
    upload = SimpleUploadedFile("kkj.xml", (DEMO / "kkj-search-results.xml").read_bytes())
    response = api(user).post(f"{URL}import/", {"source": "kkj", "file": upload}, format="multipart")
    assert response.status_code == 403
    assert api(user).get("/api/v1/opportunity-imports/").status_code == 403
    assert not ImportRun.objects.exists()


def test_an_oversize_upload_is_a_400_in_the_users_language(staff, settings):
    settings.PROCUREMENT_UPLOAD_MAX_BYTES = 10
    staff.preferred_language = "ja"
    staff.save()
    upload = SimpleUploadedFile("big.json", b'{"opportunitiesData": []}')
    response = api(staff).post(f"{URL}import/", {"source": "sam", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert "取り込めるのは" in json.dumps(response.json(), ensure_ascii=False)
    assert not ImportRun.objects.exists()
