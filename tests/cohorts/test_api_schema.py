import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_describes_the_cohort_endpoints_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/v1/cohorts/", "/api/v1/cohorts/{id}/", "/api/v1/applications/{id}/", "/api/v1/reviews/"):
        assert f"  {path}:" in schema
    assert "Null for reviewers when the cohort's review is blind." in schema
