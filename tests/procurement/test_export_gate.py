"""The export-control gate of a team: one label, its reasons, the step and its owner; staff record licences."""

import datetime as dt

from django.urls import reverse

from procurement import export_gate, selectors
from procurement.models import BidTeam, ExportAuthorisation
from procurement.services import registrations

from .teams import accepted_team, compliance, sam_opportunity


def gate_of(team):
    return export_gate.gate(selectors.team_detail(BidTeam.objects.all()).get(pk=team.pk))


def test_a_notice_without_markers_is_clear(plain_team):
    assert gate_of(plain_team).label == "clear"


def test_itar_wording_needs_a_taa_before_data_goes_to_the_japanese_member(client, us_owner, itar_team):
    gate = gate_of(itar_team)
    assert gate.label == "licence_needed"
    assert gate.headline == "A licence or TAA is needed before technical data goes to Hoshi SAR K.K."
    entry = next(e for e in gate.members if e.member.company.country.code == "JP")
    assert "registers with DDTC (ITAR part 122), then applies for a TAA naming Hoshi SAR K.K." in entry.step
    assert entry.owner == "Orbitworks Analytics Inc."
    assert "Hoshi SAR K.K. has no technology control plan on its profile." in entry.reasons
    compliance(itar_team.lead_company, itar_registered=True)
    entry = next(e for e in gate_of(itar_team).members if e.member.company.country.code == "JP")
    assert entry.step.startswith("Apply to DDTC for a TAA naming Hoshi SAR K.K.")
    client.force_login(us_owner)
    text = client.get(reverse("procurement:team_gate", args=[itar_team.pk])).content.decode()
    assert "Licence or TAA needed" in text and "Apply to DDTC for a TAA" in text and "not a decision" in text


def test_the_gate_in_japanese(client, jp_owner, itar_team):
    client.force_login(jp_owner)
    text = client.get(reverse("procurement:team_gate", args=[itar_team.pk])).content.decode()
    assert "ライセンスまたはTAAが必要" in text


def test_an_approved_taa_clears_and_a_denied_one_blocks(staff, itar_team):
    sub = itar_team.members.get(role="subcontractor")
    taa = registrations.record_authorisation(
        actor=staff, team=itar_team, member=sub, kind="taa", reference="TA-1234-26", requested_on=dt.date(2026, 10, 1)
    )
    entry = next(e for e in gate_of(itar_team).members if e.member == sub)
    assert entry.label == "licence_needed" and "no decision yet" in entry.reasons[-1]
    registrations.record_authorisation(
        actor=staff,
        team=itar_team,
        member=sub,
        kind="taa",
        reference="TA-1234-26",
        requested_on=dt.date(2026, 10, 1),
        decision="approved",
        decided_on=dt.date(2026, 11, 20),
        authorisation=taa,
    )
    assert gate_of(itar_team).label == "clear"
    taa.decision = "denied"
    taa.save()
    gate = gate_of(itar_team)
    assert gate.label == "cannot_receive" and gate.headline == "Hoshi SAR K.K. cannot receive controlled data"


def test_us_persons_only_means_a_foreign_member_cannot_receive(us_owner, us_company, jp_owner, jp_company):
    opportunity = sam_opportunity("usp1", description="U.S. persons only may access the technical library.")
    team = accepted_team(opportunity, us_owner, us_company, jp_owner, jp_company)
    gate = gate_of(team)
    assert gate.label == "cannot_receive"
    entry = next(e for e in gate.members if e.label == "cannot_receive")
    assert "ITAR Bridge Office" in entry.owner and "contracting officer" in entry.step


def test_staff_record_a_taa_on_the_gate_page_and_bad_dates_are_refused(client, staff, us_owner, itar_team):
    sub = itar_team.members.get(role="subcontractor")
    url = reverse("procurement:team_gate", args=[itar_team.pk])
    client.force_login(staff)
    response = client.post(
        url,
        {
            "member": sub.pk,
            "kind": "taa",
            "requested_on": "2026-11-01",
            "decision": "approved",
            "decided_on": "2026-10-01",
        },
    )
    assert "The decision cannot come before the request." in response.content.decode()
    assert not ExportAuthorisation.objects.exists()
    client.post(
        url, {"member": sub.pk, "kind": "taa", "reference": "TA-9", "requested_on": "2026-11-01", "decision": "pending"}
    )
    assert ExportAuthorisation.objects.get().reference == "TA-9"
    client.post(
        url,
        {"member": sub.pk, "kind": "taa", "reference": "TA-9", "requested_on": "2026-11-01", "decision": "approved"}
        | {"decided_on": "2026-11-20"},
    )
    assert ExportAuthorisation.objects.get().decision == "approved"  # the request's decision, not a second record
    assert "TA-9 approved on" in client.get(url).content.decode()
    client.force_login(us_owner)  # a member, not staff: the form is not offered and a post is refused
    assert "Record a request or a decision" not in client.get(url).content.decode()
    assert (
        client.post(
            url, {"member": sub.pk, "kind": "taa", "requested_on": "2026-11-01", "decision": "pending"}
        ).status_code
        == 404
    )
    assert ExportAuthorisation.objects.count() == 1


def test_an_invited_company_does_not_see_the_gate(client, us_owner, us_company, jp_owner, jp_company, itar_notice):
    from procurement.services import teams

    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    teams.invite_company(actor=us_owner, team=team, company=jp_company)
    client.force_login(jp_owner)
    assert client.get(team.get_absolute_url()).status_code == 200
    assert client.get(reverse("procurement:team_gate", args=[team.pk])).status_code == 404
    assert client.get(reverse("procurement:team_room", args=[team.pk])).status_code == 404
