import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accelerator.companies import services
from accelerator.companies.models import CapabilityProfile, Company, Membership, Segment

pytestmark = pytest.mark.django_db

URL = reverse("companies:create")
VALID = {
    "legal_name": "Kumo Orbital Inc.",
    "name_ja": "クモ・オービタル株式会社",
    "country": "JP",
    "website": "https://kumo.example",
    "size_band": "11-50",
    "founded_year": "2019",
    "description_en": "Optical inter-satellite links.",
    "description_ja": "",
}


def test_it_works(client, outsider):
    client.force_login(outsider)
    response = client.post(URL, VALID)
    company = Company.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:edit_profile", kwargs={"slug": company.slug})
    assert company.slug == "kumo-orbital-inc"
    assert CapabilityProfile.objects.filter(company=company).exists()
    assert Membership.objects.get(company=company).user == outsider
    assert outsider.groups.filter(name="applicant").exists()


def test_it_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_requires_a_description_in_either_language(client, outsider):
    client.force_login(outsider)
    response = client.post(URL, VALID | {"description_en": "", "description_ja": ""})
    assert response.status_code == 200
    assert "Describe the company in English, Japanese or both." in response.text
    assert not Company.objects.exists()


def test_a_japanese_description_alone_is_enough(client, outsider):
    client.force_login(outsider)
    client.post(URL, VALID | {"description_en": "", "description_ja": "衛星間光通信を開発しています。"})
    assert Company.objects.get().description_ja == "衛星間光通信を開発しています。"


@pytest.mark.parametrize(
    ("field", "value"),
    [("website", "not a url"), ("founded_year", "1200"), ("country", "XX"), ("size_band", "huge"), ("legal_name", "")],
)
def test_bad_input_saves_nothing(client, outsider, field, value):
    client.force_login(outsider)
    response = client.post(URL, VALID | {field: value})
    assert response.status_code == 200
    assert 'class="error"' in response.text
    assert not Company.objects.exists()


def test_errors_are_in_japanese_for_a_japanese_user(client, jp_owner):
    client.force_login(jp_owner)
    response = client.post(URL, VALID | {"description_en": "", "website": "not a url"})
    assert "英語・日本語のどちらか、または両方で企業の紹介文を入力してください。" in response.text
    assert "有効なURLを入力してください。" in response.text
    assert not Company.objects.exists()


@pytest.mark.parametrize("name", ["Mine", "New"])
def test_it_never_takes_a_reserved_address(client, outsider, name):
    client.force_login(outsider)
    client.post(URL, VALID | {"legal_name": name})
    company = Company.objects.get()
    assert company.slug not in {"mine", "new"}
    assert client.get(company.get_absolute_url()).status_code == 200


def test_the_same_name_twice_gets_two_addresses(client, outsider):
    client.force_login(outsider)
    client.post(URL, VALID)
    client.post(URL, VALID)
    assert sorted(Company.objects.values_list("slug", flat=True)) == ["kumo-orbital-inc", "kumo-orbital-inc-2"]


def test_the_service_creates_a_company_with_its_profile_and_self_assessment(db, outsider):
    company = services.create_company_with_profile(
        owner=outsider,
        legal_name="Pacific Relay Inc.",
        country="US",
        size_band="11-50",
        description_en="Optical relay terminals.",
        profile={"trl": 6, "segments": Segment.objects.filter(code="satcom")},
        readiness={"market-research": 4},
    )
    company = Company.objects.get(pk=company.pk)
    assert company.profile.trl == 6
    assert list(company.profile.segments.values_list("code", flat=True)) == ["satcom"]
    assert dict(company.readiness_answers.values_list("item__code", "score")) == {"market-research": 4}
    assert Membership.objects.filter(company=company, user=outsider, role="owner").exists()


@pytest.mark.parametrize(
    ("profile", "readiness"),
    [({"trl": 12}, {}), ({"trl": 6}, {"market-research": 9}), ({}, {"no-such-item": 3})],
)
def test_the_service_saves_nothing_when_any_part_is_wrong(db, outsider, profile, readiness):
    with pytest.raises(ValidationError):
        services.create_company_with_profile(
            owner=outsider,
            legal_name="Pacific Relay Inc.",
            country="US",
            size_band="11-50",
            description_en="Optical relay terminals.",
            profile=profile,
            readiness=readiness,
        )
    assert not Company.objects.filter(legal_name="Pacific Relay Inc.").exists()
    assert not CapabilityProfile.objects.filter(company__legal_name="Pacific Relay Inc.").exists()
