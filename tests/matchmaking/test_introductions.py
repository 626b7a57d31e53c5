"""Double opt-in introductions, reminders, expiry, and the digest of new suggestions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
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
    assert (declined.status, declined.decline_reason, declined.answer_note) == (
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


@pytest.fixture
def to_memberless(matched):
    """A suggestion of a company nobody has joined (the Japanese corporate has no members)."""
    suggestion = Suggestion.objects.filter(partner=matched["big_jp"]).select_related("company").first()
    assert suggestion is not None and not matched["big_jp"].memberships.exists()
    member = suggestion.company.memberships.select_related("user").first().user
    return suggestion, member


def test_a_request_to_a_company_with_no_members_goes_to_program_staff(
    to_memberless, staff, django_capture_on_commit_callbacks
):
    suggestion, member = to_memberless
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.request_introduction(suggestion=suggestion, user=member, message="Can we meet?")
    assert introduction.passed_to_staff and introduction.status == Introduction.Status.PENDING
    assert [message.to for message in mail.outbox] == [[staff.email]]
    assert "no members" in mail.outbox[0].subject and "Can we meet?" in mail.outbox[0].body
    assert InboxItem.objects.filter(user=staff, introduction=introduction, kind="intro_for_staff").exists()
    assert not InboxItem.objects.filter(introduction=introduction).exclude(user=staff).exists()


def test_the_requester_is_told_it_cannot_be_delivered_yet(client, to_memberless, staff):
    suggestion, member = to_memberless
    client.force_login(member)
    response = client.post(
        reverse("matchmaking:request_introduction", args=[suggestion.pk]), {"message": "Can we meet?"}, follow=True
    )
    page = response.content.decode()
    assert member.preferred_language == "ja"  # the Japanese startup owner reads it in Japanese
    assert "まだプラットフォーム上のメンバーがいない" in page and "プログラムスタッフが依頼を引き継ぎ" in page


def test_the_answer_note_is_stored_and_shown_to_the_requester(
    client, requested, jp_owner, partner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_introduction(
            introduction=requested, user=jp_owner, accept=True, note="Happy to talk; our CTO joins the call."
        )
    assert Introduction.objects.get(pk=requested.pk).answer_note == "Happy to talk; our CTO joins the call."
    assert "Happy to talk; our CTO joins the call." in mail.outbox[0].body
    client.force_login(partner)
    page = client.get(requested.get_absolute_url()).content.decode()
    assert "Happy to talk; our CTO joins the call." in page


def test_a_note_that_is_too_long_changes_nothing(requested, jp_owner):
    with pytest.raises(ValidationError):
        services.answer_introduction(introduction=requested, user=jp_owner, accept=True, note="x" * 501)
    assert Introduction.objects.get(pk=requested.pk).status == Introduction.Status.PENDING


def test_the_note_reads_in_japanese_for_a_japanese_requester(client, requested, jp_owner, partner):
    services.answer_introduction(introduction=requested, user=jp_owner, accept=False, reason="timing", note="4月に再度")
    partner.preferred_language = "ja"
    partner.save()
    client.force_login(partner)
    page = client.get(requested.get_absolute_url()).content.decode()
    assert "4月に再度" in page and "からのメモ" in page
