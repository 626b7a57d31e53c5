"""Motions and votes: the secretariat records each member's vote once, only with a quorum present."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accelerator.councils import services
from accelerator.councils.models import Motion, Vote

from .conftest import in_japanese, with_quorum


@pytest.fixture
def motion(staff, item, jp_owner):
    return services.propose_motion(
        actor=staff,
        item=item,
        text_en="Set up an ITAR bridge office.",
        text_ja="ITARブリッジ窓口を設ける。",
        moved_by=jp_owner,
    )


def test_a_vote_without_quorum_is_refused_with_a_message(client, staff, meeting, motion, us_owner):
    client.force_login(staff)

    response = client.post(
        reverse("councils:vote", args=[meeting.pk, motion.pk]),
        {f"vote-{motion.pk}-member": us_owner.pk, f"vote-{motion.pk}-choice": "for"},
    )

    assert response.status_code == 400
    assert "No quorum: 0 voting members are recorded as present and 2 are needed" in response.content.decode()
    assert not Vote.objects.exists()


def test_the_quorum_message_in_japanese(client, staff, meeting, motion, us_owner):
    in_japanese(client, staff)

    response = client.post(
        reverse("councils:vote", args=[meeting.pk, motion.pk]),
        {f"vote-{motion.pk}-member": us_owner.pk, f"vote-{motion.pk}-choice": "for"},
    )

    assert "定足数" in response.content.decode()


def test_a_member_votes_once_and_the_motion_carries(client, staff, meeting, motion, us_owner, jp_owner, member):
    with_quorum(staff, meeting, us_owner, jp_owner, member)
    client.force_login(staff)
    url = reverse("councils:vote", args=[meeting.pk, motion.pk])

    for person, choice in ((us_owner, "for"), (jp_owner, "for"), (member, "against")):
        client.post(url, {f"vote-{motion.pk}-member": person.pk, f"vote-{motion.pk}-choice": choice})
    again = client.post(url, {f"vote-{motion.pk}-member": us_owner.pk, f"vote-{motion.pk}-choice": "against"})

    assert again.status_code == 400
    assert "has already voted on this motion" in again.content.decode()
    assert Vote.objects.filter(member=us_owner).get().choice == "for"
    client.post(reverse("councils:close_motion", args=[meeting.pk, motion.pk]))
    motion.refresh_from_db()
    assert (motion.outcome, motion.votes_for, motion.votes_against) == (Motion.Outcome.CARRIED, 2, 1)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Carried" in page


def test_observers_and_absent_members_have_no_vote(staff, meeting, motion, us_owner, jp_owner, observer, member):
    with_quorum(staff, meeting, us_owner, jp_owner, observer)
    with pytest.raises(ValidationError, match="has no vote"):
        services.record_vote(actor=staff, motion=motion, member=observer, choice="for")
    with pytest.raises(ValidationError, match="not recorded as present"):
        services.record_vote(actor=staff, motion=motion, member=member, choice="for")


def test_a_tie_is_defeated_and_a_closed_motion_takes_no_votes(staff, meeting, motion, us_owner, jp_owner, member):
    with_quorum(staff, meeting, us_owner, jp_owner, member)
    services.record_vote(actor=staff, motion=motion, member=us_owner, choice="for")
    services.record_vote(actor=staff, motion=motion, member=jp_owner, choice="against")
    services.record_vote(actor=staff, motion=motion, member=member, choice="abstain")

    assert services.close_motion(actor=staff, motion=motion).outcome == Motion.Outcome.DEFEATED
    with pytest.raises(ValidationError, match="closed"):
        services.record_vote(actor=staff, motion=motion, member=member, choice="for")


def test_only_the_secretariat_records_votes(client, jp_owner, us_owner, staff, meeting, motion):
    with_quorum(staff, meeting, us_owner, jp_owner)
    client.force_login(jp_owner)

    response = client.post(
        reverse("councils:vote", args=[meeting.pk, motion.pk]),
        {f"vote-{motion.pk}-member": us_owner.pk, f"vote-{motion.pk}-choice": "for"},
    )

    assert response.status_code == 403
    assert not Vote.objects.exists()
