"""Dual qualification: certificates held, AS9100-family credit, design standards that do not credit, gap tasks."""

from django.urls import reverse

from accelerator.companies.models import CapabilityProfile, Standard
from procurement import qualification, selectors
from procurement.models import BidTeam, TeamTask


def hold(company, *codes) -> None:
    CapabilityProfile.objects.get(company=company).standards.set(Standard.objects.filter(code__in=codes))


def rows(team):
    team = selectors.team_detail(BidTeam.objects.all()).get(pk=team.pk)
    return {row.member.company.country.code: row for row in qualification.qualification(team)}


def test_the_gap_list_for_a_us_buyer(us_company, jp_company, itar_team):
    hold(us_company, "as9100", "nasa-std")
    hold(jp_company, "as9100", "jaxa-jerg")  # JIS Q 9100 credits; JERG does not
    found = rows(itar_team)
    assert found["US"].gaps == []
    assert [gap.text for gap in found["JP"].gaps] == [
        "Hoshi SAR K.K.: design and verification to NASA-STD / MIL-STD, as the buyer in United States of America "
        "expects. The standards it holds do not credit for these."
    ]


def test_iso_9001_is_not_aerospace_quality(jp_company, itar_team):
    hold(jp_company, "iso-9001")
    texts = [gap.text for gap in rows(itar_team)["JP"].gaps]
    assert "ISO 9001 alone does not meet it." in texts[0]


def test_a_gap_becomes_a_bid_room_task_and_reads_in_japanese(client, jp_owner, jp_company, itar_team):
    hold(jp_company, "as9100")
    client.force_login(jp_owner)
    text = client.get(itar_team.get_absolute_url()).content.decode()
    assert "二重認証" in text
    gap = rows(itar_team)["JP"].gaps[0]
    client.post(reverse("procurement:team_room", args=[itar_team.pk]), {"action": "task", "title": gap.text})
    assert TeamTask.objects.get().title == gap.text


def test_the_gap_list_names_what_the_team_offers(client, us_owner, jp_owner, itar_team):
    client.force_login(us_owner)
    client.post(
        reverse("procurement:team_edit", args=[itar_team.pk]),
        {"name": itar_team.name, "third_country_reason": "", "product": "S-band ground station passes"},
    )
    itar_team.refresh_from_db()
    assert itar_team.product == "S-band ground station passes"
    client.force_login(jp_owner)
    text = client.get(itar_team.get_absolute_url()).content.decode()
    assert "<strong>チームが提供するもの</strong><br>S-band ground station passes" in text


def test_only_the_lead_company_names_the_product(client, jp_owner, itar_team):
    client.force_login(jp_owner)
    client.post(
        reverse("procurement:team_edit", args=[itar_team.pk]),
        {"name": "Renamed", "third_country_reason": "", "product": "Something else"},
    )
    itar_team.refresh_from_db()
    assert itar_team.product == "" and itar_team.name != "Renamed"
