"""Bilingual NDA, teaming agreement and IP clauses filled from the team's data, with the counsel notice."""

from django.urls import reverse

from procurement.services import teams


def url(team) -> str:
    return reverse("procurement:team_agreement", args=[team.pk])


def test_a_bilingual_teaming_agreement_from_the_teams_data(client, us_owner, itar_team):
    client.force_login(us_owner)
    response = client.get(url(itar_team), {"kind": "teaming", "governing_law": "new_york", "forum": "jcaa_tokyo"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Teaming Agreement" in text and "チーミング契約書" in text
    assert "Orbitworks Analytics Inc. acts as prime contractor" in text
    assert "株式会社ほしSAR：40%" in text and "Hoshi SAR K.K.: Subcontractor 40%" in text
    assert "Radiation-hardened on-board computers (80NSSC27R0001)" in text
    assert "ニューヨーク州法" in text and "JCAA" in text
    assert "A starting point for counsel, not legal advice." in text


def test_ip_clause_options(client, jp_owner, itar_team):
    client.force_login(jp_owner)
    response = client.get(
        url(itar_team),
        {
            "kind": "ip",
            "governing_law": "japan",
            "forum": "icc_singapore",
            "foreground": "joint_by_share",
            "field_of_use": "SAR data services",
        },
    )
    text = response.content.decode()
    assert "作業分担の割合に応じて共有する" in text and "SAR data services" in text
    assert "弁護士が検討するためのたたき台" in text


def test_a_team_with_missing_data_gets_a_clear_message(client, us_owner, us_company, itar_notice):
    team = teams.form_team(actor=us_owner, opportunity=itar_notice, company=us_company)
    client.force_login(us_owner)
    response = client.get(url(team), {"kind": "teaming", "governing_law": "", "forum": "courts"})
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "This document needs at least two companies that accepted their place on the team; the governing law first."
        in text
    )
    assert "Teaming Agreement" not in text


def test_the_missing_data_message_in_japanese(client, jp_owner, us_owner, itar_team):
    teams.change_stage(actor=us_owner, team=itar_team, stage="withdrawn")
    client.force_login(jp_owner)
    response = client.get(url(itar_team), {"kind": "nda", "governing_law": "japan", "forum": ""})
    assert "紛争解決の場" in response.content.decode()


def test_others_get_404(client, outsider, itar_team):
    client.force_login(outsider)
    assert client.get(url(itar_team), {"kind": "nda"}).status_code == 404
