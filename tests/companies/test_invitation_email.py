"""The invitation email reaches a real SMTP server, written as plain text."""

import pytest
from django.urls import reverse

from accelerator.companies.models import Invitation

from ..factories import make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def tom_and_jerry(us_owner):
    return make_company(owner=us_owner, legal_name="Tom & Jerry <Orbital> LLC")


def test_the_invitation_arrives_over_smtp_unescaped(
    client, us_owner, tom_and_jerry, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(us_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("companies:members", kwargs={"slug": tom_and_jerry.slug}),
            {"email": "new.hire@example.com", "role": "member"},
        )
    assert response.status_code == 302

    [received] = smtp_server.messages
    assert received.recipients == ["new.hire@example.com"]
    assert received.from_header == '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>'
    assert "Tom & Jerry <Orbital> LLC" in received.subject
    assert "Tom & Jerry <Orbital> LLC" in received.text
    assert "&amp;" not in received.text and "&lt;" not in received.text
    assert Invitation.objects.get().get_absolute_url() in received.text
    assert Invitation.objects.get().email_sent_at is not None


def test_a_newcomer_reads_both_languages(us_owner, tom_and_jerry, smtp_server, django_capture_on_commit_callbacks):
    from accelerator.companies.services import invite_member

    with django_capture_on_commit_callbacks(execute=True):
        invite_member(company=tom_and_jerry, invited_by=us_owner, email="hanako@kumo.example")
    [received] = smtp_server.messages
    assert "招待" in received.subject
    assert "Tom & Jerry <Orbital> LLC" in received.text
