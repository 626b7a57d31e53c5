"""Only program staff reach the staff pages of cohorts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("cohorts:staff_list", False),
    ("cohorts:create", False),
    ("cohorts:edit", True),
    ("cohorts:dashboard", True),
    ("cohorts:applications", True),
    ("cohorts:export", True),
]


def urls(cohort):
    return [reverse(name, args=[cohort.slug] if with_slug else []) for name, with_slug in PAGES]


@pytest.mark.parametrize("who", ["us_owner", "jp_owner", "reviewer", "outsider", "mentor", "partner"])
def test_others_are_refused(client, request, open_cohort, us_application, who):
    client.force_login(request.getfixturevalue(who))
    for url in urls(open_cohort):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("cohorts:create"), {"name_en": "x"}).status_code == 403


def test_visitors_are_sent_to_sign_in(client, open_cohort):
    for url in urls(open_cohort):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url


def test_staff_and_admins_reach_every_page(client, staff, admin_user, open_cohort):
    for user in (staff, admin_user):
        client.force_login(user)
        for url in urls(open_cohort):
            assert client.get(url).status_code == 200, url


def test_an_unknown_cohort_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("cohorts:dashboard", args=["no-such-cohort"])).status_code == 404


def test_staff_find_the_program_in_the_navigation(client, staff, outsider, open_cohort):
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_list")).content.decode()
    assert f'href="{reverse("cohorts:staff_list")}" aria-current="page">Program<' in page
    assert "Binational Cohort 2027" in page and "JST" in page
    client.force_login(outsider)
    assert reverse("cohorts:staff_list") not in client.get("/").content.decode()
