"""The list of the companies a user belongs to."""

import pytest
from django.urls import reverse

from accelerator.companies.models import Company, Membership

pytestmark = pytest.mark.django_db

URL = reverse("companies:mine")


def test_a_member_sees_their_companies_with_their_role_in_both_languages(client, member, us_company, jp_company):
    Membership.objects.create(company=jp_company, user=member, role=Membership.Role.OWNER)
    client.force_login(member)
    text = client.get(URL).content.decode()
    assert "Orbitworks Analytics Inc." in text and "Hoshi SAR K.K." in text
    assert text.index("Hoshi SAR K.K.") < text.index("Orbitworks Analytics Inc.")
    assert reverse("companies:detail", kwargs={"slug": jp_company.slug}) in text
    assert "Owner" in text and "Member" in text and "Japan" in text
    member.preferred_language = "ja"
    member.save()
    text = client.get(URL, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "株式会社ほしSAR" in text and "日本" in text


def test_the_list_follows_each_change_and_shows_only_the_users_own(client, member, outsider, us_company, jp_company):
    client.force_login(outsider)
    assert "Orbitworks Analytics Inc." not in client.get(URL).content.decode()
    client.force_login(member)
    assert "Hoshi SAR K.K." not in client.get(URL).content.decode()
    Company.objects.filter(pk=us_company.pk).update(legal_name="Orbitworks Space Inc.")
    Membership.objects.filter(company=us_company, user=member).update(role=Membership.Role.OWNER)
    text = client.get(URL).content.decode()
    assert "Orbitworks Space Inc." in text and "Owner" in text
    Membership.objects.filter(company=us_company, user=member).delete()
    assert "You are not part of a company yet." in client.get(URL).content.decode()


def test_the_list_takes_the_same_queries_however_many_companies(
    client, member, us_company, jp_company, django_assert_num_queries
):
    client.force_login(member)
    client.get(URL)
    with django_assert_num_queries(5) as one:
        client.get(URL)
    Membership.objects.create(company=jp_company, user=member, role=Membership.Role.MEMBER)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(URL)
