"""Failed sign-ins back off per account and per address; nobody can keep the owner out."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accelerator import ratelimits

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The rate limits' clock, moved by hand."""

    class Clock:
        now = 1_900_000_000.0

        def time(self):
            return self.now

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(ratelimits.time, "time", clock.time)
    return clock


def sign_in(client, email, password, address="203.0.113.5"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302


def test_it_backs_off_after_five_failures_from_one_address(client, us_owner, clock):
    for _attempt in range(5):
        assert (
            "The email address and/or password you specified are not correct."
            in sign_in(client, us_owner.email, "wrong guess").text
        )
    refused = sign_in(client, us_owner.email, PASSWORD)
    assert "Too many failed sign-in attempts. Try again in 1 second." in refused.text
    clock.advance(1)
    assert signed_in(sign_in(client, us_owner.email, PASSWORD))


def test_the_wait_doubles_with_each_further_failure_up_to_a_ceiling(client, us_owner, clock):
    for _attempt in range(8):
        clock.advance(3600)
        sign_in(client, us_owner.email, "wrong guess")
    assert "Try again in 8 seconds." in sign_in(client, us_owner.email, PASSWORD).text
    assert ratelimits.ACCOUNT_AT_ADDRESS.wait_after(40) == 15 * 60


def test_an_attacker_elsewhere_cannot_keep_the_owner_out(client, us_owner, clock):
    assert signed_in(sign_in(client, us_owner.email, PASSWORD, address="198.51.100.7"))
    client.logout()
    for attempt in range(120):
        sign_in(client, us_owner.email, "wrong guess", address=f"192.0.2.{attempt}")
    assert signed_in(sign_in(client, us_owner.email, PASSWORD, address="198.51.100.7"))


def test_guessing_from_many_addresses_slows_strangers_down(client, us_owner, clock):
    for attempt in range(50):
        sign_in(client, us_owner.email, "wrong guess", address=f"192.0.2.{attempt}")
    assert "Too many failed sign-in attempts" in sign_in(client, us_owner.email, PASSWORD, address="192.0.2.200").text


def test_one_address_guessing_many_accounts_backs_off(client, us_owner, clock):
    for attempt in range(20):
        sign_in(client, f"nobody{attempt}@example.com", "wrong guess")
    assert "Too many failed sign-in attempts" in sign_in(client, us_owner.email, PASSWORD).text
    assert signed_in(sign_in(client, us_owner.email, PASSWORD, address="198.51.100.7"))


def test_the_admin_signs_in_through_the_same_door(client, admin_user, clock):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for _attempt in range(40):
        sign_in(client, admin_user.email, "wrong guess")
    refused = sign_in(client, admin_user.email, PASSWORD)
    assert refused.status_code == 429 or "Too many failed sign-in attempts" in refused.text
    assert "_auth_user_id" not in client.session


def test_the_message_in_japanese(client, jp_owner, clock):
    for _attempt in range(6):
        response = client.post(
            reverse("account_login"),
            {"login": jp_owner.email, "password": "wrong guess"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_ACCEPT_LANGUAGE="ja",
        )
    assert "ログインの失敗が続いています。" in response.text


def test_sign_up_is_limited_per_address(client):
    statuses = [
        client.post(
            reverse("account_signup"),
            {"email": f"new{n}@example.com", "password1": "a long and unusual passphrase", "password2": "x"},
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_password_reset_is_limited_per_account(client, us_owner):
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": us_owner.email}, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


def test_limits_hold_in_the_process_while_the_shared_cache_is_away(client, settings, us_owner, clock):
    settings.CACHES = {
        "default": {
            "BACKEND": "accelerator.resilient_cache.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for _attempt in range(5):
        assert sign_in(client, us_owner.email, "wrong guess").status_code == 200
    assert "Too many failed sign-in attempts" in sign_in(client, us_owner.email, PASSWORD).text
    assert signed_in(sign_in(client, us_owner.email, PASSWORD, address="198.51.100.7"))
    cache.clear()


def test_a_new_account_signs_in_first_time(client, clock):
    user = make_user("first@example.com")
    assert signed_in(sign_in(client, user.email, PASSWORD))
