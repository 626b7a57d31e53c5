import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_password_reset_works(client, outsider):
    client.post(reverse("account_reset_password"), {"email": outsider.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form_url = client.get(link, follow=True).redirect_chain[-1][0] if client.get(link).status_code == 302 else link
    response = client.post(form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"})
    assert response.status_code == 302
    assert client.login(email=outsider.email, password="a brand new passphrase")


def test_password_change_works(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another long passphrase", "password2": "another long passphrase"},
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password("another long passphrase")


def test_a_wrong_old_password_changes_nothing(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "another long passphrase", "password2": "another long passphrase"},
    )
    assert response.status_code == 200
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_logout_is_a_post(client, outsider):
    client.force_login(outsider)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
