import pytest
from django.urls import reverse

from accelerator.companies.models import CapabilityTag

pytestmark = pytest.mark.django_db


def url(company):
    return reverse("companies:edit_profile", args=[company.slug])


def test_capabilities_come_in_folding_groups_with_a_filter(client, us_owner, us_company):
    client.force_login(us_owner)
    page = client.get(url(us_company)).text
    offers = page.split('id="id_offers"')[1].split('id="id_needs"')[0]
    assert offers.count("<details") >= 5
    # The section holding a capability the company offers is open; the others are folded.
    assert '<details class="choice-group" open>' in offers
    assert offers.count(" open>") == 1
    assert 'value="image-analytics"' in offers and "checked" in offers
    assert 'class="choice-filter"' in page and "js/choice-picker.js" in page
    assert offers.count('type="checkbox"') == CapabilityTag.objects.count()


def test_the_grouped_list_saves_as_before(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(
        url(us_company),
        {
            "offers": ["image-analytics", "sar-imagery"],
            "needs": ["launch-integration"],
            "export_classification": "ear99",
            "cfius_sensitivity": "no",
            "fefta_sensitivity": "no",
        },
    )
    assert response.status_code == 302, response.text[:500]
    profile = us_company.profile
    profile.refresh_from_db()
    assert set(profile.offers.values_list("code", flat=True)) == {"image-analytics", "sar-imagery"}


def test_an_unknown_capability_saves_nothing(client, us_owner, us_company):
    client.force_login(us_owner)
    response = client.post(url(us_company), {"offers": ["teleportation"], "export_classification": "ear99"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert list(us_company.profile.offers.values_list("code", flat=True)) == ["image-analytics"]


def test_the_picker_in_japanese(client, jp_owner, jp_company):
    client.force_login(jp_owner)
    page = client.get(url(jp_company)).text
    assert "絞り込む" in page and "選択中" in page


def test_others_cannot_open_it(client, outsider, us_company):
    client.force_login(outsider)
    assert client.get(url(us_company)).status_code in (403, 404)
