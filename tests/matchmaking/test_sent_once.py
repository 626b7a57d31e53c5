"""Digest and introduction emails go out once, even when a task runs again after a worker died."""

import pytest
from django.core import mail
from django.db import transaction

from accelerator.accounts.models import SentEmail
from accelerator.companies.services import update_company
from accelerator.outbox.models import OutboxTask
from matchmaking import services, tasks
from matchmaking.models import DigestSetting, InboxItem, Suggestion

pytestmark = pytest.mark.django_db


def test_a_digest_sent_by_a_task_that_died_before_recording_it_is_not_sent_again(matched, us_owner):
    # The first task claimed and sent the digest, then its worker was killed.
    SentEmail.objects.create(key=f"matchmaking-digest:{us_owner.pk}:first", recipients=us_owner.email)
    mail.outbox.clear()

    assert tasks.send_digest(us_owner.pk) == 0
    assert mail.outbox == []
    assert not InboxItem.objects.filter(user=us_owner, kind="suggestion", emailed_at__isnull=True).exists()
    assert DigestSetting.objects.get(user=us_owner).last_sent_at is not None


def test_the_next_digest_is_a_new_email(matched, us_owner):
    mail.outbox.clear()
    assert tasks.send_digest(us_owner.pk) > 0
    assert tasks.send_digest(us_owner.pk) == 0
    assert [message.to for message in mail.outbox] == [[us_owner.email]]


def test_an_introduction_email_claimed_before_is_not_sent_again(
    matched, partner, jp_owner, django_capture_on_commit_callbacks
):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    introduction = services.request_introduction(suggestion=suggestion, user=partner, message="SAR imagery, please.")
    SentEmail.objects.create(key=f"matchmaking-introduction:{introduction.pk}:intro_requested:{jp_owner.pk}")
    mail.outbox.clear()

    assert tasks.notify_introduction(introduction.pk, "intro_requested") == 0
    assert mail.outbox == []
    assert InboxItem.objects.get(user=jp_owner, introduction=introduction).emailed_at is not None


def refreshes(company):
    return OutboxTask.objects.filter(task="matchmaking.tasks.refresh_company", kwargs__company_id=company.pk)


def test_edits_in_a_row_record_one_refresh_with_the_change(us_company, django_capture_on_commit_callbacks):
    OutboxTask.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        update_company(company=us_company, size_band="51-250")
        update_company(company=us_company, website="https://orbitworks.example")
    assert refreshes(us_company).count() == 1
    assert refreshes(us_company).get().countdown == 20


def test_an_edit_that_rolls_back_records_no_refresh(us_company):
    OutboxTask.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        update_company(company=us_company, size_band="51-250")
        raise RuntimeError("the request failed later")
    assert not refreshes(us_company).exists()
