"""Released decisions on a real worker: each applicant is emailed once, in their own language."""

import time
from email import message_from_string
from email.header import decode_header, make_header

import pytest
from django.urls import NoReverseMatch, reverse

from cohorts.models import Application
from cohorts.services.decisions import release_decisions, stage_decision

from ..cohorts.conftest import make_cohort, make_submitted
from .conftest import wait_for

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def application_route(monkeypatch, settings):
    """Decision emails link to the applicant's application page: when the applicants' views
    are not part of this checkout, this process and the worker use the test URLs that have it."""
    try:
        reverse("cohorts:application", kwargs={"pk": 1})
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.cohorts.decision_urls"
        monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tests.integration.decision_settings")


def sent_messages(email_dir):
    if not email_dir.exists():
        return []
    return [
        message_from_string(part.strip())
        for path in sorted(email_dir.glob("*.log"))
        for part in path.read_text().split("-" * 79)
        if "To:" in part
    ]


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_the_worker_emails_each_released_decision_once_in_the_recipients_language(
    application_route, celery_worker_process, staff, us_company, us_owner, member, jp_company, jp_owner
):
    email_dir = celery_worker_process
    cohort = make_cohort(seats=1)
    accepted = make_submitted(cohort, jp_company)
    waitlisted = make_submitted(cohort, us_company)
    stage_decision(application=accepted, decision="accept", by=staff)
    stage_decision(application=waitlisted, decision="waitlist", by=staff)

    assert release_decisions(cohort=cohort, by=staff) == 2

    assert wait_for(lambda: len(sent_messages(email_dir)) == 3), [m["To"] for m in sent_messages(email_dir)]
    assert wait_for(lambda: not Application.objects.filter(cohort=cohort, decision_email_sent_at=None).exists())
    by_recipient = {message["To"]: message for message in sent_messages(email_dir)}
    assert sorted(by_recipient) == sorted([jp_owner.email, us_owner.email, member.email])
    japanese = by_recipient[jp_owner.email]
    assert subject(japanese) == "[日米宇宙アクセラレーター] 株式会社ほしSARは日米コホート2027に採択されました"
    assert "佐藤 花子 様" in body(japanese)
    assert f"/cohorts/applications/{accepted.pk}/" in body(japanese)
    english = by_recipient[us_owner.email]
    assert (
        subject(english)
        == "[U.S.–Japan Space Accelerator] Orbitworks Analytics Inc. is on the waitlist for Binational Cohort 2027"
    )
    assert "Your application is on the waitlist." in body(english)

    # Releasing again has nothing left to send.
    assert release_decisions(cohort=cohort, by=staff) == 0
    time.sleep(3)
    assert len(sent_messages(email_dir)) == 3
