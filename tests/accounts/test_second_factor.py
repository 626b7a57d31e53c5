"""Staff, superusers and reviewers give a second factor before their pages; others may choose to."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from ..cohorts.fixtures_api import api
from ..factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code(secret=SECRET, offset=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("who", "page"),
    [("staff", "/cohorts/staff/"), ("reviewer", "/cohorts/reviews/"), ("admin_user", "/admin/")],
)
def test_without_an_authenticator_they_are_sent_to_set_one_up(client, request, who, page):
    user = request.getfixturevalue(who)
    assert sign_in(client, user).status_code == 302
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_setting_up_the_authenticator_opens_the_staff_pages(client, staff):
    sign_in(client, staff)
    # Setting up a factor asks for the password once more, as any change of credentials does.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    assert Authenticator.objects.filter(user=staff, type="recovery_codes").exists()
    assert client.get("/cohorts/staff/").status_code == 200


def test_with_an_authenticator_sign_in_asks_for_the_code(client, staff):
    TOTP.activate(staff, SECRET)
    response = sign_in(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("mfa_authenticate"), {"code": code()}).status_code == 302
    assert client.get("/cohorts/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_also_works(client, staff):
    TOTP.activate(staff, SECRET)
    recovery = RecoveryCodes.activate(staff)
    sign_in(client, staff)
    assert client.post(reverse("mfa_authenticate"), {"code": recovery.get_unused_codes()[0]}).status_code == 302
    assert client.get("/cohorts/staff/").status_code == 200


def test_a_session_that_skipped_the_code_is_asked_to_confirm_it(client, staff):
    TOTP.activate(staff, SECRET)
    client.force_login(staff)
    response = client.get("/cohorts/staff/")
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_staff_session_cannot_use_the_api_before_the_second_factor(client, staff):
    client.force_login(staff)
    response = client.get("/api/v1/companies/")
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    assert api(staff).get("/api/v1/companies/").status_code == 200


def test_others_are_not_asked_but_may_turn_it_on(client, outsider):
    sign_in(client, outsider)
    assert client.get(reverse("matchmaking:matches")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_someone_who_turned_it_on_is_asked_at_sign_in(client, outsider):
    TOTP.activate(outsider, SECRET)
    assert sign_in(client, outsider)["Location"] == reverse("mfa_authenticate")


def test_the_set_up_page_in_japanese(client, jp_owner):
    jp_owner.is_staff = True
    jp_owner.save()
    sign_in(client, jp_owner)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get("/admin/", follow=True)
    assert "認証アプリ" in response.text
