import pytest
from django.urls import reverse

from accelerator.context_processors import navigation

from ..factories import make_user

pytestmark = pytest.mark.django_db


def nav(client):
    html = client.get(reverse("home")).text
    return html.split('<nav class="main-nav"')[1].split("</nav>")[0]


def test_anonymous_sees_the_directory_and_sign_in(client):
    html = client.get(reverse("home")).text
    assert "Directory" in nav(client)
    assert "Sign in" in html and "Sign up" in html
    assert "My companies" not in nav(client)


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("us_owner", ["Directory", "My companies"], ["Administration", "API docs"]),
        ("outsider", ["Directory", "My companies"], ["Administration", "API docs"]),
        ("staff", ["Administration", "API docs"], []),
        ("admin_user", ["Administration", "API docs"], []),
    ],
)
def test_each_role_sees_what_it_may_use(client, request, who, shown, hidden):
    client.force_login(request.getfixturevalue(who))
    entries = nav(client)
    for label in shown:
        assert label in entries
    for label in hidden:
        assert label not in entries


def test_navigation_in_japanese(client, jp_owner):
    client.force_login(jp_owner)
    entries = nav(client)
    assert "ディレクトリ" in entries and "自社" in entries


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("cohorts:list", "Cohorts"),
        ("cohorts:staff_list", "Program"),
        ("cohorts:reviews", "Reviews"),
        ("matchmaking:runs", "Match runs"),
    ],
)
def test_only_the_most_specific_entry_is_current(client, url_name, current):
    client.force_login(make_user(roles=("staff", "reviewer")))
    html = client.get(reverse(url_name)).text
    entries = html.split('<nav class="main-nav"')[1].split("</nav>")[0]
    assert entries.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}<' in entries


def test_each_request_gets_the_entries_of_its_own_language_and_roles(client, us_owner, jp_owner):
    # The entries are kept per language and set of roles: switching between people in one
    # process never shows one person's language or entries to another.
    client.force_login(us_owner)
    assert "Directory" in nav(client) and "API docs" not in nav(client)
    client.force_login(jp_owner)
    assert "ディレクトリ" in nav(client) and "Directory" not in nav(client)
    client.force_login(make_user(roles=("staff",)))
    assert "API docs" in nav(client) and "Program" in nav(client)
    client.force_login(us_owner)
    entries = nav(client)
    assert "Directory" in entries and "ディレクトリ" not in entries and "API docs" not in entries


def test_the_navigation_costs_one_query(client, us_owner, django_assert_num_queries):
    # The unread count; entries are translated and reversed once per language and roles.
    client.force_login(us_owner)
    client.get(reverse("home"))
    request = client.get(reverse("home")).wsgi_request
    with django_assert_num_queries(1):
        navigation(request)
