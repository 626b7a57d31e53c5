"""Playwright driving Debian's Chromium against the live test server."""

import os
import re
import threading
import time
from pathlib import Path

import pytest
from django.core import mail

from accelerator.accounts.models import User
from accelerator.accounts.second_factor import requires_second_factor

from ..factories import PASSWORD, authenticator_code, give_authenticator

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup):  # closed before the test database is dropped: see _wait_for_request_threads
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Chromium is missing at {CHROMIUM} (run `make browser`)")
        pytest.skip(f"Chromium is missing at {CHROMIUM} (run `make browser`)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the live server's ORM calls happen in
    # their own thread, so Django's async-safety guard is relaxed for these tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    _wait_for_request_threads()


def _wait_for_request_threads(timeout: float = 10) -> None:
    """Waits until the live server has seen the browser's last kept-alive connection close.

    The live server serves each connection in a thread of its own, which keeps a database
    session until the browser lets the connection go. Left running, such threads would still
    hold their sessions when the test database is dropped at the end of the run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def page(browser, live_server, vocabularies, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="America/New_York")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, email: str, password: str = PASSWORD):
    """Signs in as a person would; staff and reviewers also type their authenticator app's code."""
    user = User.objects.get(email=email)
    needs_code = requires_second_factor(user)
    if needs_code:
        give_authenticator(user)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").first.fill(password)
    page.get_by_role("button", name="Sign In").click()
    if needs_code:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_placeholder("Code").fill(authenticator_code(user))
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def link_in_last_email(pattern: str) -> str:
    assert mail.outbox, "no email was sent"
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, f"no link matching {pattern!r} in the email"
    return match.group(0)


# The cohorts' conftest first: the mentoring fixtures import its builders, and it imports them.
from ..cohorts import conftest as _cohort_builders  # noqa: E402, F401
from ..cohorts.fixtures_mentoring import (  # noqa: E402, F401  (the mentor program's fixtures, for its pages)
    jp_mentor,
    jp_mentor_user,
    pairs,
    running_cohort,
    us_mentor,
    us_office_hours,
)
