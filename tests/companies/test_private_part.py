"""Who sees a company's private part is one rule, the same on its page and in the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from accelerator.companies.permissions import sees_private_part
from accelerator.companies.selectors import member_company_ids

pytestmark = pytest.mark.django_db

PRIVATE_FIELD = "export_classification"


def api_sees_private(user, company) -> bool:
    client = APIClient()
    client.force_authenticate(user)
    data = client.get(f"/api/v1/companies/{company.pk}/").json()
    return "readiness" in data and PRIVATE_FIELD in data["profile"]


def page_sees_private(client, user, company) -> bool:
    client.force_login(user)
    page = client.get(company.get_absolute_url()).content.decode()
    return "Compliance readiness" in page


@pytest.mark.parametrize(
    ("who", "sees"),
    [("us_owner", True), ("member", True), ("staff", True), ("jp_owner", False), ("outsider", False)],
)
def test_the_page_the_api_and_the_predicate_agree(client, request, us_company, who, sees):
    user = request.getfixturevalue(who)
    assert sees_private_part(user, us_company) is sees
    assert sees_private_part(user, us_company, member_company_ids=member_company_ids(user)) is sees
    assert api_sees_private(user, us_company) is sees
    assert page_sees_private(client, user, us_company) is sees


def test_visitors_who_are_not_signed_in_see_only_the_public_part(client, us_company):
    assert not sees_private_part(AnonymousUser(), us_company)
    assert "Compliance readiness" not in client.get(us_company.get_absolute_url()).content.decode()
