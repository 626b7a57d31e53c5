import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from accelerator.bench_urls import FLOOR_PATH
from accelerator.companies.management.commands.bench_pages import Command, browser_cookies

pytestmark = pytest.mark.django_db


def test_it_refuses_an_empty_database():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench_pages", "--requests", "1")


def test_its_sessions_open_staff_pages_as_after_the_second_factor(client, staff):
    cookies = Command().sign_in({staff.email})
    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[staff.email]
    response = client.get(reverse("cohorts:staff_list"))
    assert response.status_code == 200
    assert response.context["user"] == staff


def test_the_floor_answers_through_the_whole_stack(client, staff, settings):
    settings.ROOT_URLCONF = "accelerator.bench_urls"
    assert client.get(FLOOR_PATH).content == b"--"
    client.cookies[settings.SESSION_COOKIE_NAME] = Command().sign_in({staff.email})[staff.email]
    response = client.get(FLOOR_PATH)
    assert response.content == b"ok"
    assert response["Content-Language"] == "en"


def test_its_browsers_hold_the_csrf_cookie_a_sign_in_leaves(client, staff):
    header = browser_cookies(Command().sign_in({staff.email})[staff.email])
    for pair in header.split("; "):
        name, value = pair.split("=", 1)
        client.cookies[name] = value
    response = client.get(reverse("cohorts:staff_list"))
    assert response.status_code == 200
    # The page renews the browser's CSRF cookie rather than starting another one.
    assert response.cookies[settings.CSRF_COOKIE_NAME].value == client.cookies[settings.CSRF_COOKIE_NAME].value
    assert b'name="csrfmiddlewaretoken"' in response.content
