"""Submitting an application: checked on the server, once, with the company's profile snapshotted."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accelerator.companies.models import CapabilityProfile, ReadinessAnswer, ReadinessItem
from cohorts.models import Application, Cohort, StatusChange
from cohorts.services.applications import save_draft, start_application, submit_application

from .pitch_decks import answer_key, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(open_cohort, us_company, us_owner):
    application = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    return save_draft(
        application=application,
        user=us_owner,
        answers={answer_key(open_cohort, 1): "Access to Japanese SAR tasking."},
        pitch_deck=pdf_upload(),
    )


def submitted_changes(application):
    return StatusChange.objects.filter(application=application, status="submitted").count()


def test_a_member_submits_and_sees_the_status(client, us_owner, draft, us_company):
    item = ReadinessItem.objects.order_by("position").first()
    ReadinessAnswer.objects.create(company=us_company, item=item, score=4)
    client.force_login(us_owner)
    response = client.post(reverse("cohorts:submit_application", args=[draft.pk]))
    assert response.url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_at is not None
    snapshot = draft.snapshot
    assert snapshot["company"] == {
        "legal_name": "Orbitworks Analytics Inc.",
        "name_ja": "",
        "country": "US",
        "kind": "startup",
    }
    assert snapshot["profile"]["trl"] == 7
    assert snapshot["profile"]["segments"] == ["earth-observation", "space-data"]
    assert snapshot["profile"]["offers"] == ["image-analytics"] and snapshot["profile"]["needs"] == ["sar-imagery"]
    assert snapshot["readiness"] == {item.code: 4}
    assert snapshot["compliance"]["export_classification"] == "unknown"
    assert set(snapshot) == {"taken_at", "company", "profile", "readiness", "compliance", "team"}
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Your application is submitted." in page
    assert "Company profile as submitted" in page and "Earth observation" in page
    assert page.count("<li><strong>Submitted</strong>") == 1


def test_later_profile_edits_do_not_rewrite_the_snapshot(us_owner, draft, us_company):
    submit_application(application=draft, user=us_owner)
    CapabilityProfile.objects.filter(company=us_company).update(trl=3)
    draft.refresh_from_db()
    assert draft.snapshot["profile"]["trl"] == 7


def test_submitting_from_the_form_saves_then_submits(client, us_owner, open_cohort, us_company):
    application = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    client.force_login(us_owner)
    response = client.post(
        reverse("cohorts:edit_application", args=[application.pk]),
        {f"question_{answer_key(open_cohort, 1)}": "Ground segment in Hokkaido.", "action": "submit"},
    )
    assert response.url == application.get_absolute_url()
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.answers[answer_key(open_cohort, 1)] == "Ground segment in Hokkaido."


def test_submitting_twice_makes_one_submission(client, us_owner, member, draft):
    client.force_login(us_owner)
    client.post(reverse("cohorts:submit_application", args=[draft.pk]))
    first = Application.objects.get()
    client.force_login(member)
    response = client.post(reverse("cohorts:submit_application", args=[draft.pk]), follow=True)
    assert "This application has already been submitted." in response.content.decode()
    again = Application.objects.get()
    assert again.submitted_at == first.submitted_at and again.snapshot == first.snapshot
    assert submitted_changes(draft) == 1
    with pytest.raises(ValidationError):
        submit_application(application=draft, user=us_owner)
    assert submitted_changes(draft) == 1


def test_submitting_after_the_deadline_changes_nothing(client, us_owner, draft, open_cohort):
    Cohort.objects.filter(pk=open_cohort.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    client.force_login(us_owner)
    response = client.post(reverse("cohorts:submit_application", args=[draft.pk]), follow=True)
    assert "Applications to this cohort closed on" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.submitted_at is None and draft.snapshot == {}
    assert submitted_changes(draft) == 0


def test_a_missing_required_answer_blocks_submission(client, us_owner, open_cohort, us_company):
    application = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    client.force_login(us_owner)
    response = client.post(
        reverse("cohorts:edit_application", args=[application.pk]),
        {f"question_{answer_key(open_cohort, 2)}": "Japan", "action": "submit"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your draft is saved but not submitted." in page
    assert "Answer every required question before submitting: What would a partner across the Pacific gain" in page
    application.refresh_from_db()
    assert application.status == "draft" and application.answers == {answer_key(open_cohort, 2): "Japan"}


def test_only_members_submit(client, staff, outsider, draft):
    for user, status in ((outsider, 404), (staff, 403)):
        client.force_login(user)
        assert client.post(reverse("cohorts:submit_application", args=[draft.pk])).status_code == status
    client.force_login(staff)
    assert client.get(reverse("cohorts:submit_application", args=[draft.pk])).status_code == 405
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_failed_submission_reads_in_japanese(client, jp_owner, jp_company, open_cohort):
    application = start_application(cohort=open_cohort, company=jp_company, user=jp_owner)
    client.force_login(jp_owner)
    response = client.post(reverse("cohorts:submit_application", args=[application.pk]), follow=True)
    assert "提出する前に、必須の質問にすべて回答してください" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_make_one(vocabularies, open_cohort, us_company, us_owner, member):
    draft = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 1): "Both pressed Submit."})
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(user):
        try:
            barrier.wait()
            submit_application(application=draft, user=user)
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (us_owner, member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_submitted", "submitted"]
    assert submitted_changes(draft) == 1
