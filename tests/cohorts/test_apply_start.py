"""Starting an application: one per company and cohort, by a member, if the company is eligible."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accelerator.companies.models import CapabilityProfile
from cohorts.models import Application, StatusChange
from cohorts.services.applications import start_application

from ..factories import make_company
from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_draft_and_lands_on_the_form(client, us_owner, us_company, open_cohort):
    client.force_login(us_owner)
    page = client.get(reverse("cohorts:apply", args=[open_cohort.slug])).content.decode()
    assert "Orbitworks Analytics Inc." in page and "Start the application" in page
    response = client.post(reverse("cohorts:apply", args=[open_cohort.slug]), {"company": us_company.pk})
    application = Application.objects.get()
    assert response.url == reverse("cohorts:edit_application", args=[application.pk])
    assert application.status == "draft" and application.created_by == us_owner
    assert list(StatusChange.objects.values_list("status", flat=True)) == ["draft"]


def test_starting_again_returns_the_same_application(client, us_owner, member, us_company, open_cohort):
    first = start_application(cohort=open_cohort, company=us_company, user=us_owner)
    again = start_application(cohort=open_cohort, company=us_company, user=member)
    assert first.pk == again.pk and Application.objects.count() == 1
    client.force_login(member)
    response = client.get(reverse("cohorts:apply", args=[open_cohort.slug]))
    assert response.url == first.get_absolute_url()


def test_someone_with_several_companies_chooses_which_applies(client, us_owner, us_company, open_cohort):
    second = make_company(owner=us_owner, legal_name="Orbitworks Launch LLC", country="US", trl=5)
    client.force_login(us_owner)
    page = client.get(reverse("cohorts:apply", args=[open_cohort.slug])).content.decode()
    assert "Orbitworks Analytics Inc." in page and "Orbitworks Launch LLC" in page
    client.post(reverse("cohorts:apply", args=[open_cohort.slug]), {"company": second.pk})
    assert Application.objects.get().company == second


def test_an_outsider_cannot_apply_for_a_company_they_do_not_belong_to(client, outsider, us_company, open_cohort):
    client.force_login(outsider)
    response = client.post(reverse("cohorts:apply", args=[open_cohort.slug]), {"company": us_company.pk})
    assert response.status_code == 400
    assert "Create a company profile" in response.content.decode()
    with pytest.raises(PermissionDenied):
        start_application(cohort=open_cohort, company=us_company, user=outsider)
    assert not Application.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, open_cohort):
    response = client.get(reverse("cohorts:apply", args=[open_cohort.slug]))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_eligibility_is_checked_with_clear_messages(client, us_owner, us_company, jp_owner, jp_company):
    cohort = make_cohort(slug="japan-only", eligible_countries=["JP"], min_trl=8)
    client.force_login(us_owner)
    response = client.post(reverse("cohorts:apply", args=[cohort.slug]), {"company": us_company.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "This cohort is open to companies from Japan; Orbitworks Analytics Inc. is registered in United States" in page
    )
    assert "This cohort asks for TRL 8 or higher; your capability profile says TRL 7." in page
    CapabilityProfile.objects.filter(company=jp_company).update(trl=None)
    with pytest.raises(ValidationError) as error:
        start_application(cohort=cohort, company=jp_company, user=jp_owner)
    assert "add your TRL to the capability profile first" in str(error.value)
    assert not Application.objects.exists()


def test_partner_organisations_cannot_apply(partner, open_cohort):
    prime = make_company(owner=partner, legal_name="Prime Meridian Space Systems Inc.", kind="corporate")
    with pytest.raises(ValidationError) as error:
        start_application(cohort=open_cohort, company=prime, user=partner)
    assert "Only startups and small companies can apply" in str(error.value)


def test_a_closed_cohort_takes_no_new_applications(client, us_owner, us_company, closed_cohort):
    closed_cohort.status = "open"
    closed_cohort.save()
    client.force_login(us_owner)
    response = client.post(reverse("cohorts:apply", args=[closed_cohort.slug]), {"company": us_company.pk})
    assert response.status_code == 400
    assert "Applications to this cohort closed on" in response.content.decode()
    assert not Application.objects.exists()


def test_a_draft_cohort_is_hidden_from_applicants(client, us_owner, us_company):
    cohort = make_cohort(slug="not-yet", status="draft")
    client.force_login(us_owner)
    assert client.get(reverse("cohorts:detail", args=[cohort.slug])).status_code == 404
    assert client.post(reverse("cohorts:apply", args=[cohort.slug]), {"company": us_company.pk}).status_code == 404


def test_the_apply_page_reads_in_japanese(client, jp_owner, jp_company, open_cohort):
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:apply", args=[open_cohort.slug])).content.decode()
    assert "日米コホート2027" in page
    assert "株式会社ほしSAR" in page
    assert "応募を始める" in page
