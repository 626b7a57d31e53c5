"""Double opt-in introductions, reminders, expiry, and the digest of new suggestions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from matchmaking import services, tasks
from matchmaking.models import DigestSetting, InboxItem, Introduction, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def prime_to_hoshi(matched):
    return Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])


@pytest.fixture
def requested(prime_to_hoshi, partner, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return services.request_introduction(
            suggestion=prime_to_hoshi, user=partner, message="We buy SAR imagery for a U.S. Navy program."
        )


def test_a_request_reaches_the_other_side_in_its_language(requested, jp_owner):
    assert requested.status == Introduction.Status.PENDING
    assert requested.expires_at - requested.created_at == timedelta(days=Introduction.VALID_DAYS)
    assert [message.to for message in mail.outbox] == [[jp_owner.email]]
    body = mail.outbox[0].body
    assert "紹介" in mail.outbox[0].subject
    assert "We buy SAR imagery for a U.S. Navy program." in body
    assert "JST" in body
    assert requested.get_absolute_url() in body
    assert InboxItem.objects.filter(user=jp_owner, introduction=requested, kind="intro_requested").exists()


def test_accepting_shares_contacts_and_tells_the_requester_once(
    requested, jp_owner, partner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.answer_introduction(introduction=requested, user=jp_owner, accept=True)
    assert accepted.status == Introduction.Status.ACCEPTED
    assert accepted.responded_by == jp_owner and accepted.response_time is not None
    assert [message.to for message in mail.outbox] == [[partner.email]]
    assert jp_owner.email in mail.outbox[0].body

    with pytest.raises(ValidationError):
        services.answer_introduction(introduction=requested, user=jp_owner, accept=False)
    assert Introduction.objects.get(pk=requested.pk).status == Introduction.Status.ACCEPTED
    # A repeated notification task sends nothing more.
    assert tasks.notify_introduction(requested.pk, InboxItem.Kind.INTRODUCTION_ACCEPTED) == 0
    assert len(mail.outbox) == 1


def test_declining_keeps_contacts_private_and_records_the_reason(requested, jp_owner):
    declined = services.answer_introduction(
        introduction=requested, user=jp_owner, accept=False, reason="timing", note="Ask us again in April."
    )
    assert (declined.status, declined.decline_reason, declined.decline_note) == (
        "declined",
        "timing",
        "Ask us again in April.",
    )


def test_only_the_other_side_answers(requested, partner, us_owner):
    for user in (partner, us_owner):
        with pytest.raises(PermissionDenied):
            services.answer_introduction(introduction=requested, user=user, accept=True)
    assert Introduction.objects.get(pk=requested.pk).status == Introduction.Status.PENDING


def test_one_open_request_per_pair_either_way(requested, prime_to_hoshi, partner, matched, jp_owner):
    with pytest.raises(ValidationError):
        services.request_introduction(suggestion=prime_to_hoshi, user=partner, message="Again?")
    reverse = Suggestion.objects.get(company=matched["jp"], partner=matched["prime"])
    with pytest.raises(ValidationError):
        services.request_introduction(suggestion=reverse, user=jp_owner, message="こちらからも")
    assert Introduction.objects.count() == 1


def test_an_empty_message_is_refused(prime_to_hoshi, partner):
    with pytest.raises(ValidationError):
        services.request_introduction(suggestion=prime_to_hoshi, user=partner, message="   ")
    assert not Introduction.objects.exists()


def test_unanswered_requests_get_one_reminder_then_expire(
    requested, jp_owner, partner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    Introduction.objects.filter(pk=requested.pk).update(created_at=timezone.now() - timedelta(days=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_introductions() == 1
        assert services.remind_introductions() == 0
    assert [message.to for message in mail.outbox] == [[jp_owner.email]]

    Introduction.objects.filter(pk=requested.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.answer_introduction(introduction=requested, user=jp_owner, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_introductions() == 1
    assert Introduction.objects.get(pk=requested.pk).status == Introduction.Status.EXPIRED
    assert mail.outbox[-1].to == [partner.email]


def test_the_digest_lists_new_suggestions_once(matched, us_owner, jp_owner, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_digests() >= 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english, japanese = by_recipient[us_owner.email], by_recipient[jp_owner.email]
    assert "Hoshi SAR K.K." in english.body and "which Orbitworks Analytics Inc. needs" in english.body
    assert "株式会社ほしSAR" in english.body or "Hoshi" in english.body
    assert "新しい" in japanese.subject
    sent = len(mail.outbox)

    assert tasks.send_due_digests() == 0
    assert tasks.send_digest(us_owner.pk) == 0
    DigestSetting.objects.filter(user=us_owner).update(last_sent_at=timezone.now() - timedelta(days=8))
    assert tasks.send_digest(us_owner.pk) == 0, "every suggestion has been sent already"
    assert len(mail.outbox) == sent


def test_no_digest_for_those_who_turned_it_off(matched, us_owner, django_capture_on_commit_callbacks):
    DigestSetting.objects.create(user=us_owner, frequency=DigestSetting.Frequency.OFF)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_due_digests()
    assert us_owner.email not in [message.to[0] for message in mail.outbox]
    assert tasks.send_digest(us_owner.pk) == 0
