"""The composition and eligibility checklist, recomputed as the team changes."""

import datetime as dt

from django.urls import reverse

from procurement import bid_checks, selectors
from procurement.models import BidTeam, Registration
from procurement.services import registrations, teams

from .teams import sam_opportunity


def checks(team) -> dict:
    team = selectors.team_detail(BidTeam.objects.all()).get(pk=team.pk)
    return {check.code: check for check in bid_checks.checklist(team)}


def test_binational_and_shares(us_owner, us_company, jp_owner, jp_company, plain_notice):
    team = teams.form_team(actor=us_owner, opportunity=plain_notice, company=us_company)
    found = checks(team)
    assert found["binational"].status == "missing"
    assert "No Japanese member has accepted yet." in found["binational"].details
    assert found["shares"].status == "ok"
    member = teams.invite_company(actor=us_owner, team=team, company=jp_company)
    assert checks(team)["binational"].status == "missing"  # invited is not yet a member
    teams.answer_invitation(actor=jp_owner, member=member, accept=True)
    found = checks(team)
    assert found["binational"].status == "ok"
    assert found["shares"].status == "ok"  # the lead keeps 100% until shares are set


def test_the_binational_rule_is_a_program_setting(settings, us_owner, us_company, plain_notice):
    settings.BID_TEAMS_REQUIRE_BINATIONAL = False
    team = teams.form_team(actor=us_owner, opportunity=plain_notice, company=us_company)
    assert "binational" not in checks(team)


def test_a_third_country_buyer_needs_a_member_from_there_or_a_reason(
    us_owner, us_company, jp_owner, jp_company, au_owner, au_company, au_notice
):
    team = teams.form_team(actor=us_owner, opportunity=au_notice, company=us_company)
    teams.answer_invitation(
        actor=jp_owner, member=teams.invite_company(actor=us_owner, team=team, company=jp_company), accept=True
    )
    found = checks(team)["third_country"]
    assert found.status == "missing" and "Invite a company from Australia" in found.details[0]
    teams.update_team(
        actor=us_owner, team=team, name=team.name, third_country_reason="Tasking from a partner in Perth."
    )
    assert checks(team)["third_country"].status == "warn"
    teams.answer_invitation(
        actor=au_owner, member=teams.invite_company(actor=us_owner, team=team, company=au_company), accept=True
    )
    found = checks(team)["third_country"]
    assert found.status == "ok" and "Southern Cross" in found.details[0]


def test_the_australian_buyer_needs_the_primes_abn(us_owner, us_company, au_notice):
    team = teams.form_team(actor=us_owner, opportunity=au_notice, company=us_company)
    found = checks(team)["registrations"]
    assert found.status == "missing"
    assert "Orbitworks Analytics Inc.: no Australian Business Number (ABN) on its profile." in found.details
    registrations.save_registration(actor=us_owner, company=us_company, kind="abn", identifier="51 824 753 556")
    found = checks(team)["registrations"]
    assert found.status == "warn" and "recorded without evidence" in found.details[0]


def test_a_us_buyer_needs_a_current_sam_registration(us_owner, us_company, plain_notice):
    team = teams.form_team(actor=us_owner, opportunity=plain_notice, company=us_company)
    registrations.save_registration(
        actor=us_owner, company=us_company, kind="sam", identifier="ORBW4K7M2Q9L", expires_on=dt.date(2020, 1, 1)
    )
    found = checks(team)["registrations"]
    assert found.status == "missing" and "expired" in found.details[0]


