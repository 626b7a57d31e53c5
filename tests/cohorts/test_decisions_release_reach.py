"""The release box says how many people will be emailed, and which companies nobody can be told."""

import pytest
from django.urls import reverse

from cohorts.services.decisions import stage_decision

from ..factories import make_company
from .conftest import make_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def staged(staff, open_cohort, us_application, jp_application):
    stage_decision(application=us_application, decision="accept", by=staff)
    stage_decision(application=jp_application, decision="waitlist", by=staff)
    return open_cohort


def page(client, user, cohort):
    client.force_login(user)
    return client.get(reverse("cohorts:decisions", args=[cohort.slug])).text


def test_it_counts_the_people_who_will_be_emailed(client, staff, staged):
    html = page(client, staff, staged)
    # The U.S. startup's owner and member, the Japanese startup's owner.
    assert "3 people at 2 companies will be emailed." in html
    assert "no member to email" not in html


def test_a_company_without_members_is_named(client, staff, staged):
    nobody = make_company(owner=None, legal_name="Silent Orbit Inc.")
    stage_decision(application=make_submitted(staged, nobody), decision="reject", by=staff)
    html = page(client, staff, staged)
    assert "3 people at 2 companies will be emailed." in html
    assert "1 company has no member to email: its decision is recorded, but nobody is told." in html
    assert "Silent Orbit Inc." in html


def test_inactive_members_are_not_counted(client, staff, staged, member):
    member.is_active = False
    member.save()
    assert "2 people at 2 companies will be emailed." in page(client, staff, staged)


def test_in_japanese(client, staff, staged):
    staff.preferred_language = "ja"
    staff.save()
    assert "2社の3人にメールが送られます。" in page(client, staff, staged)


def test_others_never_see_it(client, us_owner, staged):
    client.force_login(us_owner)
    assert client.get(reverse("cohorts:decisions", args=[staged.slug])).status_code == 403
