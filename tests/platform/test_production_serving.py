"""Production serving: /healthz, JSON logs with the request id, kept database connections, prepared statements."""

import json
import logging

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection

from accelerator import health
from accelerator.request_logging import JSONFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_the_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_broker_it_cannot_reach_without_failing(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    from accelerator.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"


def test_healthz_is_503_without_a_database(client, monkeypatch):
    def broken():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_takes_no_writes(client):
    assert client.post("/healthz").status_code == 405


def test_each_response_carries_its_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21")["X-Request-ID"] == "lb-7f3a9c21"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_log_lines_are_json_with_the_request_id(client):
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("accelerator.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    [line] = lines
    assert line["message"] == "GET /healthz 200" and line["request_id"] == "lb-7f3a9c21"
    assert line["status"] == 200 and line["path"] == "/healthz" and line["method"] == "GET"
    assert line["level"] == "INFO" and line["logger"] == "accelerator.requests"
    assert line["time"].endswith("Z") and line["user_id"] is None


def test_connections_are_kept_between_requests():
    assert django_settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_pages_render_before_static_files_are_collected(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static-not-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "accelerator.static_storage.StaticFilesStorage"},
    }
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "/static/css/site.css" in response.text


@pytest.mark.postgres
def test_a_statement_a_connection_runs_again_is_prepared(client, django_user_model):
    django_user_model.objects.create_user(email="prepared@example.com", password="x")
    statement = "SELECT email FROM accounts_user WHERE email = %s"
    with connection.cursor() as cursor:
        for _run in range(3):
            cursor.execute(statement, ["prepared@example.com"])
            assert cursor.fetchone() == ("prepared@example.com",)
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert "SELECT email FROM accounts_user WHERE email = $1" in prepared
