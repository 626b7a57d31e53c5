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
    # The chosen segment, the count, the segment and technology-area choices, the page and its segments.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("companies:directory"), {"country": "US", "segment": "launch"})
    assert response.status_code == 200
    assert "Fleet 29 Inc." in response.text


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
