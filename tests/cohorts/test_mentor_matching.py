"""Staff run mentor matching for a running cohort: shortlists, the stable proposal, adjustments, publishing."""

import pytest
from django.core import mail
from django.urls import reverse

from accelerator.outbox.models import OutboxTask
from cohorts.models import MentorAssignment, MentorConflict, MentorSuggestion

from ..factories import make_user
from .fixtures_api import api
from .fixtures_mentoring import make_mentor_profile


def _act(client, cohort, action, **data):
    return client.post(reverse("cohorts:staff_mentoring_action", args=[cohort.slug]), {"action": action, **data})


def test_staff_match_review_and_publish(client, staff, running_cohort, us_company, jp_company, us_mentor, jp_mentor,
                                        jp_owner, us_owner, member, django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(staff)
    response = _act(client, running_cohort, "suggest")
    assert response.status_code == 302
    assert MentorSuggestion.objects.filter(cohort=running_cohort, company=jp_company).count() == 2
    _act(client, running_cohort, "propose")
    proposed = MentorAssignment.objects.filter(cohort=running_cohort)
    assert {(a.company_id, a.mentor_id, a.side) for a in proposed} == {
        (us_company.pk, us_mentor.pk, "us"),
        (us_company.pk, jp_mentor.pk, "jp"),
        (jp_company.pk, us_mentor.pk, "us"),
        (jp_company.pk, jp_mentor.pk, "jp"),
    }
    assert not mail.outbox
    page = client.get(reverse("cohorts:staff_mentoring", args=[running_cohort.slug]))
    assert "Hoshi SAR K.K." in page.content.decode() and "Proposed" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _act(client, running_cohort, "publish")
    assert set(proposed.values_list("status", flat=True)) == {"published"}
    # Each person is told once: each mentor of both startups, each member of each startup.
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [us_mentor.user.email, jp_mentor.user.email, jp_owner.email, us_owner.email, member.email]
    )
    japanese = next(m for m in mail.outbox if m.to == [jp_owner.email])
    assert "メンター" in japanese.subject
    assert "Mo Mentor" in japanese.body and "田中 一郎" in japanese.body
    # Running the notification again sends nothing more.
    from cohorts.tasks import send_mentor_assignments

    assert send_mentor_assignments(assignment_ids=list(proposed.values_list("pk", flat=True))) == 0
    assert len(mail.outbox) == 5


def test_conflicted_mentor_is_never_proposed(staff, running_cohort, jp_company, us_company, us_mentor, jp_mentor):
    MentorConflict.objects.create(mentor=us_mentor, company=jp_company, relationship="invests")
    from cohorts.services.mentoring import matching

    matching.compute_suggestions(cohort=running_cohort, by=staff)
    assert not MentorSuggestion.objects.filter(company=jp_company, mentor=us_mentor).exists()
    matching.propose_assignments(cohort=running_cohort, by=staff)
    assert not MentorAssignment.objects.filter(company=jp_company, mentor=us_mentor).exists()
    assert MentorAssignment.objects.filter(company=us_company, mentor=us_mentor).exists()


def test_capacity_is_never_exceeded_by_the_proposal(staff, running_cohort, us_company, jp_company, us_mentor):
    us_mentor.capacity = 1
    us_mentor.save()
    from cohorts.services.mentoring import matching

    proposal = matching.propose_assignments(cohort=running_cohort, by=staff)
    assert proposal.stable and proposal.capacity_ok
    assert MentorAssignment.objects.filter(mentor=us_mentor, cohort=running_cohort).count() == 1


def test_adding_a_conflicted_mentor_by_hand_is_refused(client, staff, running_cohort, jp_company, us_mentor):
    MentorConflict.objects.create(mentor=us_mentor, company=jp_company, relationship="advises")
    client.force_login(staff)
    response = _act(client, running_cohort, "assign", company=jp_company.pk, mentor=us_mentor.pk)
    page = client.get(response.url)
    assert "declared a conflict of interest" in page.content.decode()
    assert not MentorAssignment.objects.exists()


