"""seed_demo adds bid teams in every stage: one blocked by the gate, one three-country team on an AusTender notice."""

import io

import pytest
from django.core.management import call_command

from procurement import bid_checks, export_gate, selectors
from procurement.models import BidTeam, TeamStage

pytestmark = pytest.mark.django_db


def test_the_demo_teams(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "procurement bid teams: 6" in out.getvalue()
    teams = {team.name: team for team in selectors.team_detail(BidTeam.objects.all())}
    assert {team.stage for team in teams.values()} == set(TeamStage.values)
    assert export_gate.gate(teams["Pacific SDA tracking team"]).label == "cannot_receive"
    assert export_gate.gate(teams["Rad-hard OBC team"]).label == "licence_needed"
    southern = teams["Southern skies EO consortium"]
    assert southern.opportunity.country.code == "AU"
    assert {m.company.country.code for m in southern.members.all()} == {"AU", "JP", "US"}
    assert bid_checks.all_passed(bid_checks.checklist(southern))
    assert all(team.formed_at > team.opportunity.posted_at for team in teams.values())