def test_a_japanese_buyer_needs_the_grade_it_asks_for(jp_owner, jp_company, us_owner, us_company):
    from procurement.models import Opportunity

    opportunity = sam_opportunity("jp1")
    Opportunity.objects.filter(pk=opportunity.pk).update(
        country="JP", source="kkj", eligibility=[{"kind": "unified_qualification", "value": "A,B"}]
    )
    opportunity.refresh_from_db()
    team = teams.form_team(actor=jp_owner, opportunity=opportunity, company=jp_company)
    Registration.objects.create(company=jp_company, kind="jp_unified", identifier="0000123", grade="C")
    found = checks(team)["registrations"]
    assert found.status == "missing"
    assert any("grade C; the notice asks for grade A/B" in detail for detail in found.details)
    assert any("no Corporate number (法人番号)" in detail for detail in found.details)


def test_a_small_business_set_aside_checks_the_prime(us_owner, us_company, jp_owner, jp_company):
    opportunity = sam_opportunity(
        "sb1", typeOfSetAside="SBA", typeOfSetAsideDescription="Total Small Business Set-Aside"
    )
    team = teams.form_team(actor=jp_owner, opportunity=opportunity, company=jp_company)
    found = checks(team)["set_aside"]
    assert found.status == "missing" and "is not a U.S. small business" in found.details[0]
    team = teams.form_team(actor=us_owner, opportunity=opportunity, company=us_company)
    assert checks(team)["set_aside"].status == "ok"


def test_the_registrations_page(client, us_owner, us_company, outsider):
    client.force_login(us_owner)
    url = reverse("procurement:registrations", args=[us_company.slug])
    response = client.post(url, {"kind": "abn", "identifier": "51824753557"})
    assert "This is not a valid ABN" in response.content.decode()
    assert not Registration.objects.exists()
    response = client.post(
        url, {"kind": "sam", "identifier": "orbw4k7m2q9l", "valid_from": "2026-02-01", "expires_on": "2026-01-01"}
    )
    assert "cannot expire before it starts" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        url,
        {"kind": "sam", "identifier": "orbw4k7m2q9l", "evidence": SimpleUploadedFile("sam.pdf", b"%PDF-1.4 proof")},
        follow=True,
    )
    registration = Registration.objects.get()
    assert registration.identifier == "ORBW4K7M2Q9L" and registration.evidence_name == "sam.pdf"
    evidence = reverse("procurement:registration_evidence", args=[us_company.slug, registration.pk])
    assert b"".join(client.get(evidence).streaming_content) == b"%PDF-1.4 proof"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(evidence).status_code == 404


def test_a_three_country_joint_venture_passes_with_one_abn(
    us_owner, us_company, jp_owner, jp_company, au_owner, au_company, au_notice
):
    team = teams.form_team(actor=us_owner, opportunity=au_notice, company=us_company, structure="joint_venture")
    for owner, company in ((jp_owner, jp_company), (au_owner, au_company)):
        teams.answer_invitation(
            actor=owner, member=teams.invite_company(actor=us_owner, team=team, company=company), accept=True
        )
    members = {member.company_id: member.pk for member in team.members.all()}
    teams.set_composition(
        actor=us_owner,
        team=team,
        roles={},
        shares={members[us_company.pk]: 40, members[jp_company.pk]: 30, members[au_company.pk]: 30},
    )
    assert checks(team)["registrations"].status == "missing"
    registrations.save_registration(actor=au_owner, company=au_company, kind="abn", identifier="51824753556")
    registrations.save_registration(
        actor=jp_owner, company=jp_company, kind="corporate_number", identifier="1010401099999"
    )
    assert {code: check.status for code, check in checks(team).items()} == {
        "binational": "ok",
        "third_country": "ok",
        "shares": "ok",
        "registrations": "warn",  # recorded, evidence not yet uploaded
    }
    assert bid_checks.all_passed(bid_checks.checklist(selectors.team_detail(BidTeam.objects.all()).get(pk=team.pk)))


def test_the_procurement_details_page_leads_to_the_registrations(client, us_owner, us_company):
    client.force_login(us_owner)
    text = client.get(reverse("procurement:procurement_profile", args=[us_company.slug])).content.decode()
    assert reverse("procurement:registrations", args=[us_company.slug]) in text
