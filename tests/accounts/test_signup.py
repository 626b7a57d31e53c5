import re

import pytest
from django.core import mail
from django.urls import reverse

from accelerator.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


@pytest.fixture(autouse=True)
def _mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def sign_up(client, email="founder@kumo.example", password2=PASSWORD):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": password2}, follow=True
    )


def test_it_works(client):
    response = sign_up(client)
    assert "Verify Your Email Address" in response.text
    user = User.objects.get()
    assert user.email == "founder@kumo.example"
    assert not hasattr(user, "username") or user.username is None

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    assert client.get(link).status_code == 200
    response = client.post(link, follow=True)
    assert response.context["user"].is_authenticated
    assert user.emailaddress_set.get().verified


def test_sign_in_waits_for_verification(client):
    sign_up(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "founder@kumo.example", "password": PASSWORD}, follow=True
    )
    assert not response.context["user"].is_authenticated
    assert "Verify Your Email Address" in response.text


@pytest.mark.parametrize(
    ("email", "password2", "message"),
    [
        ("founder@kumo.example", "something else", "You must type the same password each time."),
        ("not-an-email", PASSWORD, "Enter a valid email address."),
        # An existing address is not revealed: the page reads the same and the owner gets an email.
        ("owner@orbitworks.example", PASSWORD, "Verify Your Email Address"),
    ],
)
def test_bad_input_creates_nothing(client, us_owner, email, password2, message):
    response = sign_up(client, email=email, password2=password2)
    assert message in response.text
    assert User.objects.count() == 1


def test_it_speaks_japanese(client):
    client.cookies["django_language"] = "ja"
    response = client.get(reverse("account_signup"))
    assert 'lang="ja"' in response.text
    assert "ユーザー登録" in response.text or "新規登録" in response.text


def test_the_verification_email_is_in_the_visitors_language(client):
    client.cookies["django_language"] = "ja"
    sign_up(client, email="hanako@kumo.example")
    assert mail.outbox[-1].subject.startswith("[日米宇宙アクセラレーター] ")
    assert "hanako@kumo.example" in mail.outbox[-1].to


def test_the_time_zone_the_browser_chose_is_kept(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "founder@kumo.example", "password1": PASSWORD, "password2": PASSWORD, "time_zone": "Asia/Tokyo"},
    )
    assert response.status_code == 302
    assert User.objects.get().time_zone == "Asia/Tokyo"


def test_signing_up_from_a_japanese_page_makes_a_japanese_account(client):
    page = client.get(reverse("account_signup"), headers={"accept-language": "ja"}).text
    assert 'data-from-browser="true"' in page and "よく使うタイムゾーン" in page
    assert '<option value="Asia/Tokyo" selected>(UTC+09:00) 日本時間 – 東京</option>' in page
    client.post(
        reverse("account_signup"),
        {"email": "founder@kumo.example", "password1": PASSWORD, "password2": PASSWORD},
        headers={"accept-language": "ja"},
    )
    user = User.objects.get()
    assert (user.preferred_language, user.time_zone) == ("ja", "Asia/Tokyo")


def test_an_unknown_time_zone_creates_nothing(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "founder@kumo.example", "password1": PASSWORD, "password2": PASSWORD, "time_zone": "Mars/Olympus"},
    )
    assert "Select a valid choice" in response.text
    assert not User.objects.exists()
