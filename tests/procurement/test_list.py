import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procurement.models import Opportunity
from procurement.services.importing import import_file

from .conftest import sam_notice, sam_response

URL = reverse("procurement:list")


def titles(response) -> set[str]:
    return {opportunity.title for opportunity in response.context["page"]}


def test_a_japanese_startup_sees_us_australian_and_japanese_notices_in_one_feed(client, jp_owner, demo_opportunities):
    client.force_login(jp_owner)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="ja")
    shown = titles(response)
    assert "Commercial SAR Imagery for Maritime Domain Awareness" in shown
    assert "Earth observation data services for bushfire and flood monitoring" in shown
    assert "小型SAR衛星画像の購入及び解析業務" in shown
    text = response.content.decode()
    assert "調達案件" in text
    assert "JST" in text and ("EST" in text or "EDT" in text)
    assert "日" in text  # days left, in Japanese


def test_deadlines_show_in_the_viewers_zone_eastern_and_japan_with_days_left(client, us_owner, sar_notice):
    client.force_login(us_owner)
    text = client.get(URL).content.decode()
    # 2027-01-14 17:00 EST is 2027-01-15 07:00 JST.
    assert "Jan. 14, 2027, 5 p.m. EST" in text
    assert "Jan. 15, 2027, 7 a.m. JST" in text
    assert "days left" in text


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        (
            {"country": "JP"},
            "小型SAR衛星画像の購入及び解析業務",
            "Commercial SAR Imagery for Maritime Domain Awareness",
        ),
        (
            {"source": "ocds"},
            "Satellite ground station services for lunar mission support",
            "小型SAR衛星画像の購入及び解析業務",
        ),
        (
            {"classification": "3364"},
            "Small Business Innovation: Electric Propulsion for Small Satellites",
            "Commercial SAR Imagery for Maritime Domain Awareness",
        ),
        (
            {"set_aside": "SBA"},
            "Small Business Innovation: Electric Propulsion for Small Satellites",
            "Commercial SAR Imagery for Maritime Domain Awareness",
        ),
        (
            {"marker": "itar"},
            "Radiation-Hardened On-Board Computers for Tactically Responsive Space",
            "Commercial SAR Imagery for Maritime Domain Awareness",
        ),
        (
            {"currency": "AUD", "value_min": "2000000"},
            "Earth observation data services for bushfire and flood monitoring",
            "Satellite ground station services for lunar mission support",
        ),
        (
            {"buyer": "space force"},
            "Radiation-Hardened On-Board Computers for Tactically Responsive Space",
            "Lunar Surface Rover Mobility Payload Services",
        ),
        (
            {"q": "radiation hardened"},
            "Radiation-Hardened On-Board Computers for Tactically Responsive Space",
            "Lunar Surface Rover Mobility Payload Services",
        ),
        ({"q": "衛星画像"}, "小型SAR衛星画像の購入及び解析業務", "月面探査ローバーの運用技術に関する調査研究"),
        (
            {"status": "awarded"},
            "SAR constellation data for maritime monitoring pilot",
            "Commercial SAR Imagery for Maritime Domain Awareness",
        ),
    ],
)
def test_filters_and_search_in_both_languages(client, jp_owner, demo_opportunities, query, expected, absent):
    client.force_login(jp_owner)
    shown = titles(client.get(URL, query))
    assert expected in shown
    assert absent not in shown


def test_the_deadline_window(client, jp_owner, demo_opportunities):
    soon = Opportunity.objects.get(title__startswith="Small Business Innovation")
    Opportunity.objects.filter(pk=soon.pk).update(deadline=timezone.now() + dt.timedelta(days=3))
    client.force_login(jp_owner)
    assert titles(client.get(URL, {"closes_within": "7"})) == {soon.title}


def test_open_notices_by_default_and_closed_on_request(client, jp_owner, demo_opportunities):
    client.force_login(jp_owner)
    default = titles(client.get(URL))
    assert "SAR constellation data for maritime monitoring pilot" not in default
    assert "SAR constellation data for maritime monitoring pilot" in titles(client.get(URL, {"status": ""}))


def test_bad_filter_values_are_shown_not_crashed(client, jp_owner, demo_opportunities):
    client.force_login(jp_owner)
    response = client.get(URL, {"value_min": "lots", "deadline_after": "someday"})
    assert response.status_code == 200


def test_signing_in_is_needed(client, demo_opportunities):
    assert client.get(URL).status_code == 302


def test_the_list_takes_the_same_queries_however_many_rows(
    client, jp_owner, demo_opportunities, django_assert_num_queries
):
    client.force_login(jp_owner)
    client.get(URL)

    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"status": ""})
    Opportunity.objects.filter(source="kkj").update(status="active")

    import_file(source="sam", stream=sam_response(*[sam_notice(f"extra{i}") for i in range(20)]))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL, {"status": ""})


def test_a_broad_filter_stops_counting_at_the_limit(client, us_owner, jp_owner, demo_opportunities, monkeypatch):
    from procurement import selectors

    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    client.force_login(us_owner)
    page = client.get(URL, {"status": ""}).content.decode()
    assert "More than 3 opportunities: narrow the filters to see them all." in page
    narrow = client.get(URL, {"status": "", "source": "sam", "q": "SAR"}).content.decode()
    assert "More than" not in narrow
    client.force_login(jp_owner)
    assert "3件を超える案件" in client.get(URL, {"status": ""}).content.decode()
