"""The API answers 429 with Retry-After past the rate, per token and per anonymous address."""

import pytest
from rest_framework.test import APIClient

from matchmaking.models import Introduction, Suggestion

from ..cohorts.fixtures_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {"user": "3/minute", "anon": "2/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    return rates


def test_a_token_past_its_rate_gets_429_with_retry_after(us_owner, outsider, low_rates):
    client = api(us_owner)
    assert [client.get("/api/v1/companies/").status_code for _ in range(3)] == [200] * 3
    response = client.get("/api/v1/companies/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Request was throttled" in response.json()["detail"]
    assert api(outsider).get("/api/v1/companies/").status_code == 200


def test_anonymous_clients_are_counted_per_address(low_rates):
    client = APIClient()
    assert [client.get("/api/schema/", REMOTE_ADDR="203.0.113.1").status_code for _ in range(2)] == [200, 200]
    assert client.get("/api/schema/", REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.get("/api/schema/", REMOTE_ADDR="203.0.113.2").status_code == 200


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(settings, low_rates):
    client = APIClient()
    for n in range(2):
        client.get("/api/schema/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert client.get("/api/schema/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/api/schema/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 200


def test_the_throttle_message_in_japanese(jp_owner, low_rates):
    client = api(jp_owner)
    for _ in range(3):
        client.get("/api/v1/companies/")
    assert "リクエスト" in client.get("/api/v1/companies/").json()["detail"]


def test_introduction_requests_are_limited_per_account(us_owner, us_company, jp_company, prime_like_companies):
    client = api(us_owner)
    statuses = []
    for partner in prime_like_companies:
        suggestion = Suggestion.objects.create(
            company=us_company, partner=partner, rank=1, score=0.5, fingerprint=str(partner.pk)
        )
        response = client.post(f"/api/v1/matches/{suggestion.pk}/introduce/", {"message": "Hello"}, format="json")
        statuses.append(response.status_code)
    assert statuses[:20] == [201] * 20 and statuses[20] == 429
    assert "Retry-After" in response
    assert Introduction.objects.count() == 20


@pytest.fixture
def prime_like_companies():
    from ..factories import make_company

    return [make_company(legal_name=f"Partner {n} K.K.", country="JP") for n in range(21)]
