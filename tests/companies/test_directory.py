import pytest
from django.urls import reverse

from accelerator.companies import services
from tests.factories import make_company

pytestmark = pytest.mark.django_db


def test_it_works(client, us_company, jp_company):
    response = client.get(reverse("companies:directory"))
    assert response.status_code == 200
    assert "Orbitworks Analytics Inc." in response.text
    assert "Hoshi SAR K.K." in response.text
    assert "2 companies" in response.text


def test_it_filters_by_country_segment_area_and_trl(client, us_company, jp_company):
    url = reverse("companies:directory")
    assert "Orbitworks" not in client.get(url, {"country": "JP"}).text
    assert "Hoshi" in client.get(url, {"country": "JP"}).text
    assert "Hoshi" not in client.get(url, {"segment": "space-data"}).text
    assert "Orbitworks" in client.get(url, {"technology_area": "tx11"}).text
    page = client.get(url, {"trl_min": 8}).text
    assert "Hoshi" in page and "Orbitworks" not in page


def test_it_searches_names_and_descriptions_in_both_languages(client, us_company, jp_company):
    url = reverse("companies:directory")
    assert "Hoshi" in client.get(url, {"q": "コンステレーション"}).text
    page = client.get(url, {"q": "maritime"}).text
    assert "Orbitworks" in page and "Hoshi" not in page


def test_it_shows_japanese(client, jp_company):
    client.cookies["django_language"] = "ja"
    response = client.get(reverse("companies:directory"))
    assert "企業ディレクトリ" in response.text
    assert "株式会社ほしSAR" in response.text
    filtered = client.get(reverse("companies:directory"), {"country": "JP"})
    assert '<option value="JP" selected>日本</option>' in filtered.text
    assert '<option value="US">アメリカ合衆国</option>' in filtered.text


def test_bad_filter_shows_an_error_not_a_500(client, us_company):
    response = client.get(reverse("companies:directory"), {"trl_min": "eleven", "segment": "nope"})
    assert response.status_code == 200
    assert "Enter a number." in response.text


def test_query_count_is_constant(client, django_assert_max_num_queries, us_owner):
    for n in range(30):
        make_company(owner=us_owner, legal_name=f"Fleet {n} Inc.", segments=("launch", "components"), trl=5)
    url, filters = reverse("companies:directory"), {"country": "US", "segment": "launch"}
    # The chosen segment, the page with the count, the segment and technology-area choices,
    # and the companies whose card is not kept yet with their segments.
    with django_assert_max_num_queries(6):
        response = client.get(url, filters)
    assert response.status_code == 200
    assert "Fleet 29 Inc." in response.text
    # Cards and taxonomy choices kept: only the chosen segment and the page's ids and versions are read.
    with django_assert_max_num_queries(2):
        again = client.get(url, filters)
    assert again.text.split("<section>")[1] == response.text.split("<section>")[1]


def test_pages_count_and_clamp_as_before(client, us_owner):
    for n in range(50):
        make_company(owner=us_owner, legal_name=f"Fleet {n:02} Inc.")
    url = reverse("companies:directory")
    first = client.get(url).text
    assert "50 companies" in first and "Page 1 of 3" in first
    assert "Fleet 00 Inc." in first and "Fleet 23 Inc." in first and "Fleet 24 Inc." not in first
    second = client.get(url, {"page": 2}).text
    assert "Fleet 24 Inc." in second and "Fleet 47 Inc." in second and "Fleet 23 Inc." not in second
    # Past the last page, or before the first, is the last page; not a number is the first.
    for past in ("3", "99", "0", "-1"):
        last = client.get(url, {"page": past}).text
        assert "Page 3 of 3" in last and "Fleet 48 Inc." in last and "Fleet 49 Inc." in last
        assert "50 companies" in last and "Fleet 47 Inc." not in last
    assert "Page 1 of 3" in client.get(url, {"page": "abc"}).text
    # A filtered page past its last page; a filter matching nothing.
    assert "Page 3 of 3" in client.get(url, {"country": "US", "page": 7}).text
    nothing = client.get(url, {"q": "no such company", "page": 2}).text
    assert "0 companies" in nothing and "No company matches these filters." in nothing


def test_the_unfiltered_filters_are_kept_per_language(client, us_company, django_assert_max_num_queries):
    url = reverse("companies:directory")
    assert "Any country" in client.get(url).text
    client.cookies["django_language"] = "ja"
    assert "すべての国" in client.get(url).text
    # Kept: the segment and technology-area choices are not read again.
    with django_assert_max_num_queries(3):
        page = client.get(url).text
    assert "すべての国" in page and "Any country" not in page
    # A filtered page shows what was chosen.
    assert '<option value="JP" selected>日本</option>' in client.get(url, {"country": "JP"}).text


def test_a_card_shows_the_company_as_it_is_now_in_each_language(client, us_company, jp_company):
    url = reverse("companies:directory")
    assert "SAR image analytics for maritime customers." in client.get(url).text
    services.update_company(company=us_company, description_en="Ship detection from orbit.")
    services.update_capability_profile(company=jp_company, trl=3)
    page = client.get(url).text
    assert "Ship detection from orbit." in page and "maritime customers" not in page
    assert "TRL 3" in page
    client.cookies["django_language"] = "ja"
    assert "株式会社ほしSAR" in client.get(url).text


def test_a_repeated_filtered_query_reads_the_taxonomy_as_it_is_now(
    client, us_company, jp_company, django_capture_on_commit_callbacks
):
    url = reverse("companies:directory")
    segment = us_company.profile.segments.first()
    first = client.get(url, {"segment": segment.code, "country": "US"}).text
    assert "Orbitworks" in first and "Hoshi" not in first
    # The same query again reads what this process already cleaned and wrote for it.
    again = client.get(url, {"segment": segment.code, "country": "US"}).text
    assert _main(again) == _main(first)
    # A renamed segment shows in the filter, and a deleted one is no longer a valid choice.
    with django_capture_on_commit_callbacks(execute=True):
        segment.name_en = "Orbital data services"
        segment.save()
    renamed = client.get(url, {"segment": segment.code, "country": "US"}).text
    assert "Orbital data services" in renamed and "Orbitworks" in renamed
    with django_capture_on_commit_callbacks(execute=True):
        segment.delete()
    gone = client.get(url, {"segment": segment.code, "country": "US"}).text
    assert "Select a valid choice." in gone and "Orbital data services" not in gone


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_body_follows_a_new_company_and_the_reader(client, us_owner, us_company):
    url = reverse("companies:directory")
    page = client.get(url).content.decode()
    assert "1 company" in page and "Add your company" not in page
    make_company(legal_name="Kibo Ground Systems K.K.", country="JP")
    page = client.get(url).content.decode()
    assert "2 companies" in page and "Kibo Ground Systems K.K." in page
    client.force_login(us_owner)
    assert "Add your company" in client.get(url).content.decode()
