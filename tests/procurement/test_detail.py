import io

from django.urls import reverse

from procurement.models import Opportunity, ProcurementProfile
from procurement.services.importing import import_file

from .conftest import release, release_package, sam_notice, sam_response


def test_the_version_history_reads_as_a_diff(client, us_owner, jp_owner):
    import_file(source="sam", stream=sam_response(sam_notice("n1")))
    import_file(
        source="sam",
        stream=sam_response(
            sam_notice(
                "n1",
                responseDeadLine="2027-01-28T17:00:00-05:00",
                description="Synthetic aperture radar imagery over the Pacific and the Sea of Japan.",
            )
        ),
    )
    client.force_login(us_owner)
    url = reverse("procurement:detail", args=[Opportunity.objects.get().pk])
    page = client.get(url).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "<ins>and the Sea of Japan.</ins>" in page or "<ins>Pacific and the Sea of Japan.</ins>" in page
    assert "2027-01-14T17:00:00-05:00" in page and "2027-01-28T17:00:00-05:00" in page
    client.force_login(jp_owner)
    assert "第2版" in client.get(url).content.decode()


def test_a_japanese_startup_sees_why_a_us_notice_fits_in_japanese(client, jp_owner, jp_company, sar_notice):
    client.force_login(jp_owner)
    page = client.get(reverse("procurement:detail", args=[sar_notice.pk])).content.decode()
    assert "株式会社ほしSAR" in page
    assert "この案件が求める" in page  # offers what the notice asks for
    assert "SAM.govへの登録" in page  # would need SAM registration or a U.S. prime


def test_the_fit_page_ranks_notices_for_the_company(client, jp_owner, jp_company, demo_opportunities):
    ProcurementProfile.objects.create(company=jp_company, unified_qualification_grade="B")
    client.force_login(jp_owner)
    page = client.get(reverse("procurement:fit"))
    titles = [fit.opportunity.title for fit in page.context["fits"]]
    assert "小型SAR衛星画像の購入及び解析業務" in titles
    assert "Commercial SAR Imagery for Maritime Domain Awareness" in titles


def test_only_owners_edit_procurement_details(client, us_owner, member, us_company):
    url = reverse("procurement:procurement_profile", args=[us_company.slug])
    client.force_login(member)
    assert client.post(url, {"naics_codes": "336414"}).status_code == 403
    client.force_login(us_owner)
    response = client.post(url, {"naics_codes": "336414, 51741", "uei": "bad"})
    assert "A UEI has 12 letters and digits." in response.content.decode()
    assert not ProcurementProfile.objects.exists()
    client.post(url, {"naics_codes": "336414, 517410", "uei": "ORBW4K7M2Q9L"})
    assert ProcurementProfile.objects.get(company=us_company).naics_codes == ["336414", "517410"]


def test_program_staff_see_every_company_that_fits(client, staff, jp_company, us_company):
    import_file(source="ocds", stream=release_package(release(title="SAR satellite imagery for disaster monitoring")))
    client.force_login(staff)
    page = client.get(reverse("procurement:detail", args=[Opportunity.objects.get().pk]))
    assert "Companies that fit (program staff)" in page.content.decode()


def test_ranking_every_company_at_once_agrees_with_the_fit_page(jp_owner, jp_company, us_company, demo_opportunities):
    from procurement import fit

    ProcurementProfile.objects.create(company=jp_company, naics_codes=["541370"], unified_qualification_grade="B")
    ranking = fit.rank_all([jp_company, us_company], Opportunity.objects.all(), top=3)
    best = ranking.opportunity_ids[ranking.company_ids == jp_company.pk].tolist()
    page = fit.fits_for_company(jp_company, list(Opportunity.objects.prefetch_related("classifications")), top=3)
    assert best[0] == page[0].opportunity.pk
    assert set(best) <= {
        f.opportunity.pk
        for f in fit.fits_for_company(jp_company, list(Opportunity.objects.prefetch_related("classifications")), top=10)
    }


def test_an_import_stores_the_capabilities_a_notice_names_in_either_language(db):
    import_file(source="sam", stream=sam_response(sam_notice("n1", title="Star tracker for a lunar rover")))
    import_file(
        source="ocds",
        stream=release_package(release(title="合成開口レーダ衛星の画像データ", description="デブリ観測を含む")),
    )
    japanese, english = Opportunity.objects.order_by("source")
    # The SAM.gov notice's description reads "Synthetic aperture radar imagery over the Pacific."
    assert {"star-trackers", "lunar-rovers", "sar-imagery"} <= set(english.capability_tags)
    assert {"sar-imagery", "debris-tracking"} <= set(japanese.capability_tags)


def test_notices_imported_before_are_read_once_and_ranked_alike(jp_company, us_company, demo_opportunities):
    from django.core.management import call_command

    from procurement import fit

    before = fit.rank_all([jp_company, us_company], Opportunity.objects.all(), top=5)
    Opportunity.objects.update(capability_tags=None)
    unread = fit.rank_all([jp_company, us_company], Opportunity.objects.all(), top=5)
    call_command("read_notice_capabilities", stdout=io.StringIO())
    assert not Opportunity.objects.filter(capability_tags__isnull=True).exists()
    again = fit.rank_all([jp_company, us_company], Opportunity.objects.all(), top=5)
    for ranking in (unread, again):
        assert ranking.opportunity_ids.tolist() == before.opportunity_ids.tolist()
        assert ranking.scores.tolist() == before.scores.tolist()


def test_ranking_breaks_ties_for_the_earlier_notice(jp_company):
    from procurement import fit

    notices = [sam_notice(f"same{i}", title="Star tracker units") for i in range(6)]
    import_file(source="sam", stream=sam_response(*notices))
    ranking = fit.rank_all([jp_company], Opportunity.objects.all(), top=3)
    earliest = list(Opportunity.objects.order_by("pk").values_list("pk", flat=True)[:3])
    assert ranking.opportunity_ids.tolist() == earliest
    assert len(set(ranking.scores.tolist())) == 1
