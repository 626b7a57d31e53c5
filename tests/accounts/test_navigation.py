import pytest
from django.urls import reverse

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
