"""Members propose agenda items; the secretariat accepts, defers or returns them with a reason."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accelerator.councils import services
from accelerator.councils.models import AgendaItem

PROPOSAL = {
    "title_en": "Joint EO export to Australia",
    "title_ja": "豪州への地球観測の共同輸出",
    "duration_minutes": 15,
}


def test_a_member_proposes_and_the_secretariat_accepts(client, us_owner, staff, meeting, item, after_commit):
    client.force_login(us_owner)

    response = client.post(reverse("councils:propose", args=[meeting.pk]), PROPOSAL)

    assert response.status_code == 302
    proposal = meeting.items.get(status=AgendaItem.Status.PENDING)
    assert proposal.proposed_by == us_owner
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Proposed, pending" in page

    client.force_login(staff)
    manage = client.get(reverse("councils:manage", args=[meeting.pk])).content.decode()
    assert "Joint EO export to Australia" in manage
    with after_commit(execute=True):
        response = client.post(
            reverse("councils:respond", args=[meeting.pk, proposal.pk]),
            {f"response-{proposal.pk}-response": "accepted"},
        )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == AgendaItem.Status.ACCEPTED
    assert [message.to for message in mail.outbox] == [[us_owner.email]]


def test_returning_needs_a_reason_which_the_member_is_sent(client, jp_owner, staff, meeting, after_commit):
    proposal = services.propose_agenda_item(actor=jp_owner, meeting=meeting, **PROPOSAL)
    client.force_login(staff)
    url = reverse("councils:respond", args=[meeting.pk, proposal.pk])

    response = client.post(url, {f"response-{proposal.pk}-response": "returned"})

    assert response.status_code == 400
    assert "Tell the member why" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == AgendaItem.Status.PENDING

    with after_commit(execute=True):
        client.post(
            url, {f"response-{proposal.pk}-response": "returned", f"response-{proposal.pk}-reason": "Out of scope."}
        )

    proposal.refresh_from_db()
    assert proposal.status == AgendaItem.Status.RETURNED
    (message,) = mail.outbox
    assert message.to == [jp_owner.email]
    assert "返却" in message.subject or "差し戻" in message.subject
    assert "Out of scope." in message.body


def test_deferring_keeps_the_item_off_the_agenda(staff, us_owner, meeting):
    proposal = services.propose_agenda_item(actor=us_owner, meeting=meeting, **PROPOSAL)

    services.respond_to_proposal(actor=staff, item=proposal, response="deferred", reason="Next quarter.")

    assert proposal.pk not in [item.pk for item in meeting.items.filter(status="accepted")]


def test_an_answered_proposal_cannot_be_answered_again(staff, us_owner, meeting):
    proposal = services.propose_agenda_item(actor=us_owner, meeting=meeting, **PROPOSAL)
    services.respond_to_proposal(actor=staff, item=proposal, response="accepted")

    with pytest.raises(ValidationError):
        services.respond_to_proposal(actor=staff, item=proposal, response="returned", reason="No")


def test_observers_and_outsiders_cannot_propose(client, observer, outsider, meeting):
    with pytest.raises(PermissionDenied):
        services.propose_agenda_item(actor=observer, meeting=meeting, **PROPOSAL)
    client.force_login(outsider)
    assert client.post(reverse("councils:propose", args=[meeting.pk]), PROPOSAL).status_code == 404
    client.force_login(observer)
    assert client.post(reverse("councils:propose", args=[meeting.pk]), PROPOSAL).status_code == 403
    assert not AgendaItem.objects.exists()


def test_a_member_cannot_answer_proposals(client, jp_owner, us_owner, meeting):
    proposal = services.propose_agenda_item(actor=us_owner, meeting=meeting, **PROPOSAL)
    client.force_login(jp_owner)

    response = client.post(
        reverse("councils:respond", args=[meeting.pk, proposal.pk]), {f"response-{proposal.pk}-response": "accepted"}
    )

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == AgendaItem.Status.PENDING


def test_other_peoples_pending_proposals_are_not_shown_to_members(client, us_owner, member, meeting, staff, item):
    services.propose_agenda_item(actor=us_owner, meeting=meeting, **PROPOSAL)
    services.publish_agenda(actor=staff, meeting=meeting)
    client.force_login(member)

    assert "Joint EO export" not in client.get(meeting.get_absolute_url()).content.decode()


def test_the_proposal_form_in_japanese(client, jp_owner, meeting):
    client.force_login(jp_owner)
    client.cookies["django_language"] = "ja"

    page = client.get(reverse("councils:propose", args=[meeting.pk])).content.decode()

    assert "議題を提案" in page
