import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procurement.models import Opportunity, SavedOpportunity
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


def test_deadline_days_are_whole_days_in_the_viewers_zone(client, jp_owner, us_owner, demo_opportunities):
    notice = Opportunity.objects.get(title__startswith="Small Business Innovation")
    # 23:30 in Tokyo on 31 March is still 31 March there, and 10:30 on 31 March in New York.
    late = dt.datetime(2027, 3, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    Opportunity.objects.filter(pk=notice.pk).update(deadline=late)
    client.force_login(jp_owner)
    assert notice.title in titles(client.get(URL, {"deadline_after": "2027-03-31", "deadline_before": "2027-03-31"}))
    assert notice.title not in titles(client.get(URL, {"deadline_after": "2027-04-01"}))
    assert notice.title not in titles(client.get(URL, {"deadline_before": "2027-03-30"}))
    us_owner.time_zone = "America/New_York"
    us_owner.save(update_fields=["time_zone"])
    client.force_login(us_owner)
    assert notice.title in titles(client.get(URL, {"deadline_after": "2027-03-31", "deadline_before": "2027-03-31"}))


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
    # A full first page takes one more: the count of all matches, which a short page's length gives.
    with django_assert_num_queries(len(few.captured_queries) + 1):
        client.get(URL, {"status": ""})
    with django_assert_num_queries(len(few.captured_queries) + 1):
        client.get(URL, {"status": "", "page": "2"})


def test_a_filtered_search_takes_the_same_queries_however_many_rows_match(client, jp_owner, demo_opportunities):
    def matching(*ids):
        notices = [sam_notice(i, typeOfSetAside="SBA", naicsCode="541715", title=f"SAR imagery {i}") for i in ids]
        import_file(source="sam", stream=sam_response(*notices))

    client.force_login(jp_owner)
    filters = {"status": "", "q": "SAR", "classification": "5417, 3364", "buyer": "a", "set_aside": "SBA"}
    matching("first", "second")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL, filters).context["page"]) == 2
    matching(*[f"more{i}" for i in range(30)])
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL, filters).context["page"]) == 25
    # The full first page also counts its matches; the short one's length was its count.
    assert len(many.captured_queries) == len(few.captured_queries) + 1


def test_the_order_menu_reads_in_japanese_and_orders_as_it_says(client, jp_owner, demo_opportunities):
    client.force_login(jp_owner)
    response = client.get(URL, {"ordering": "-posted"}, HTTP_ACCEPT_LANGUAGE="ja")
    text = response.content.decode()
    for label in ("締切の近い順", "締切の遠い順", "掲載日の新しい順", "掲載日の古い順", "金額の高い順", "金額の低い順"):
        assert label in text
    assert "descending" not in text
    posted_at = dict(Opportunity.objects.values_list("pk", "posted_at"))
    posted = [posted_at[card.pk] for card in response.context["page"] if posted_at[card.pk]]
    assert posted == sorted(posted, reverse=True)


def test_a_card_escapes_the_notice_and_marks_only_the_readers_saved_notice(client, us_owner, jp_owner, sar_notice):
    Opportunity.objects.filter(pk=sar_notice.pk).update(buyer_name="<b>Space Force</b>")
    SavedOpportunity.objects.create(user=jp_owner, opportunity=sar_notice)
    client.force_login(us_owner)
    text = client.get(URL).content.decode()
    assert "&lt;b&gt;Space Force&lt;/b&gt;" in text and "<b>Space Force</b>" not in text
    assert "Saved ✓ (remove)" not in text  # saved by someone else
    SavedOpportunity.objects.create(user=us_owner, opportunity=sar_notice)
    assert "Saved ✓ (remove)" in client.get(URL).content.decode()
    # On the saved page too, the card says it is saved.
    saved_page = client.get(reverse("procurement:saved")).content.decode()
    assert "Saved ✓ (remove)" in saved_page and ">Save</button>" not in saved_page


def test_the_count_line_counts_a_short_page_and_a_full_one(client, us_owner, demo_opportunities):
    client.force_login(us_owner)
    shown = len(client.get(URL, {"status": ""}).context["page"])
    assert 0 < shown < 25
    assert f"{shown} opportunities" in client.get(URL, {"status": ""}).content.decode()
    import_file(source="sam", stream=sam_response(*[sam_notice(f"extra{i}") for i in range(30)]))
    total = Opportunity.objects.count()
    for page in ("1", "2"):
        response = client.get(URL, {"status": "", "page": page})
        assert f"{total} opportunities" in response.content.decode()
        assert response.context["page"].paginator.num_pages == 2


def test_a_card_shows_its_codes_main_first_with_labels_escaped_cut_and_translated(client, us_owner, sar_notice):
    from procurement.models import Classification

    sar_notice.classifications.all().delete()
    long_label = "Satellite imagery & analysis " * 4
    Classification.objects.create(opportunity=sar_notice, scheme="PSC", code="AB12", label="<i>Data</i>")
    Classification.objects.create(opportunity=sar_notice, scheme="NAICS", code="541370", label=long_label, primary=True)
    Classification.objects.create(opportunity=sar_notice, scheme="JP-CATEGORY", code="2", label="")
    client.force_login(us_owner)
    text = client.get(URL).content.decode()
    naics = text.index("NAICS 541370 · Satellite imagery &amp; analysis Satellite imagery &amp; analysis S…</li>")
    assert f'<li title="{long_label.replace("&", "&amp;")}">' in text
    jp = text.index('<li title="Services (役務)">JP-CATEGORY 2 · Services (役務)</li>')
    psc = text.index('<li title="&lt;i&gt;Data&lt;/i&gt;">PSC AB12 · &lt;i&gt;Data&lt;/i&gt;</li>')
    assert naics < jp < psc


def test_an_edited_notice_and_the_passing_days_show_on_the_next_view(client, us_owner, sar_notice):
    client.force_login(us_owner)
    assert "Commercial SAR Imagery" in client.get(URL).content.decode()
    deadline = timezone.now() + dt.timedelta(days=3, hours=2)
    Opportunity.objects.filter(pk=sar_notice.pk).update(title="Commercial SAR Imagery, amended", deadline=deadline)
    text = client.get(URL).content.decode()
    assert "Commercial SAR Imagery, amended" in text and "3 days left" in text
    Opportunity.objects.filter(pk=sar_notice.pk).update(deadline=deadline - dt.timedelta(days=2))
    assert "1 day left" in client.get(URL).content.decode()


def test_every_form_of_the_list_carries_one_token_that_saves_a_notice(us_owner, sar_notice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(us_owner)
    text = browser.get(URL).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text))
    assert len(tokens) == 1
    saved = browser.post(
        reverse("procurement:toggle_saved", kwargs={"pk": sar_notice.pk}),
        {"csrfmiddlewaretoken": tokens.pop(), "next": URL},
    )
    assert saved.status_code == 302
    assert SavedOpportunity.objects.filter(user=us_owner, opportunity=sar_notice).exists()
