"""Deleting a company: program staff only, through the API and the admin alike."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accelerator.companies.models import Company, Membership
from accelerator.companies.services import delete_company

pytestmark = pytest.mark.django_db


def test_staff_delete_a_company_with_its_memberships(staff, us_company):
    delete_company(company=us_company, by=staff)
    assert not Company.objects.filter(pk=us_company.pk).exists()
    assert not Membership.objects.filter(company_id=us_company.pk).exists()


@pytest.mark.parametrize("who", ["us_owner", "member", "outsider"])
def test_nobody_else_deletes_a_company(request, us_company, who):
    with pytest.raises(PermissionDenied, match=r"Only program staff can delete a company\."):
        delete_company(company=us_company, by=request.getfixturevalue(who))
    assert Company.objects.filter(pk=us_company.pk).exists()


def test_a_company_deleted_already_is_no_error(staff, us_company):
    Company.objects.filter(pk=us_company.pk).delete()
    delete_company(company=us_company, by=staff)


def test_the_admin_deletes_through_the_same_rule(client, admin_user, us_company):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:companies_company_delete", args=[us_company.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not Company.objects.filter(pk=us_company.pk).exists()


def test_the_refusal_is_in_japanese(jp_owner, jp_company):
    from django.utils import translation

    with translation.override("ja"), pytest.raises(PermissionDenied) as refusal:
        delete_company(company=jp_company, by=jp_owner)
    assert str(refusal.value) == "企業を削除できるのはプログラムスタッフのみです。"
