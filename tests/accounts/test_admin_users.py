"""Program staff grant program roles in the admin; they can never make anyone a superuser."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from ..factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def role(name):
    return Group.objects.get_or_create(name=name)[0]


def test_staff_group_holds_no_general_right_to_change_accounts():
    codenames = set(role("staff").permissions.values_list("codename", flat=True))
    assert "change_user" not in codenames
    assert "grant_program_roles" in codenames


def test_staff_grants_a_program_role(client, staff, outsider):
    client.force_login(staff)
    response = client.post(change_url(outsider), {"groups": [role("reviewer").pk]})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert set(outsider.groups.values_list("name", flat=True)) == {"reviewer"}


def test_staff_change_page_shows_roles_only(client, staff, outsider):
    client.force_login(staff)
    html = client.get(change_url(outsider)).text
    assert "Program roles" in html and 'value="reviewer"' not in html
    for field in ("is_superuser", "is_staff", "user_permissions", 'name="email"', "password/"):
        assert field not in html


def test_staff_cannot_escalate_anyone(client, staff, outsider):
    every_permission = list(Permission.objects.values_list("pk", flat=True)[:5])
    secret = role("auditors")
    client.force_login(staff)
    for target in (outsider, staff):
        client.post(
            change_url(target),
            {
                "email": "taken-over@example.com",
                "is_superuser": "on",
                "is_staff": "on",
                "groups": [role("staff").pk, secret.pk],
                "user_permissions": every_permission,
            },
        )
        target.refresh_from_db()
        assert not target.is_superuser
        assert target.email != "taken-over@example.com"
        assert not target.user_permissions.exists()
        assert not target.groups.filter(pk=secret.pk).exists()
    assert not outsider.is_staff


def test_groups_that_are_not_program_roles_are_kept(client, staff, outsider):
    outsider.groups.add(role("auditors"), role("mentor"))
    client.force_login(staff)
    client.post(change_url(outsider), {"groups": [role("partner").pk]})
    assert set(outsider.groups.values_list("name", flat=True)) == {"auditors", "partner"}


def test_staff_cannot_change_a_superuser(client, staff, admin_user):
    client.force_login(staff)
    response = client.post(change_url(admin_user), {"groups": [role("reviewer").pk]})
    assert response.status_code == 403
    assert not admin_user.groups.exists()


@pytest.mark.parametrize("target", ["admin_user", "outsider", "staff"])
def test_staff_cannot_set_a_password(client, request, staff, target):
    victim = request.getfixturevalue(target)
    client.force_login(staff)
    response = client.post(password_url(victim), {"password1": "Hijacked-9-lives!", "password2": "Hijacked-9-lives!"})
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


def test_superuser_keeps_every_power(client, admin_user, outsider):
    client.force_login(admin_user)
    assert "is_superuser" in client.get(change_url(outsider)).text
    response = client.post(
        password_url(outsider), {"password1": "New-pass-for-you-7", "password2": "New-pass-for-you-7"}
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password("New-pass-for-you-7")


def test_people_without_admin_rights_are_refused(client, outsider, us_owner):
    client.force_login(outsider)
    response = client.post(change_url(us_owner), {"is_superuser": "on"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    us_owner.refresh_from_db()
    assert not us_owner.is_superuser


def test_change_page_in_japanese(client, outsider):
    staff = make_user("jp-staff@accelerator.example", roles=("staff",), is_staff=True, preferred_language="ja")
    client.force_login(staff)
    assert "プログラムのロール" in client.get(change_url(outsider)).text
