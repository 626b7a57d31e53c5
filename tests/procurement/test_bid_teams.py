"""Forming a bid team, the double opt-in, roles and shares, leaving, the pipeline: web pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accelerator.companies.models import Membership
from matchmaking.models import Suggestion
from procurement.models import BidTeam, TeamMember
from procurement.services import teams
from tests.factories import make_company


def page(client, url) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_forms_a_team_and_invites_a_partner_from_its_matches(
    client, us_owner, us_company, jp_owner, jp_company, itar_notice
):
    Suggestion.objects.create(company=us_company, partner=jp_company, rank=1, score=0.9, fingerprint="x")
    client.force_login(us_owner)
    assert "Form a bid team" in page(client, itar_notice.get_absolute_url())
    response = client.post(
        reverse("procurement:form_team", args=[itar_notice.pk]),
        {"company": us_company.pk, "name": "Rad-hard team", "structure": "prime"},
        follow=True,
    )
    team = BidTeam.objects.get()
    assert team.lead_company == us_company and team.stage == "forming"
    text = response.content.decode()
    assert "Team formed" in text and "Hoshi SAR K.K." in text and "from your matches" in text

    response = client.post(reverse("procurement:team_invite", args=[team.pk]), {"company": jp_company.pk}, follow=True)
    assert "is invited" in response.content.decode()
    invited = team.members.get(company=jp_company)
    assert invited.status == "invited" and invited.role == "subcontractor"

    # The second opt-in: a person of the invited company, in Japanese.
    client.force_login(jp_owner)
    text = page(client, reverse("procurement:teams"))
    assert "回答を待っている招待" in text
    text = page(client, team.get_absolute_url())
    assert "承諾" in text
    client.post(reverse("procurement:team_answer", args=[team.pk, invited.pk]), {"answer": "accept"})
    invited.refresh_from_db()
    team.refresh_from_db()
    assert invited.status == "accepted" and team.formed_at is not None


def test_inviting_a_company_twice_says_so_and_saves_nothing(client, us_owner, us_company, jp_company, itar_notice):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    teams.invite_company(actor=us_owner, team=team, company=jp_company)
    client.force_login(us_owner)
    response = client.post(reverse("procurement:team_invite", args=[team.pk]), {"company": jp_company.pk}, follow=True)
    assert "has already been invited and has not answered yet" in response.content.decode()
    assert team.members.count() == 2


def test_only_the_invited_company_answers(client, us_owner, us_company, jp_company, member, itar_notice):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    invited = teams.invite_company(actor=us_owner, team=team, company=jp_company)
    client.force_login(member)  # a person of the U.S. company, not of the invited one
    response = client.post(reverse("procurement:team_answer", args=[team.pk, invited.pk]), {"answer": "accept"})
    assert response.status_code == 403
    invited.refresh_from_db()
    assert invited.status == "invited"


def test_declining(client, us_owner, us_company, jp_owner, jp_company, itar_notice):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    invited = teams.invite_company(actor=us_owner, team=team, company=jp_company)
    client.force_login(jp_owner)
    client.post(reverse("procurement:team_answer", args=[team.pk, invited.pk]), {"answer": "decline"})
    invited.refresh_from_db()
    assert invited.status == "declined"
    assert client.get(team.get_absolute_url()).status_code == 404
    # A declined company may be asked again.
    teams.invite_company(actor=us_owner, team=team, company=jp_company)
    invited.refresh_from_db()
    assert invited.status == "invited"


def test_shares_that_do_not_add_up_to_100_are_refused(client, us_owner, itar_team):
    prime, sub = itar_team.members.order_by("pk")
    client.force_login(us_owner)
    response = client.post(
        reverse("procurement:team_composition", args=[itar_team.pk]),
        {f"share-{prime.pk}": "70", f"share-{sub.pk}": "40"},
        follow=True,
    )
    assert "The work shares add up to 110%; they must add up to 100%." in response.content.decode()
    assert [m.share for m in itar_team.members.order_by("pk")] == [Decimal(60), Decimal(40)]


def test_shares_and_roles_in_japanese(client, jp_owner, us_owner, itar_team):
    prime, sub = itar_team.members.order_by("pk")
    client.force_login(us_owner)
    client.post(
        reverse("procurement:team_composition", args=[itar_team.pk]),
        {
            f"role-{prime.pk}": "subcontractor",
            f"role-{sub.pk}": "prime",
            f"share-{prime.pk}": "45",
            f"share-{sub.pk}": "55",
        },
    )
    prime.refresh_from_db()
    sub.refresh_from_db()
    assert (sub.role, sub.share, prime.role, prime.share) == ("prime", Decimal(55), "subcontractor", Decimal(45))
    us_owner.preferred_language = "ja"
    us_owner.save()
    response = client.post(
        reverse("procurement:team_composition", args=[itar_team.pk]),
        {f"share-{prime.pk}": "abc"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert "作業分担" in response.content.decode()


def test_two_primes_are_refused(us_owner, itar_team):
    _prime, sub = itar_team.members.order_by("pk")
    with pytest.raises(Exception, match="exactly one prime"):
        teams.set_composition(actor=us_owner, team=itar_team, roles={sub.pk: "prime"}, shares={})


def test_only_the_lead_company_changes_the_composition(client, jp_owner, itar_team):
    prime, sub = itar_team.members.order_by("pk")
    client.force_login(jp_owner)
    response = client.post(
        reverse("procurement:team_composition", args=[itar_team.pk]),
        {f"share-{prime.pk}": "0", f"share-{sub.pk}": "100"},
    )
    assert response.status_code == 403
    assert sub.share == Decimal(40)


def test_a_company_cannot_leave_mid_bid(client, us_owner, jp_owner, itar_team):
    teams.change_stage(actor=us_owner, team=itar_team, stage="bidding")
    sub = itar_team.members.get(role="subcontractor")
    client.force_login(jp_owner)
    response = client.post(reverse("procurement:team_leave", args=[itar_team.pk, sub.pk]), follow=True)
    assert "チームが「入札準備中」の間はHoshi SAR K.K.は離脱できません。" in response.content.decode()
    sub.refresh_from_db()
    assert sub.status == "accepted"


def test_leaving_while_forming(client, jp_owner, itar_team):
    sub = itar_team.members.get(role="subcontractor")
    client.force_login(jp_owner)
    client.post(reverse("procurement:team_leave", args=[itar_team.pk, sub.pk]))
    sub.refresh_from_db()
    assert sub.status == "left" and sub.share == 0
    assert client.get(itar_team.get_absolute_url()).status_code == 404


def test_the_lead_company_cannot_leave(us_owner, itar_team):
    prime = itar_team.members.get(company=itar_team.lead_company)
    with pytest.raises(Exception, match="withdraw the team instead"):
        teams.leave_team(actor=us_owner, member=prime)


def test_the_pipeline(client, us_owner, itar_team):
    client.force_login(us_owner)
    response = client.post(reverse("procurement:team_stage", args=[itar_team.pk]), {"stage": "submitted"}, follow=True)
    assert "A team that is Forming cannot become Submitted." in response.content.decode()
    for stage in ("bidding", "submitted", "won"):
        client.post(reverse("procurement:team_stage", args=[itar_team.pk]), {"stage": stage})
    itar_team.refresh_from_db()
    assert itar_team.stage == "won" and itar_team.submitted_at and itar_team.closed_at


def test_a_team_of_one_cannot_bid(client, us_owner, us_company, itar_notice):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    client.force_login(us_owner)
    response = client.post(reverse("procurement:team_stage", args=[team.pk]), {"stage": "bidding"}, follow=True)
    assert "at least two companies that accepted" in response.content.decode()
    team.refresh_from_db()
    assert team.stage == "forming"


def test_forming_needs_a_company_of_ones_own(client, outsider, us_company, itar_notice):
    client.force_login(outsider)
    response = client.post(
        reverse("procurement:form_team", args=[itar_notice.pk]), {"company": us_company.pk, "structure": "prime"}
    )
    assert response.status_code == 200  # the form offers only the user's own companies
    assert not BidTeam.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "partner"])
def test_others_get_404(client, request, who, itar_team):
    client.force_login(request.getfixturevalue(who))
    for name in ("procurement:team", "procurement:team_room", "procurement:team_gate"):
        assert client.get(reverse(name, args=[itar_team.pk])).status_code == 404
    assert client.post(reverse("procurement:team_stage", args=[itar_team.pk]), {"stage": "bidding"}).status_code == 404


def test_program_staff_see_every_team(client, staff, itar_team):
    client.force_login(staff)
    assert "Orbitworks–Hoshi" in page(client, reverse("procurement:teams"))
    assert client.get(reverse("procurement:team_room", args=[itar_team.pk])).status_code == 200


def test_a_company_member_who_is_not_the_owner_also_sees_the_team(client, member, itar_team):
    assert Membership.objects.filter(user=member).exists()
    client.force_login(member)
    assert client.get(itar_team.get_absolute_url()).status_code == 200


def test_the_team_list_has_a_constant_number_of_queries(
    client, us_owner, us_company, jp_owner, jp_company, itar_notice, plain_notice, django_assert_max_num_queries
):
    from .teams import accepted_team

    accepted_team(itar_notice, us_owner, us_company, jp_owner, jp_company)
    client.force_login(us_owner)
    url = reverse("procurement:teams")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    # The session, the user and their groups, the inbox count, the teams with their members and invitations
    # (elsewhere than PostgreSQL: the members, their registrations, profiles' standards, licences and the
    # invitations one query each).
    assert len(one) == (5 if connection.vendor == "postgresql" else 10)
    other = make_company(owner=us_owner, legal_name="Third Co", country="JP")
    for opportunity in (plain_notice,):
        team = teams.form_team(actor=us_owner, opportunity=opportunity, company=us_company)
        teams.answer_invitation(
            actor=us_owner, member=teams.invite_company(actor=us_owner, team=team, company=other), accept=True
        )
    with django_assert_max_num_queries(len(one)):
        response = client.get(url)
    text = response.content.decode()
    assert text.count("<tr>") == 3
    assert TeamMember.objects.count() == 4
    assert "Orbitworks Analytics Inc. (US, 60%)<br>Hoshi SAR K.K. (JP, 40%)" in text
    assert '<span class="badge gate-licence_needed">⚠ Licence or TAA needed</span>' in text


def test_the_team_list_shows_only_the_readers_teams(client, outsider, itar_team):
    client.force_login(outsider)
    text = page(client, reverse("procurement:teams"))
    assert "Orbitworks–Hoshi" not in text and "No bid teams yet" in text


def test_the_invited_company_is_emailed_in_its_language_once(
    us_owner, us_company, jp_owner, jp_company, itar_notice, mailoutbox, django_capture_on_commit_callbacks
):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    with django_capture_on_commit_callbacks(execute=True):
        teams.invite_company(actor=us_owner, team=team, company=jp_company)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [jp_owner.email]
    assert "Orbitworks Analytics Inc." in message.subject and "共同入札" in message.subject
    assert team.get_absolute_url() in message.body
    from procurement.tasks import email_team_invitation

    email_team_invitation(team.members.get(company=jp_company).pk)  # redelivered: nothing more is sent
    assert len(mailoutbox) == 1


def test_the_team_list_written_once_follows_every_change_of_its_teams(client, us_owner, jp_owner, itar_team):
    """The list is kept per set of team values: a new share or a new registration shows on the next view."""
    client.force_login(us_owner)
    url = reverse("procurement:teams")
    assert "Hoshi SAR K.K. (JP, 40%)" in page(client, url)
    assert "Hoshi SAR K.K. (JP, 40%)" in page(client, url)  # the kept list
    TeamMember.objects.filter(team=itar_team, company__legal_name="Hoshi SAR K.K.").update(share=35)
    assert "Hoshi SAR K.K. (JP, 35%)" in page(client, url)
    client.force_login(jp_owner)  # the other company's reader gets the list written for them, in Japanese
    assert "株式会社ほしSAR (JP, 35%)" in page(client, url)