def test_adding_beyond_capacity_is_refused_web_and_api(
    client, staff, running_cohort, us_company, jp_company, us_mentor
):
    us_mentor.capacity = 1
    us_mentor.save()
    client.force_login(staff)
    _act(client, running_cohort, "assign", company=us_company.pk, mentor=us_mentor.pk)
    response = _act(client, running_cohort, "assign", company=jp_company.pk, mentor=us_mentor.pk)
    assert "at capacity (1 of 1 startups)" in client.get(response.url).content.decode()
    response = api(staff).post(
        "/api/v1/mentor-assignments/",
        {"cohort": running_cohort.slug, "company": jp_company.pk, "mentor": us_mentor.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "at capacity" in str(response.json())
    assert MentorAssignment.objects.filter(mentor=us_mentor).count() == 1


def test_conflicted_assignment_by_api_is_refused(staff, running_cohort, jp_company, us_mentor):
    MentorConflict.objects.create(mentor=us_mentor, company=jp_company, relationship="invests")
    staff.preferred_language = "ja"
    staff.save()
    response = api(staff).post(
        "/api/v1/mentor-assignments/",
        {"cohort": running_cohort.slug, "company": jp_company.pk, "mentor": us_mentor.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert "利益相反" in str(response.json())
    assert not MentorAssignment.objects.exists()


def test_only_staff_run_matching(client, us_owner, mentor, running_cohort):
    for user in (us_owner, mentor):
        client.force_login(user)
        assert client.get(reverse("cohorts:staff_mentoring", args=[running_cohort.slug])).status_code == 403
        assert _act(client, running_cohort, "propose").status_code == 403
    assert not MentorAssignment.objects.exists()
    assert api(mentor).post("/api/v1/mentor-assignments/", {}, format="json").status_code == 403


def test_startup_ranks_from_its_shortlist(client, staff, jp_owner, running_cohort, jp_company, us_mentor, jp_mentor):
    from cohorts.services.mentoring import matching

    matching.compute_suggestions(cohort=running_cohort, by=staff)
    client.force_login(jp_owner)
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "Mo Mentor" in page
    # Why: the U.S. mentor knows the U.S. market access the Japanese startup needs.
    assert "ニーズに合う知見： 米国の政府・民間顧客へのアクセス" in page
    url = reverse("cohorts:rank_mentors", args=[running_cohort.slug, jp_company.pk])
    client.post(url, {"rank_1": jp_mentor.pk, "rank_2": us_mentor.pk})
    from cohorts.models import StartupRanking

    assert list(StartupRanking.objects.values_list("mentor_id", "rank")) == [(jp_mentor.pk, 1), (us_mentor.pk, 2)]
    outsider_mentor = make_mentor_profile(make_user(roles=("mentor",)))
    response = client.post(url, {"rank_1": outsider_mentor.pk})
    assert "候補リストにいるメンターだけ" in client.get(response.url).content.decode()
    assert StartupRanking.objects.count() == 2


def test_another_startups_ranking_is_not_found(client, us_owner, running_cohort, jp_company):
    client.force_login(us_owner)
    url = reverse("cohorts:rank_mentors", args=[running_cohort.slug, jp_company.pk])
    assert client.post(url, {"rank_1": "1"}).status_code == 404


def test_publish_with_nothing_proposed_says_so(client, staff, running_cohort):
    client.force_login(staff)
    response = _act(client, running_cohort, "publish", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert not OutboxTask.objects.filter(task__startswith="cohorts.tasks.send_").exists()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_matching_page_renders_in_both_languages(client, staff, running_cohort, language):
    staff.preferred_language = language
    staff.save()
    client.force_login(staff)
    response = client.get(reverse("cohorts:staff_mentoring", args=[running_cohort.slug]))
    assert response.status_code == 200
    assert ("マッチング" if language == "ja" else "Matching") in response.content.decode()
