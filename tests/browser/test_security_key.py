"""Staff may use a security key (WebAuthn) as their second factor: Chromium's virtual
authenticator stands in for the key."""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_add_a_security_key_and_sign_in_with_it(page, settings, staff):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Security Policy" in message.text else None)

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Without a second factor the staff pages send them to set one up, saying why.
    page.goto("/cohorts/staff/")
    page.wait_for_url("**/accounts/2fa/?next=*")
    expect(page.get_by_text("must turn on two-factor authentication")).to_be_visible()
    page.goto("/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/**")
    page.get_by_label("Name of the key").fill("Desk key")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    page.goto("/cohorts/staff/")
    assert page.url.endswith("/cohorts/staff/")

    # Next time the password is followed by the key.
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_load_state()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url and "/login/" not in url)
    page.goto("/cohorts/staff/")
    assert page.url.endswith("/cohorts/staff/")
    assert violations == []
