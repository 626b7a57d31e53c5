"""The council API: scoped like the web, writes through the same services, errors in the user's language."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from accelerator.councils import services
from accelerator.councils.models import AgendaItem, Vote

from .conftest import held, in_days, make_meeting, today_for, with_quorum


@pytest.fixture
def api():
    return APIClient()


def test_public_councils_to_all_and_members_only_ones_to_their_people(
    api, council, private_council, outsider, us_owner
):
    api.force_authenticate(outsider)
    assert [c["slug"] for c in api.get("/api/v1/councils/").json()["results"]] == ["usj-space"]
    assert api.get("/api/v1/councils/export-wg/").status_code == 404

    api.force_authenticate(us_owner)
    assert {c["slug"] for c in api.get("/api/v1/councils/").json()["results"]} == {"usj-space", "export-wg"}


def test_the_secretariat_schedules_builds_and_publishes(api, staff, council, after_commit):
    api.force_authenticate(staff)
    starts = in_days(10)

    response = api.post(
        "/api/v1/meetings/",
        {
            "council": "usj-space",
            "title_en": "Plenary",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "time_zone": "Asia/Tokyo",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]

    item = api.post(
        "/api/v1/agenda-items/", {"meeting": meeting_id, "title_en": "Welcome", "duration_minutes": 10}, format="json"
    )
    assert item.status_code == 201
    overrun = api.post(
        "/api/v1/agenda-items/", {"meeting": meeting_id, "title_en": "Long", "duration_minutes": 90}, format="json"
    )
    assert overrun.status_code == 400
    assert "past the meeting's end" in str(overrun.json())

    with after_commit(execute=True):
        published = api.post(f"/api/v1/meetings/{meeting_id}/publish/")
    assert published.status_code == 200
    assert published.json()["agenda"][0]["number"] == "1"


def test_members_propose_and_cannot_publish_or_vote(api, staff, us_owner, jp_owner, meeting, item):
    api.force_authenticate(us_owner)

    proposed = api.post(
        "/api/v1/agenda-items/",
        {"meeting": meeting.pk, "title_ja": "新しい議題", "duration_minutes": 10},
        format="json",
    )
    assert proposed.status_code == 201
    assert proposed.json()["status"] == "pending"
    assert api.post(f"/api/v1/meetings/{meeting.pk}/publish/").status_code == 403
    motion = services.propose_motion(actor=staff, item=item, text_en="Go.")
    with_quorum(staff, meeting, us_owner, jp_owner)
    vote = api.post(
        f"/api/v1/meetings/{meeting.pk}/votes/",
        {"motion": motion.pk, "member": us_owner.pk, "choice": "for"},
        format="json",
    )
    assert vote.status_code == 403
    assert not Vote.objects.exists()

    api.force_authenticate(staff)
    answered = api.post(
        f"/api/v1/agenda-items/{proposed.json()['id']}/respond/", {"response": "returned"}, format="json"
    )
    assert answered.status_code == 400
    assert "reason" in answered.json()


def test_votes_need_a_quorum_and_come_once(api, staff, us_owner, jp_owner, meeting, item):
    motion = services.propose_motion(actor=staff, item=item, text_en="Go.")
    api.force_authenticate(staff)
    url = f"/api/v1/meetings/{meeting.pk}/votes/"
    ballot = {"motion": motion.pk, "member": us_owner.pk, "choice": "for"}

    no_quorum = api.post(url, ballot, format="json")
    assert no_quorum.status_code == 400
    assert "No quorum" in str(no_quorum.json())

    with_quorum(staff, meeting, us_owner, jp_owner)
    assert api.post(url, ballot, format="json").status_code == 201
    twice = api.post(url, ballot, format="json")
    assert twice.status_code == 400
    assert "already voted" in str(twice.json()["member"])


def test_errors_come_in_the_users_language(api, staff, us_owner, jp_owner, meeting, item):
    motion = services.propose_motion(actor=staff, item=item, text_en="Go.")
    staff.preferred_language = "ja"
    staff.save()
    api.force_authenticate(staff)

    response = api.post(
        f"/api/v1/meetings/{meeting.pk}/votes/",
        {"motion": motion.pk, "member": us_owner.pk, "choice": "for"},
        format="json",
    )

    assert "定足数" in str(response.json())


def test_members_only_meetings_items_and_decisions_are_404_to_outsiders(api, staff, private_council, outsider):
    meeting = make_meeting(staff, private_council)
    item = services.add_agenda_item(actor=staff, meeting=meeting, title_en="Licences", duration_minutes=10)
    services.publish_agenda(actor=staff, meeting=meeting)
    decision = services.record_decision(actor=staff, meeting=meeting, text_en="A", text_ja="あ")
    api.force_authenticate(outsider)

    assert api.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert api.get(f"/api/v1/agenda-items/{item.pk}/").status_code == 404
    assert api.get(f"/api/v1/decisions/{decision.pk}/").status_code == 404
    assert api.get("/api/v1/decisions/").json()["results"] == []
    proposal = api.post("/api/v1/agenda-items/", {"meeting": meeting.pk, "title_en": "X", "duration_minutes": 5})
    assert proposal.status_code == 404
    assert AgendaItem.objects.count() == 1


def test_decisions_and_action_items_with_figures_and_overdue(api, staff, meeting, item, jp_owner, us_owner, us_company):
    decision = services.record_decision(actor=staff, meeting=held(meeting), item=item, text_en="A", text_ja="あ")
    api.force_authenticate(staff)
    overdue = api.post(
        "/api/v1/action-items/",
        {
            "decision": decision.pk,
            "title_en": "Late",
            "owner_company": us_company.pk,
            "due_on": (today_for(us_owner) - timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert overdue.status_code == 201, overdue.json()
    two_owners = api.post(
        "/api/v1/action-items/",
        {
            "decision": decision.pk,
            "title_en": "X",
            "owner_user": jp_owner.pk,
            "owner_company": us_company.pk,
            "due_on": today_for(us_owner).isoformat(),
        },
        format="json",
    )
    assert two_owners.status_code == 400

    api.force_authenticate(us_owner)
    listed = api.get("/api/v1/action-items/?overdue=true").json()["results"]
    assert [(a["title_en"], a["days_overdue"]) for a in listed] == [("Late", 3)]
    detail = api.get(f"/api/v1/decisions/{decision.pk}/").json()
    assert detail["days_overdue"] == 3, detail
    updated = api.patch(f"/api/v1/action-items/{overdue.json()['id']}/", {"status": "done"}, format="json")
    assert updated.status_code == 200
    assert api.get("/api/v1/action-items/?overdue=true").json()["results"] == []

    api.force_authenticate(jp_owner)
    refused = api.patch(f"/api/v1/action-items/{overdue.json()['id']}/", {"status": "open"}, format="json")
    assert refused.status_code == 403


def test_anonymous_clients_read_public_councils_and_write_nothing(api, council, private_council, staff, meeting, item):
    services.publish_agenda(actor=staff, meeting=meeting)

    assert [c["slug"] for c in api.get("/api/v1/councils/").json()["results"]] == ["usj-space"]
    assert api.get(f"/api/v1/meetings/{meeting.pk}/").json()["agenda"][0]["item"] == item.pk
    refused = api.post("/api/v1/agenda-items/", {"meeting": meeting.pk, "title_en": "X", "duration_minutes": 5})
    assert refused.status_code in (401, 403)


def test_a_meeting_sent_without_a_time_zone_is_scheduled_in_tokyo_time(api, staff, council):
    api.force_authenticate(staff)
    starts = in_days(10)

    response = api.post(
        "/api/v1/meetings/",
        {"council": "usj-space", "title_en": "Plenary", "starts_at": starts.isoformat(),
         "ends_at": (starts + timedelta(hours=1)).isoformat()},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    assert response.json()["time_zone"] == "Asia/Tokyo"


def test_a_meeting_that_ends_as_it_starts_is_refused_with_a_message(api, staff, council):
    api.force_authenticate(staff)
    starts = in_days(10).isoformat()

    response = api.post("/api/v1/meetings/", {"council": "usj-space", "title_en": "Plenary", "starts_at": starts,
                                              "ends_at": starts}, format="json")  # fmt: skip

    assert response.status_code == 400
    assert "must end after it starts" in str(response.json())


def test_a_council_named_with_a_nul_character_is_refused(api, staff, council):
    api.force_authenticate(staff)
    starts = in_days(10)

    meeting = {
        "council": "usj\x00space",
        "title_en": "Plenary",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
    }

    response = api.post("/api/v1/meetings/", meeting, format="json")

    assert response.status_code == 400
    assert response.json() == {"council": ["Null characters are not allowed."]}
    assert api.get("/api/v1/councils/usj%00space/").status_code == 404
