"""The staff pipeline: stages, country pairs, win rate and friction, in both languages, with constant queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procurement.models import BidTeam, Opportunity
from procurement.services import teams

from .teams import accepted_team, sam_opportunity


def posted_days_before(team, days: int, formed_after: int, submitted_after: int | None = None) -> None:
    team.refresh_from_db()
    posted = team.formed_at - timedelta(days=days)
    Opportunity.objects.filter(pk=team.opportunity_id).update(posted_at=posted)
    BidTeam.objects.filter(pk=team.pk).update(
        formed_at=posted + timedelta(days=formed_after),
        submitted_at=posted + timedelta(days=submitted_after) if submitted_after is not None else None,
    )


def test_the_pipeline_in_english_and_japanese(client, staff, us_owner, us_company, jp_owner, jp_company):
    won = accepted_team(sam_opportunity("p1"), us_owner, us_company, jp_owner, jp_company)
    for stage in ("bidding", "submitted", "won"):
        teams.change_stage(actor=us_owner, team=won, stage=stage)
    lost = accepted_team(sam_opportunity("p2"), us_owner, us_company, jp_owner, jp_company)
    for stage in ("bidding", "submitted", "lost"):
        teams.change_stage(actor=us_owner, team=lost, stage=stage)
    accepted_team(sam_opportunity("p3"), us_owner, us_company, jp_owner, jp_company)
    posted_days_before(won, 30, formed_after=10, submitted_after=20)
    posted_days_before(lost, 30, formed_after=4, submitted_after=30)

    client.force_login(staff)
    text = client.get(reverse("procurement:pipeline")).content.decode()
    assert "Bid team pipeline" in text and "<svg" in text
    assert "<strong>50%</strong> win rate" in text
    assert "JP–US" in text and "<td>3</td>" in text
    assert "25.0 days" in text  # median days to a bid: (20 + 30) / 2
    staff.preferred_language = "ja"
    staff.save()
    text = client.get(reverse("procurement:pipeline"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "入札チームのパイプライン" in text and "勝率" in text and "25.0日" in text


def test_only_staff_see_the_pipeline(client, us_owner):
    client.force_login(us_owner)
    assert client.get(reverse("procurement:pipeline")).status_code == 403


def test_the_pipeline_has_a_constant_number_of_queries(client, staff, us_owner, us_company, jp_owner, jp_company):
    accepted_team(sam_opportunity("c1"), us_owner, us_company, jp_owner, jp_company)
    client.force_login(staff)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("procurement:pipeline"))
    for number in range(2, 6):
        accepted_team(sam_opportunity(f"c{number}"), us_owner, us_company, jp_owner, jp_company)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("procurement:pipeline"))
    assert len(five) == len(one)


def test_a_bar_chart_escapes_its_words():
    from procurement.pipeline import _bars
    from procurement.templatetags.bar_chart import bar_chart

    svg = bar_chart(_bars([("<b>AU–JP</b> · to a team", 2.5, "2.5 days")]), "friction", "Days & <nights>")
    assert '<title id="friction-title">Days &amp; &lt;nights&gt;</title>' in svg
    assert '<text x="0" y="14" class="label">&lt;b&gt;AU–JP&lt;/b&gt; · to a team</text>' in svg
    assert "<title>&lt;b&gt;AU–JP&lt;/b&gt; · to a team: 2.5 days</title>" in svg
    assert '<rect x="150" y="0" width="430.0" height="20" class="s5">' in svg


def test_the_kept_statements_give_the_figures_the_orm_gives(us_owner, us_company, jp_owner, jp_company, monkeypatch):
    from procurement import pipeline

    won = accepted_team(sam_opportunity("k1"), us_owner, us_company, jp_owner, jp_company)
    for stage in ("bidding", "submitted", "won"):
        teams.change_stage(actor=us_owner, team=won, stage=stage)
    accepted_team(sam_opportunity("k2"), us_owner, us_company, jp_owner, jp_company)
    posted_days_before(won, 30, formed_after=10, submitted_after=20)
    kept = pipeline.pipeline(BidTeam.objects.all())
    assert pipeline._kept(BidTeam.objects.all()) is not None
    # A condition with a join is compiled by the ORM on every read, as before.
    assert pipeline._kept(BidTeam.objects.filter(opportunity__source="sam")) is None
    monkeypatch.setattr(pipeline, "_kept", lambda queryset: None)
    assert pipeline.pipeline(BidTeam.objects.all()) == kept
    assert pipeline.pipeline(BidTeam.objects.none()).total == 0


def test_the_pipeline_written_once_follows_each_change(client, staff, us_owner, us_company, jp_owner, jp_company):
    team = accepted_team(sam_opportunity("w1"), us_owner, us_company, jp_owner, jp_company)
    client.force_login(staff)
    url = reverse("procurement:pipeline")
    assert "<strong>—</strong> win rate" in client.get(url).content.decode()
    for stage in ("bidding", "submitted", "won"):
        teams.change_stage(actor=us_owner, team=team, stage=stage)
    assert "<strong>100%</strong> win rate" in client.get(url).content.decode()
    posted_days_before(team, 12, formed_after=3, submitted_after=9)
    text = client.get(url).content.decode()
    assert "3.0 days" in text and "9.0 days" in text
