"""The application page and its pitch deck, messages, withdrawal and declining an offer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.models import Application, Conflict, Message, ReviewAssignment, StatusChange
from cohorts.services.applications import (
    decline_offer,
    post_message,
    save_draft,
    start_application,
    withdraw_application,
)

from .conftest import make_submitted
from .pitch_decks import answer_key, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(open_cohort, us_company, us_owner):
    draft = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    return save_draft(
        application=draft,
        user=us_owner,
        answers={answer_key(open_cohort, 1): "Dual-use analytics.", answer_key(open_cohort, 2): "Japan"},
        pitch_deck=pdf_upload("Orbitworks 2027.pdf"),
    )


def deck_url(application):
    return reverse("cohorts:pitch_deck", args=[application.pk])


def test_members_see_answers_deck_timeline_and_thread(client, member, application):
    post_message(application=application, author=member, body="Can we add a video?")
    client.force_login(member)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Dual-use analytics." in page and "Japan" in page
    assert deck_url(application) in page and "Orbitworks 2027.pdf" in page
    assert "Started" in page and "Can we add a video?" in page
    assert "Edit the draft" in page and "Withdraw the application" in page


def test_the_deck_is_served_as_a_pdf_attachment(client, us_owner, application):
    client.force_login(us_owner)
    response = client.get(deck_url(application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_another_company_and_an_unassigned_reviewer_get_404(client, jp_owner, reviewer, outsider, application):
    for user in (jp_owner, reviewer, outsider):
        client.force_login(user)
        assert client.get(application.get_absolute_url()).status_code == 404
        assert client.get(deck_url(application)).status_code == 404
        assert client.post(reverse("cohorts:post_message", args=[application.pk]), {"body": "Hi"}).status_code == 404
        assert client.post(reverse("cohorts:withdraw_application", args=[application.pk])).status_code == 404
    assert not Message.objects.exists()
    assert Application.objects.get().status == "draft"


def test_an_assigned_reviewer_downloads_the_deck_unless_conflicted(client, us_owner, reviewer, application, us_company):
    Application.objects.filter(pk=application.pk).update(status="submitted", submitted_at=application.created_at)
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    assert client.get(deck_url(application)).status_code == 200
    Conflict.objects.create(reviewer=reviewer, company=us_company, reason="Former adviser")
    assert client.get(deck_url(application)).status_code == 404


def test_a_blind_reviewer_gets_the_deck_without_its_file_name(client, us_owner, staff, reviewer, application):
    Application.objects.filter(pk=application.pk).update(status="submitted", submitted_at=application.created_at)
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    application.cohort.blind_review = True
    application.cohort.save()
    client.force_login(reviewer)
    response = client.get(deck_url(application))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pitch-deck.pdf"'
    for person in (us_owner, staff):
        client.force_login(person)
        assert "Orbitworks 2027.pdf" in client.get(deck_url(application))["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(deck_url(application))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_staff_read_and_answer_in_the_thread(client, staff, us_owner, application):
    client.force_login(staff)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Dual-use analytics." in page and "Edit the draft" not in page
    assert client.get(deck_url(application)).status_code == 200
    client.post(reverse("cohorts:post_message", args=[application.pk]), {"body": "Please add your ECCN."})
    message = Message.objects.get()
    assert message.from_staff and message.author == staff
    client.force_login(us_owner)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Please add your ECCN." in page and "Program staff" in page
    client.post(reverse("cohorts:post_message", args=[application.pk]), {"body": "It is 9A515.x."})
    assert not Message.objects.get(body="It is 9A515.x.").from_staff


def test_an_empty_message_is_refused(client, us_owner, application):
    client.force_login(us_owner)
    response = client.post(reverse("cohorts:post_message", args=[application.pk]), {"body": "   "}, follow=True)
    assert "This field is required." in response.content.decode()
    with pytest.raises(ValidationError):
        post_message(application=application, author=us_owner, body=" ")
    assert not Message.objects.exists()


def test_only_the_company_and_staff_write_in_the_thread(outsider, reviewer, application):
    for user in (outsider, reviewer):
        with pytest.raises(PermissionDenied):
            post_message(application=application, author=user, body="Hello")


def test_a_member_withdraws(client, member, application):
    client.force_login(member)
    response = client.post(reverse("cohorts:withdraw_application", args=[application.pk]), follow=True)
    assert "Your application is withdrawn." in response.content.decode()
    assert Application.objects.get().status == "withdrawn"
    assert list(StatusChange.objects.values_list("status", flat=True)) == ["draft", "withdrawn"]
    with pytest.raises(ValidationError):
        withdraw_application(application=application, user=member)


def test_a_submitted_application_drops_its_staged_decision_on_withdrawal(
    staff, us_owner, jp_company, jp_owner, open_cohort
):
    submitted = make_submitted(open_cohort, jp_company, by=jp_owner)
    Application.objects.filter(pk=submitted.pk).update(pending_decision="accept", decision_staged_by=staff)
    withdraw_application(application=submitted, user=jp_owner)
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn" and submitted.pending_decision == ""
    with pytest.raises(PermissionDenied):
        withdraw_application(application=submitted, user=us_owner)


def test_an_accepted_company_declines_its_place(client, jp_owner, jp_company, open_cohort):
    accepted = make_submitted(open_cohort, jp_company, by=jp_owner)
    Application.objects.filter(pk=accepted.pk).update(status="accepted")
    client.force_login(jp_owner)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert "オファーを辞退する" in page
    client.post(reverse("cohorts:decline_offer", args=[accepted.pk]))
    accepted.refresh_from_db()
    assert accepted.status == "declined"
    assert StatusChange.objects.filter(application=accepted, status="declined").count() == 1
    with pytest.raises(ValidationError):
        decline_offer(application=accepted, user=jp_owner)


def test_only_an_accepted_offer_can_be_declined(client, us_owner, application):
    client.force_login(us_owner)
    response = client.post(reverse("cohorts:decline_offer", args=[application.pk]), follow=True)
    assert "Only an accepted offer can be declined." in response.content.decode()
    assert Application.objects.get().status == "draft"


def test_the_application_page_reads_in_japanese(client, jp_owner, jp_company, open_cohort):
    submitted = make_submitted(
        open_cohort, jp_company, by=jp_owner, answers={answer_key(open_cohort, 2): "United States"}
    )
    client.force_login(jp_owner)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "株式会社ほしSAR" in page and "日米コホート2027" in page
    assert "米国" in page  # the choice in Japanese
    assert "ステータスの履歴" in page and "プログラムスタッフとのメッセージ" in page


def test_the_snapshot_reads_as_submitted(client, us_owner, us_company, open_cohort):
    snapshot = {
        "taken_at": "2026-11-20T09:00:00+00:00",
        "profile": {"segments": ["space-data", "retired-segment", "earth-observation"], "trl": 6},
        "readiness": {"market-research": 4},
        "compliance": {"itar_registered": False, "export_classification": "ear99", "cfius_sensitivity": "no"},
    }
    application = make_submitted(open_cohort, us_company, by=us_owner, snapshot=snapshot)
    client.force_login(us_owner)
    page = client.get(application.get_absolute_url()).content.decode()
    # In the order submitted; a term since removed from the vocabulary still shows, by its code.
    assert page.index("Space data") < page.index("retired-segment") < page.index("Earth observation")
    assert "Taken Nov. 20, 2026, 4 a.m. EST" in page
    assert '<span class="value">Agree</span>' in page
    assert "<dt>Registered with DDTC under ITAR</dt><dd>No</dd>" in page
    assert "<dd>EAR99</dd>" in page
