from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from accelerator.companies.models import Invitation, Membership
from accelerator.companies.tasks import send_invitation_email
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def members_url(company):
    return reverse("companies:members", kwargs={"slug": company.slug})


def test_owner_invites_by_email(client, us_owner, us_company, django_capture_on_commit_callbacks):
    client.force_login(us_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(members_url(us_company), {"email": "New.Hire@Orbitworks.example", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [invitation.email]
    assert invitation.get_absolute_url() in mail.outbox[0].body
    assert "Orbitworks Analytics Inc." in mail.outbox[0].subject
    assert "UTC" in mail.outbox[0].body
    assert "new.hire@orbitworks.example" in client.get(members_url(us_company)).text.lower()


def test_a_known_japanese_user_is_invited_in_japanese(
    us_owner, us_company, jp_owner, django_capture_on_commit_callbacks
):
    from accelerator.companies import services

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(company=us_company, invited_by=us_owner, email=jp_owner.email)
    assert "招待" in mail.outbox[0].subject
    assert "You are invited" not in mail.outbox[0].subject


@pytest.mark.parametrize("email", ["member@orbitworks.example", "twice@example.com"])
def test_duplicates_are_refused(client, us_owner, us_company, email, django_capture_on_commit_callbacks):
    client.force_login(us_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(members_url(us_company), {"email": "twice@example.com", "role": "member"})
        response = client.post(members_url(us_company), {"email": email, "role": "member"})
    assert response.status_code == 200
    assert "already" in response.text
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_bad_email_saves_nothing(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(members_url(us_company), {"email": "not-an-email", "role": "boss"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert not Invitation.objects.exists()


def test_the_email_task_sends_once(us_owner, us_company):
    invitation = Invitation.objects.create(company=us_company, email="a@example.com", invited_by=us_owner)
    assert send_invitation_email(invitation.pk) is True
    assert send_invitation_email(invitation.pk) is False
    assert send_invitation_email(999999) is False
    assert len(mail.outbox) == 1


def test_the_invited_person_accepts(client, us_owner, us_company):
    invitation = Invitation.objects.create(company=us_company, email="new@example.com", invited_by=us_owner)
    newcomer = make_user("new@example.com")
    client.force_login(newcomer)
    assert "Join Orbitworks Analytics Inc." in client.get(invitation.get_absolute_url()).text
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).company == us_company
    assert client.post(invitation.get_absolute_url(), follow=True).status_code == 200
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_someone_else_cannot_accept(client, us_owner, us_company, outsider):
    invitation = Invitation.objects.create(company=us_company, email="new@example.com", invited_by=us_owner)
    client.force_login(outsider)
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert "This invitation was sent to new@example.com." in response.text
    assert not Membership.objects.filter(user=outsider).exists()


def test_an_expired_invitation_cannot_be_used(client, us_owner, us_company):
    invitation = Invitation.objects.create(company=us_company, email="new@example.com", invited_by=us_owner)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=invitation.created_at - timedelta(days=15))
    newcomer = make_user("new@example.com")
    client.force_login(newcomer)
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert "This invitation has expired." in response.text
    assert not Membership.objects.filter(user=newcomer).exists()


def test_an_unknown_invitation_is_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("companies:invitation", kwargs={"token": "nope"})).status_code == 404


def test_the_last_owner_cannot_leave(client, us_owner, us_company):
    client.force_login(us_owner)
    owner = Membership.objects.get(user=us_owner)
    url = reverse("companies:change_member", kwargs={"slug": us_company.slug, "membership_id": owner.pk})
    response = client.post(url, {"action": "remove"}, follow=True)
    assert "A company needs at least one owner." in response.text
    response = client.post(url, {"action": "role", "role": "member"}, follow=True)
    assert "A company needs at least one owner." in response.text
    assert Membership.objects.get(user=us_owner).role == "owner"


def test_owner_changes_roles_and_removes_members(client, us_owner, us_company, member):
    client.force_login(us_owner)
    membership = Membership.objects.get(user=member)
    url = reverse("companies:change_member", kwargs={"slug": us_company.slug, "membership_id": membership.pk})
    client.post(url, {"action": "role", "role": "owner"})
    assert Membership.objects.get(user=member).role == "owner"
    client.post(url, {"action": "remove"})
    assert not Membership.objects.filter(user=member).exists()


def test_members_of_another_company_are_out_of_reach(client, jp_owner, us_company, member, jp_company):
    client.force_login(jp_owner)
    membership = Membership.objects.get(user=member)
    url = reverse("companies:change_member", kwargs={"slug": jp_company.slug, "membership_id": membership.pk})
    assert client.post(url, {"action": "remove"}).status_code == 404
    other = reverse("companies:change_member", kwargs={"slug": us_company.slug, "membership_id": membership.pk})
    assert client.post(other, {"action": "remove"}).status_code == 403
    assert Membership.objects.filter(user=member).exists()
