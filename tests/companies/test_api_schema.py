import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/companies/" in (tmp_path / "schema.yaml").read_text()


def test_the_schema_is_served(client, outsider):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_the_docs_work_offline(client, outsider):
    client.force_login(outsider)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "drf_spectacular_sidecar" in response.text or "/static/" in response.text
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in response.text


def test_drf_create_token_takes_an_email(client, admin_user, capsys):
    call_command("drf_create_token", "admin@accelerator.example")
    token = capsys.readouterr().out.split()[2]
    response = client.get("/api/v1/companies/", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
