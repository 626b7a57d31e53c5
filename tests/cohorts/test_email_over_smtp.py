"""Decision and message emails reach a real SMTP server, written as plain text."""

import pytest

from cohorts.services.applications import post_message
from cohorts.services.decisions import release_decisions, stage_decision

from ..factories import make_company
from .conftest import make_submitted
from .fixtures_decisions import application_route, english_outside_requests  # noqa: F401

pytestmark = pytest.mark.django_db

SENDER = '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>'


@pytest.fixture
def tom_and_jerry_application(open_cohort, outsider):
    return make_submitted(open_cohort, make_company(owner=outsider, legal_name="Tom & Jerry Orbital LLC"), by=outsider)


def test_decisions_arrive_over_smtp_unescaped(
    staff, open_cohort, tom_and_jerry_application, jp_application, jp_owner, outsider, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    stage_decision(application=tom_and_jerry_application, decision="accept", by=staff)
    stage_decision(application=jp_application, decision="waitlist", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        release_decisions(cohort=open_cohort, by=staff)

    by_recipient = {received.recipients[0]: received for received in smtp_server.messages}
    assert sorted(by_recipient) == sorted([outsider.email, jp_owner.email])
    accepted = by_recipient[outsider.email]
    assert accepted.from_header == SENDER
    assert "Tom & Jerry Orbital LLC" in accepted.text
    assert "&amp;" not in accepted.text
    assert "採択" not in accepted.subject
    assert "補欠" in by_recipient[jp_owner.email].subject


def test_a_message_notification_arrives_over_smtp_unescaped(
    staff, tom_and_jerry_application, outsider, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_message(application=tom_and_jerry_application, author=staff, body="Tom & Jerry: <ECCN> please.")

    [received] = smtp_server.messages
    assert received.recipients == [outsider.email]
    assert received.from_header == SENDER
    assert "Tom & Jerry Orbital LLC" in received.subject
    assert "> Tom & Jerry: <ECCN> please." in received.text
    assert "&amp;" not in received.text and "&lt;" not in received.text
