import email
import email.policy

import pytest

from accelerator.companies import services
from accelerator.companies.models import Invitation

from .conftest import wait_for

pytestmark = pytest.mark.integration


def test_a_real_worker_sends_the_invitation_email(celery_worker_process, us_company, us_owner):
    email_dir = celery_worker_process

    invitation = services.invite_member(company=us_company, invited_by=us_owner, email="new.hire@orbitworks.example")

    sent = wait_for(lambda: sorted(email_dir.glob("*.log")) if email_dir.exists() else None)
    assert sent, "the worker sent no email within a minute"
    message = email.message_from_string(sent[0].read_text().split("\n" + "-" * 79)[0], policy=email.policy.default)
    assert message["To"] == "new.hire@orbitworks.example"
    body = message.get_content()
    assert "Orbitworks Analytics Inc." in body
    assert f"/companies/invitations/{invitation.token}/" in body
    assert wait_for(lambda: Invitation.objects.get(pk=invitation.pk).email_sent_at)
