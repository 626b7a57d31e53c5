import pytest
from django.urls import reverse

from accelerator.companies.models import CapabilityProfile, Company, ReadinessAnswer

pytestmark = pytest.mark.django_db

PAGES = ["companies:edit", "companies:edit_profile", "companies:edit_readiness", "companies:members"]


def page(name, company):
    return reverse(name, kwargs={"slug": company.slug})


def company_post(**changes):
    return {
        "legal_name": "Orbitworks Analytics Inc.",
        "name_ja": "オービットワークス",
        "country": "US",
        "website": "https://orbitworks.example",
        "size_band": "51-250",
        "founded_year": "2017",
        "description_en": "SAR analytics.",
        "description_ja": "",
    } | changes


def test_owner_edits_details(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(page("companies:edit", us_company), company_post())
    assert response.status_code == 302
    us_company.refresh_from_db()
    assert (us_company.size_band, us_company.name_ja) == ("51-250", "オービットワークス")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["member", "outsider", "jp_owner", "partner"])
def test_it_checks_access(client, request, us_company, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page(name, us_company)).status_code == 403
    assert client.post(page(name, us_company), company_post(size_band="1-10")).status_code == 403
    us_company.refresh_from_db()
    assert us_company.size_band == "11-50"


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_sign_in(client, us_company, name):
    response = client.get(page(name, us_company))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_program_staff_may_edit_any_company(client, staff, us_company, name):
    client.force_login(staff)
    assert client.get(page(name, us_company)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_unknown_company_is_404(client, us_owner, name):
    client.force_login(us_owner)
    assert client.get(reverse(name, kwargs={"slug": "no-such-company"})).status_code == 404


def test_bad_details_change_nothing(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(page("companies:edit", us_company), company_post(description_en="", website="nope"))
    assert response.status_code == 200
    assert (
        "Describe the company in English, Japanese or both." in response.text or "Enter a valid URL." in response.text
    )
    assert Company.objects.get(pk=us_company.pk).description_en == "SAR image analytics for maritime customers."


def test_owner_edits_capabilities_and_compliance(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(
        page("companies:edit_profile", us_company),
        {
            "segments": ["satcom"],
            "technology_areas": ["tx05", "tx08"],
            "offers": ["optical-comms"],
            "needs": ["japan-market-access"],
            "trl": "6",
            "standards": ["iso-9001"],
            "export_classification": "itar",
            "classification_detail": "USML XV(e)",
            "itar_registered": "on",
            "has_technology_control_plan": "on",
            "licences_held": "TAA 2025-001",
            "cfius_sensitivity": "yes",
            "fefta_sensitivity": "no",
            "offers_text": "Laser terminals.",
            "needs_text": "",
            "certifications_text": "",
        },
    )
    assert response.status_code == 302
    profile = CapabilityProfile.objects.get(company=us_company)
    assert profile.trl == 6 and profile.itar_registered and profile.export_classification == "itar"
    assert [segment.code for segment in profile.segments.all()] == ["satcom"]
    assert sorted(area.code for area in profile.technology_areas.all()) == ["tx05", "tx08"]
    assert "USML XV(e)" in client.get(us_company.get_absolute_url()).text


@pytest.mark.parametrize("trl", ["0", "10", "seven"])
def test_bad_trl_changes_nothing(client, us_owner, us_company, trl):
    client.force_login(us_owner)
    response = client.post(
        page("companies:edit_profile", us_company),
        {
            "trl": trl,
            "segments": ["launch"],
            "export_classification": "ear",
            "cfius_sensitivity": "no",
            "fefta_sensitivity": "no",
        },
    )
    assert response.status_code == 200
    assert 'class="error"' in response.text
    profile = CapabilityProfile.objects.get(company=us_company)
    assert profile.trl == 7
    assert [segment.code for segment in profile.segments.all()] == ["earth-observation", "space-data"]


def test_owner_answers_the_self_assessment(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(
        page("companies:edit_readiness", us_company), {"market-research": "5", "financial-resources": "2"}
    )
    assert response.status_code == 302
    answers = dict(ReadinessAnswer.objects.filter(company=us_company).values_list("item__code", "score"))
    assert answers == {"market-research": 5, "financial-resources": 2}


def test_bad_readiness_answer_changes_nothing(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(page("companies:edit_readiness", us_company), {"market-research": "5", "customers": "9"})
    assert response.status_code == 200
    assert 'class="error"' in response.text
    assert not ReadinessAnswer.objects.exists()


def test_the_self_assessment_reads_in_japanese(client, jp_owner, jp_company):
    client.force_login(jp_owner)
    response = client.get(page("companies:edit_readiness", jp_company))
    assert "進出先（米国または日本）の宇宙産業について市場調査を行っている。" in response.text
    assert "とてもそう思う" in response.text
