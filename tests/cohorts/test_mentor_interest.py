"""A mentor marks interest in a startup that has them on its shortlist, unless it is already theirs."""

from django.urls import reverse

from cohorts.models import MentorInterest, MentorSuggestion

from ..factories import make_user
from .fixtures_mentoring import make_mentor_profile, publish


def _shortlist(cohort, company, profile):
    return MentorSuggestion.objects.create(cohort=cohort, company=company, mentor=profile, score=1.0, position=1)


def _mark(client, cohort, company, interested="1"):
    return client.post(
        reverse("cohorts:mentor_interest", args=[cohort.slug, company.pk]), {"interested": interested}, follow=True
    )


def test_it_works(client, running_cohort, jp_company, us_mentor):
    _shortlist(running_cohort, jp_company, us_mentor)
    client.force_login(us_mentor.user)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "Mark interest" in page
    _mark(client, running_cohort, jp_company)
    assert MentorInterest.objects.filter(cohort=running_cohort, company=jp_company, mentor=us_mentor).exists()
    assert "Interested ✓ (undo)" in client.get(reverse("cohorts:mentoring")).content.decode()
    _mark(client, running_cohort, jp_company, interested="0")
    assert not MentorInterest.objects.exists()


def test_an_assigned_startup_shows_the_assignment_not_the_button(client, running_cohort, jp_company, us_mentor):
    _shortlist(running_cohort, jp_company, us_mentor)
    publish(running_cohort, jp_company, us_mentor, "us")
    client.force_login(us_mentor.user)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "Assigned to you" in page
    assert "Mark interest" not in page


def test_it_refuses_interest_in_a_startup_already_assigned(client, running_cohort, jp_company, us_mentor):
    _shortlist(running_cohort, jp_company, us_mentor)
    publish(running_cohort, jp_company, us_mentor, "us")
    client.force_login(us_mentor.user)
    page = _mark(client, running_cohort, jp_company).content.decode()
    assert "is already assigned to you" in page
    assert not MentorInterest.objects.exists()


def test_it_refuses_it_in_japanese(client, running_cohort, jp_company, jp_mentor):
    _shortlist(running_cohort, jp_company, jp_mentor)
    publish(running_cohort, jp_company, jp_mentor, "jp")
    client.force_login(jp_mentor.user)
    page = client.get(reverse("cohorts:mentoring"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "担当" in page and "Assigned to you" not in page
    page = _mark(client, running_cohort, jp_company).content.decode()
    assert "すでに" in page
    assert not MentorInterest.objects.exists()


def test_it_checks_access(client, running_cohort, jp_company, us_mentor, us_owner, db):
    # Not on the startup's shortlist: refused, nothing saved.
    other = make_mentor_profile(make_user("other@mentors.example", roles=("mentor",)))
    client.force_login(other.user)
    page = _mark(client, running_cohort, jp_company).content.decode()
    assert "does not have you on its shortlist" in page
    # A startup member is no mentor.
    client.force_login(us_owner)
    page = _mark(client, running_cohort, jp_company).content.decode()
    assert "Only mentors can mark interest" in page
    assert not MentorInterest.objects.exists()


def test_it_rejects_get(client, running_cohort, jp_company, us_mentor):
    client.force_login(us_mentor.user)
    response = client.get(reverse("cohorts:mentor_interest", args=[running_cohort.slug, jp_company.pk]))
    assert response.status_code == 405
