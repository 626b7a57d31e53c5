import pytest
from django.urls import reverse

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user, **headers):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True, headers=headers
    )


def test_signing_in_from_an_english_session_greets_in_the_users_language(client, jp_owner):
    client.get(reverse("home"))  # an English session
    response = sign_in(client, jp_owner)
    assert response.context["user"] == jp_owner
    assert f"ユーザー {jp_owner} としてログインしました。" in response.text
    assert "Successfully signed in" not in response.text
    assert '<html lang="ja">' in response.text
    # Signing out later keeps the site in the language the person chose.
    assert client.cookies["django_language"].value == "ja"


def test_an_english_user_signing_in_from_a_japanese_page_reads_english(client, us_owner):
    response = sign_in(client, us_owner, **{"accept-language": "ja"})
    assert f"Successfully signed in as {us_owner}." in response.text
    assert '<html lang="en">' in response.text


def test_a_wrong_password_signs_nobody_in(client, jp_owner):
    response = client.post(reverse("account_login"), {"login": jp_owner.email, "password": "wrong"}, follow=True)
    assert not response.context["user"].is_authenticated
    assert "django_language" not in client.cookies


def test_header_and_account_pages_say_login_in_japanese(client):
    home = client.get(reverse("home"), headers={"accept-language": "ja"}).text
    login = client.get(reverse("account_login"), headers={"accept-language": "ja"}).text
    assert "ログイン" in home and "ログイン" in login
    assert "サインイン" not in home and "サインイン" not in login
