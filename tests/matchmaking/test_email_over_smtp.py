"""Introduction and digest emails reach a real SMTP server, written as plain text."""

import pytest

from matchmaking import services, tasks
from matchmaking.models import Suggestion

pytestmark = pytest.mark.django_db

SENDER = '"U.S.–Japan Space Accelerator" <noreply@accelerator.example>'


def test_an_introduction_request_and_its_answer_arrive_over_smtp_unescaped(
    matched, partner, jp_owner, smtp_server, django_capture_on_commit_callbacks
):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.request_introduction(
            suggestion=suggestion, user=partner, message="Our R&D team buys <SAR> imagery & analytics."
        )
    [request] = smtp_server.messages
    assert request.recipients == [jp_owner.email]
    assert request.from_header == SENDER
    assert "紹介" in request.subject
    assert "Our R&D team buys <SAR> imagery & analytics." in request.text

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_introduction(introduction=introduction, user=jp_owner, accept=True)
    answer = smtp_server.messages[-1]
    assert answer.recipients == [partner.email]
    assert f"<{jp_owner.email}>" in answer.text


def test_the_digest_arrives_over_smtp(matched, us_owner, smtp_server):
    matched["jp"].legal_name = "Hoshi & Sons SAR K.K."
    matched["jp"].save()
    assert tasks.send_digest(us_owner.pk) > 0

    [digest] = [received for received in smtp_server.messages if received.recipients == [us_owner.email]]
    assert digest.from_header == SENDER
    assert "Hoshi & Sons SAR K.K." in digest.text
    assert "&amp;" not in digest.text
    assert "/matches/" in digest.text
