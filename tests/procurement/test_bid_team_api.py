"""/api/v1/bid-teams/: members, roles, shares, checks, the gate label; bad input and access; OCDS tenderers."""

import json
from pathlib import Path

import jsonschema
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from procurement.models import BidTeam, TeamMember
from procurement.services import registrations, teams

from .teams import accepted_team, sam_opportunity

URL = "/api/v1/bid-teams/"
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "procurement" / "schema" / "release-schema-1.1.4.json").read_text()
)


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_a_team_with_members_roles_shares_checks_and_gate(us_owner, itar_team):
    body = api(us_owner).get(f"{URL}{itar_team.pk}/").json()
    assert [(m["company"]["country"], m["role"], m["share"], m["status"]) for m in body["members"]] == [
        ("US", "prime", "60.00", "accepted"),
        ("JP", "subcontractor", "40.00", "accepted"),
    ]
    assert {check["code"]: check["passed"] for check in body["checks"]}["binational"] is True
    assert body["gate"]["label"] == "licence_needed"
    assert body["gate"]["members"][1]["owner"] == "Orbitworks Analytics Inc."


def test_forming_inviting_and_answering_through_the_api(us_owner, us_company, jp_owner, jp_company, itar_notice):
    response = api(us_owner).post(
        URL, {"opportunity": itar_notice.pk, "company": us_company.pk, "structure": "joint_venture"}, format="json"
    )
    assert response.status_code == 201
    team_id = response.json()["id"]
    response = api(us_owner).post(f"{URL}{team_id}/invite/", {"company": jp_company.pk}, format="json")
    assert response.status_code == 200
    again = api(us_owner).post(f"{URL}{team_id}/invite/", {"company": jp_company.pk}, format="json")
    assert again.status_code == 400
    assert again.json() == {"company": ["Hoshi SAR K.K. has already been invited and has not answered yet."]}
    invited = TeamMember.objects.get(team_id=team_id, company=jp_company)
    assert (
        api(us_owner).post(f"{URL}{team_id}/answer/", {"member": invited.pk, "accept": True}, format="json").status_code
        == 403
    )
    body = api(jp_owner).post(f"{URL}{team_id}/answer/", {"member": invited.pk, "accept": True}, format="json").json()
    assert [m["role"] for m in body["members"]] == ["jv_member", "jv_member"]


def test_shares_that_do_not_add_up_are_a_400_in_the_users_language(us_owner, itar_team):
    prime, sub = itar_team.members.order_by("pk")
    payload = {"members": [{"id": prime.pk, "share": "50"}, {"id": sub.pk, "share": "20"}]}
    response = api(us_owner).post(f"{URL}{itar_team.pk}/composition/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"shares": ["The work shares add up to 70%; they must add up to 100%."]}
    us_owner.preferred_language = "ja"
    us_owner.save()
    response = api(us_owner).post(f"{URL}{itar_team.pk}/composition/", payload, format="json")
    assert "100%" in response.json()["shares"][0] and "作業分担" in response.json()["shares"][0]
    assert sorted(m.share for m in itar_team.members.all()) == [40, 60]


def test_leaving_mid_bid_is_a_400(us_owner, jp_owner, itar_team):
    teams.change_stage(actor=us_owner, team=itar_team, stage="bidding")
    sub = itar_team.members.get(role="subcontractor")
    response = api(jp_owner).post(f"{URL}{itar_team.pk}/leave/", {"member": sub.pk}, format="json")
    assert response.status_code == 400 and "離脱できません" in response.json()["non_field_errors"][0]  # in her language


def test_others_get_404(outsider, partner, itar_team):
    for user in (outsider, partner):
        assert api(user).get(f"{URL}{itar_team.pk}/").status_code == 404
        assert api(user).post(f"{URL}{itar_team.pk}/stage/", {"stage": "bidding"}, format="json").status_code == 404
        assert api(user).get(f"{URL}{itar_team.pk}/ocds/").status_code == 404
        assert api(user).get(URL).json()["results"] == []
    assert api().get(URL).status_code in (401, 403)


def test_an_invited_company_sees_the_team_but_not_its_gate(us_owner, us_company, jp_owner, jp_company, itar_notice):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    teams.invite_company(actor=us_owner, team=team, company=jp_company)
    assert api(jp_owner).get(f"{URL}{team.pk}/").json()["gate"] is None


def test_the_list_has_a_constant_number_of_queries(staff, us_owner, us_company, jp_owner, jp_company):
    accepted_team(sam_opportunity("q1"), us_owner, us_company, jp_owner, jp_company)
    client = api(staff)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for number in range(2, 6):
        accepted_team(sam_opportunity(f"q{number}"), us_owner, us_company, jp_owner, jp_company)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(URL).json()["results"]) == 5
    assert len(five) == len(one)


def test_a_submitted_team_exports_as_ocds_tenderers(staff, us_owner, us_company, itar_team):
    registrations.save_registration(actor=us_owner, company=us_company, kind="sam", identifier="ORBW4K7M2Q9L")
    assert api(us_owner).get(f"{URL}{itar_team.pk}/ocds/").status_code == 400
    teams.change_stage(actor=us_owner, team=itar_team, stage="bidding")
    teams.change_stage(actor=us_owner, team=itar_team, stage="submitted")
    release = api(us_owner).get(f"{URL}{itar_team.pk}/ocds/").json()
    jsonschema.Draft4Validator(SCHEMA).validate(release)
    consortium_id = release["tender"]["tenderers"][0]["id"]
    parties = {party["id"]: party for party in release["parties"]}
    assert parties[consortium_id]["details"]["structure"] == "prime"
    members = [p for p in release["parties"] if p.get("details", {}).get("memberOf")]
    assert [(p["details"]["teamRole"], p["details"]["workSharePercent"]) for p in members] == [
        ("prime", 60),
        ("subcontractor", 40),
    ]
    assert members[0]["identifier"] == {"scheme": "US-SAM-UEI", "id": "ORBW4K7M2Q9L"}
    assert BidTeam.objects.get().submitted_at is not None
