import pytest
from django.urls import reverse

from accelerator.companies import services

pytestmark = pytest.mark.django_db


def url(company):
    return reverse("companies:detail", kwargs={"slug": company.slug})


@pytest.fixture
def assessed_company(us_company):
    services.update_capability_profile(company=us_company, export_classification="ear", licences_held="TAA 1234-56")
    services.save_readiness_answers(company=us_company, scores={"market-research": 5, "financial-resources": 2})
    return us_company


def test_it_works(client, assessed_company):
    response = client.get(url(assessed_company))
    assert response.status_code == 200
    assert "Orbitworks Analytics Inc." in response.text
    assert "Satellite image processing and analytics" in response.text
    assert "TRL 7" in response.text


@pytest.mark.parametrize("who", [None, "outsider", "jp_owner", "partner"])
def test_private_parts_are_hidden_from_others(client, request, assessed_company, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url(assessed_company))
    assert response.status_code == 200
    for private in ("Compliance readiness", "TAA 1234-56", "Readiness self-assessment", "member@orbitworks.example"):
        assert private not in response.text
    assert "Sam Ortiz" not in response.text


@pytest.mark.parametrize("who", ["us_owner", "member", "staff", "admin_user"])
def test_members_and_staff_see_compliance_and_readiness(client, request, assessed_company, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(assessed_company))
    assert "Compliance readiness" in response.text
    assert "TAA 1234-56" in response.text
    assert "Strongly agree" in response.text
    assert "Sam Ortiz" in response.text


def test_only_editors_see_the_edit_links(client, us_company, member, us_owner):
    client.force_login(member)
    assert reverse("companies:edit", kwargs={"slug": us_company.slug}) not in client.get(url(us_company)).text
    client.force_login(us_owner)
    assert reverse("companies:edit", kwargs={"slug": us_company.slug}) in client.get(url(us_company)).text


def test_unknown_company_is_404(client):
    assert client.get(reverse("companies:detail", kwargs={"slug": "no-such-company"})).status_code == 404


def test_it_shows_japanese(client, jp_company):
    client.cookies["django_language"] = "ja"
    response = client.get(url(jp_company))
    assert 'lang="ja"' in response.text
    assert "株式会社ほしSAR" in response.text
    assert "小型SAR衛星コンステレーションを運用しています。" in response.text
    assert "提供できるもの" in response.text
    assert "SAR衛星・画像" in response.text
    assert "日本" in response.text


def test_an_empty_profile_prompts_its_owner(client, outsider):
    from tests.factories import make_company

    company = make_company(owner=outsider, legal_name="Fresh Start Inc.")
    client.force_login(outsider)
    response = client.get(url(company))
    assert "Complete the capability profile" in response.text


def test_dates_name_their_time_zone(client, us_company, jp_owner):
    client.force_login(jp_owner)
    assert "JST" in client.get(url(us_company)).text
