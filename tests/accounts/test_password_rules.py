"""Passwords: Django's rules, not the email address, and not one published in a breach."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accelerator.accounts.models import User

pytestmark = pytest.mark.django_db


def sign_up(client, email, password, **headers):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}, **headers
    )


def test_a_good_password_signs_up(client):
    response = sign_up(client, "founder@kumo.example", "Tidal-lantern-orbit-42")
    assert response.status_code == 302
    assert User.objects.filter(email="founder@kumo.example").exists()


@pytest.mark.parametrize("password", ["kumofounder99", "Kumo.Founder@kumo.example!", "xx-kumo.founder-xx"])
def test_a_password_built_from_the_email_is_refused(client, password):
    email = "kumo.founder@kumo.example"
    response = sign_up(client, email, password)
    assert "Your password must not contain your email address" in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["satellite", "Satellite2026!", "1qaz2wsx", "summer2024"])
def test_a_breached_password_is_refused(client, password):
    response = sign_up(client, "founder@kumo.example", password)
    assert "This password has appeared in a data breach." in response.text
    assert not User.objects.exists()


def test_djangos_rules_still_apply(client):
    assert "This password is too short." in sign_up(client, "founder@kumo.example", "Ab1!").text
    assert "This password is entirely numeric." in sign_up(client, "founder@kumo.example", "40404040123").text


def test_changing_a_password_is_checked_too(client, us_owner):
    client.force_login(us_owner)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct horse battery staple", "password1": "starwars99", "password2": "starwars99"},
    )
    assert "This password has appeared in a data breach." in response.text


def test_the_list_needs_no_network():
    with pytest.raises(ValidationError):
        validate_password("password123")
    validate_password("Tidal-lantern-orbit-42")


def test_the_messages_in_japanese(client):
    response = sign_up(client, "kumo@kumo.example", "satellite1", HTTP_ACCEPT_LANGUAGE="ja")
    assert "このパスワードはデータ漏えいで公開されたことがあります。" in response.text
    response = sign_up(client, "kumo.founder@kumo.example", "kumofounder-99x", HTTP_ACCEPT_LANGUAGE="ja")
    assert "メールアドレス" in response.text
