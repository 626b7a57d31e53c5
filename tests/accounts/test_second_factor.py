"""Staff, superusers and reviewers give a second factor before their pages; others may choose to."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from ..cohorts.fixtures_api import api
from ..factories import PASSWORD, authenticator_code, give_authenticator

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def texts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("staff", "/cohorts/staff/"),
        ("reviewer", "/cohorts/reviews/"),
        ("admin_user", "/admin/"),
        ("staff", "/admin/"),
    ],
)
def test_without_an_authenticator_they_are_sent_to_set_one_up(client, request, who, page):
    user = request.getfixturevalue(who)
    assert sign_in(client, user).status_code == 302
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_index"))
    # The reason is shown with the ways to set it up.
    response = client.get(response["Location"])
    assert any("must turn on two-factor authentication" in text for text in texts(response))
    assert reverse("mfa_activate_totp") in response.text and reverse("mfa_add_webauthn") in response.text


def test_the_reason_is_given_in_japanese(client, staff):
    staff.preferred_language = "ja"
    staff.save()
    sign_in(client, staff)
    response = client.get("/cohorts/staff/", follow=True, HTTP_ACCEPT_LANGUAGE="ja")
    assert any("二要素認証" in text for text in texts(response))


def test_setting_up_the_authenticator_opens_the_staff_pages(client, staff):
    sign_in(client, staff)
    # Setting up a factor asks for the password once more, as any change of credentials does.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert "Incorrect code." in wrong.text
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    assert Authenticator.objects.filter(user=staff, type="recovery_codes").exists()
    assert client.get("/cohorts/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_with_an_authenticator_sign_in_asks_for_the_code(client, staff):
    give_authenticator(staff)
    response = sign_in(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/cohorts/staff/").status_code == 302
    assert client.post(reverse("mfa_authenticate"), {"code": authenticator_code(staff)}).status_code == 302
    assert client.get("/cohorts/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, staff):
    give_authenticator(staff)
    sign_in(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/cohorts/staff/")["Location"].startswith(reverse("account_login"))


def test_a_wrong_code_in_japanese(client, staff):
    give_authenticator(staff)
    sign_in(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert "コードが正しくありません" in response.text


def test_a_code_is_accepted_once(client, staff):
    give_authenticator(staff)
    sign_in(client, staff)
    code = authenticator_code(staff)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()
    sign_in(client, staff)
    assert "Incorrect code." in client.post(reverse("mfa_authenticate"), {"code": code}).text


def test_a_recovery_code_works_once(client, staff):
    give_authenticator(staff)
    recovery = RecoveryCodes.activate(staff)
    code = recovery.get_unused_codes()[0]
    sign_in(client, staff)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get("/cohorts/staff/").status_code == 200
    client.logout()
    sign_in(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert "_auth_user_id" not in client.session


def test_a_session_that_skipped_the_code_is_asked_to_confirm_it(client, staff):
    give_authenticator(staff)
    client.force_login(staff)
    response = client.get("/cohorts/staff/")
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_staff_session_cannot_use_the_api_before_the_second_factor(client, staff):
    client.force_login(staff)
    response = client.get("/api/v1/companies/")
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    # An API token is its own credential.
    assert api(staff).get("/api/v1/companies/").status_code == 200


@pytest.mark.parametrize("who", ["outsider", "us_owner", "mentor", "partner"])
def test_others_are_not_asked(client, request, who):
    user = request.getfixturevalue(who)
    response = sign_in(client, user)
    assert response["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("matchmaking:matches")).status_code == 200
    assert client.get("/", follow=True).status_code == 200


def test_others_may_turn_it_on_from_their_profile(client, outsider):
    sign_in(client, outsider)
    profile = client.get(reverse("account_profile"))
    assert "Off. Turn it on" in profile.text
    assert reverse("mfa_index") in profile.text
    assert client.get(reverse("mfa_index")).status_code == 200


def test_someone_who_turned_it_on_is_asked_at_sign_in(client, outsider):
    give_authenticator(outsider)
    assert sign_in(client, outsider)["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": authenticator_code(outsider)})
    assert "On: signing in asks for your authenticator" in client.get(reverse("account_profile")).text


def test_the_pages_in_japanese(client, jp_owner):
    jp_owner.is_staff = True
    jp_owner.save()
    sign_in(client, jp_owner)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == reverse("mfa_index")
    assert "認証アプリ" in response.text and "セキュリティキー" in response.text
    # allauth's page inside the site's layout: its header and language switcher.
    assert 'class="site-header' in response.text or "<header" in response.text
    assert client.get(reverse("mfa_index")).status_code == 200


def test_the_two_factor_pages_have_no_english_left(client, jp_owner):
    from ..project.test_japanese_pages import english_left

    sign_in(client, jp_owner)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    left = {}
    for name in ("mfa_index", "mfa_activate_totp", "mfa_add_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert '<html lang="ja">' in response.text
        english = english_left(response.text, also_allowed={"JavaScript"})
        if english:
            left[name] = english
    give_authenticator(jp_owner)
    client.logout()
    sign_in(client, jp_owner)
    response = client.get(reverse("mfa_authenticate"))
    if english_left(response.text):
        left["mfa_authenticate"] = english_left(response.text)
    assert not left, left
