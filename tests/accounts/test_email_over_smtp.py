"""Account email (sign-up verification, password reset) reaches a real SMTP server."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.urls import reverse

from accelerator.accounts.models import User
from accelerator.mailbox import mailbox

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


@pytest.fixture(autouse=True)
def _mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def test_sign_up_sends_the_verification_over_smtp(client, smtp_server):
    response = client.post(
        reverse("account_signup"),
        {"email": "founder@kumo.example", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "Verify Your Email Address" in response.text

    [received] = smtp_server.messages
    assert received.recipients == ["founder@kumo.example"]
    assert received.sender == "noreply@accelerator.example"
    assert received.from_header == '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>'
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", received.text).group(0)
    client.post(link.split("testserver", 1)[-1])
    assert User.objects.get().emailaddress_set.get().verified


def test_the_verification_is_in_japanese_for_a_japanese_visitor(client, smtp_server):
    client.cookies["django_language"] = "ja"
    client.post(
        reverse("account_signup"), {"email": "hanako@kumo.example", "password1": PASSWORD, "password2": PASSWORD}
    )
    [received] = smtp_server.messages
    assert received.subject.startswith("[日米宇宙アクセラレーター] ")


def test_password_reset_sends_over_smtp(client, outsider, smtp_server):
    response = client.post(reverse("account_reset_password"), {"email": outsider.email}, follow=True)
    assert response.status_code == 200

    [received] = smtp_server.messages
    assert received.recipients == [outsider.email]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", received.text).group(0)
    page = client.get(link.split("testserver", 1)[-1], follow=True)
    client.post(
        page.redirect_chain[-1][0], {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert client.login(email=outsider.email, password="a brand new passphrase")


def test_a_sender_from_the_environment_is_quoted_for_smtp(settings, smtp_server):
    settings.DEFAULT_FROM_EMAIL = mailbox("Tom & Jerry, U.S. Office <office@tomandjerry.example>")
    EmailMessage("Hello", "Body", to=["someone@example.com"]).send()

    [received] = smtp_server.messages
    assert received.sender == "office@tomandjerry.example"
    assert received.message["From"].addresses[0].display_name == "Tom & Jerry, U.S. Office"


@pytest.mark.parametrize(
    ("configured", "quoted"),
    [
        (
            "U.S.–Japan Space Accelerator <noreply@accelerator.example>",
            '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>',
        ),
        (
            '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>',
            '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>',
        ),
        ("noreply@accelerator.example", "noreply@accelerator.example"),
        (
            "日米宇宙アクセラレーター <noreply@accelerator.example>",
            "日米宇宙アクセラレーター <noreply@accelerator.example>",
        ),
    ],
)
def test_configured_senders_are_quoted_where_smtp_needs_it(configured, quoted):
    assert mailbox(configured) == quoted


@pytest.mark.parametrize("configured", ["", "noreply", "Accelerator <>", "no reply@accelerator.example"])
def test_a_sender_that_is_no_address_stops_the_start(configured):
    with pytest.raises(ImproperlyConfigured):
        mailbox(configured)
