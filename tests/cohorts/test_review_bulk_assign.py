"""Assigning reviewers to many applications at once on the assignments page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Application, Conflict, ReviewAssignment

from ..factories import make_company, make_user
from .conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db


def page_url(cohort):
    return reverse("cohorts:assignments", args=[cohort.slug])


def applications(cohort, count, prefix="Bulk"):
    return [make_submitted(cohort, make_company(legal_name=f"{prefix} {index} Inc.")) for index in range(count)]


def pairs():
    return set(ReviewAssignment.objects.values_list("application_id", "reviewer_id"))


def test_staff_assign_reviewers_to_many_applications_at_once(client, staff, reviewer, second_reviewer, open_cohort):
    first, second, third = applications(open_cohort, 3)
    client.force_login(staff)
    response = client.post(
        page_url(open_cohort),
        {"action": "bulk_assign", "application": [second.pk, first.pk], "reviewer": [reviewer.pk, second_reviewer.pk]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page_url(open_cohort) + f"#application-{second.pk}"
    assert "4 assignments made." in response.content.decode()
    assert pairs() == {
        (first.pk, reviewer.pk),
        (first.pk, second_reviewer.pk),
        (second.pk, reviewer.pk),
        (second.pk, second_reviewer.pk),
    }
    assert not third.assignments.exists()


def test_conflicts_are_never_assigned_and_said_so(client, staff, reviewer, second_reviewer, open_cohort):
    clean, conflicted = applications(open_cohort, 2)
    Conflict.objects.create(reviewer=reviewer, company=conflicted.company, reason="Advises them")
    ReviewAssignment.objects.create(application=clean, reviewer=second_reviewer)
    client.force_login(staff)
    response = client.post(
        page_url(open_cohort),
        {
            "action": "bulk_assign",
            "application": [clean.pk, conflicted.pk],
            "reviewer": [reviewer.pk, second_reviewer.pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2 assignments made." in page
    assert "1 pair was not assigned because of a conflict of interest: Rae Reviewer – Bulk 1 Inc." in page
    assert "1 pair was already assigned and is left as it is." in page
    assert (conflicted.pk, reviewer.pk) not in pairs()
    assert pairs() == {(clean.pk, second_reviewer.pk), (clean.pk, reviewer.pk), (conflicted.pk, second_reviewer.pk)}


def test_a_member_of_the_company_is_never_assigned_to_it(client, staff, open_cohort):
    insider = make_user("insider@example.com", roles=("reviewer",), display_name="Ines Insider")
    application = make_submitted(open_cohort, make_company(legal_name="Insider Space Inc.", members=(insider,)))
    client.force_login(staff)
    response = client.post(
        page_url(open_cohort),
        {"action": "bulk_assign", "application": [application.pk], "reviewer": [insider.pk]},
        follow=True,
    )
    assert (
        "1 pair was not assigned because of a conflict of interest: Ines Insider – Insider Space Inc."
        in response.content.decode()
    )
    assert not ReviewAssignment.objects.exists()


def test_select_all_works_without_javascript(client, staff, reviewer, open_cohort):
    listed = applications(open_cohort, 3)
    withdrawn = make_submitted(open_cohort, make_company(legal_name="Gone Inc."))
    withdrawn.status = Application.Status.WITHDRAWN
    withdrawn.save()
    client.force_login(staff)
    response = client.post(
        page_url(open_cohort), {"action": "bulk_assign", "all": "1", "reviewer": [reviewer.pk]}, follow=True
    )
    assert "3 assignments made." in response.content.decode()
    assert pairs() == {(application.pk, reviewer.pk) for application in listed}


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"reviewer": ["{reviewer}"]}, "Select at least one application."),
        ({"application": ["{application}"]}, "Choose at least one reviewer."),
        (
            {"application": ["99999"], "reviewer": ["{reviewer}"]},
            "1 of the selected applications is not in this cohort. Nobody was assigned.",
        ),
        (
            {"application": ["{application}", "x"], "reviewer": ["{reviewer}"]},
            "The selection names someone or something that does not exist. Nobody was assigned.",
        ),
        (
            {"application": ["{application}"], "reviewer": ["{outsider}"]},
            "Only people who hold the reviewer role can be assigned. Nobody was assigned.",
        ),
        (
            {"application": ["{application}", "{decided}"], "reviewer": ["{reviewer}"]},
            "Not in review, so nobody was assigned (Decided Already Inc.).",
        ),
    ],
)
def test_bad_input_assigns_nobody_and_says_why(client, staff, reviewer, outsider, open_cohort, posted, message):
    [application] = applications(open_cohort, 1)
    decided = make_submitted(open_cohort, make_company(legal_name="Decided Already Inc."))
    decided.status = Application.Status.REJECTED
    decided.save()
    names = {"reviewer": reviewer.pk, "outsider": outsider.pk, "application": application.pk, "decided": decided.pk}
    data = {key: [value.format(**names) for value in values] for key, values in posted.items()}
    client.force_login(staff)
    response = client.post(page_url(open_cohort), {"action": "bulk_assign", **data}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_another_cohorts_application_is_refused_with_the_rest(client, staff, reviewer, open_cohort):
    [own] = applications(open_cohort, 1)
    other = make_cohort(slug="other-2027")
    [theirs] = applications(other, 1, prefix="Elsewhere")
    client.force_login(staff)
    response = client.post(
        page_url(open_cohort),
        {"action": "bulk_assign", "application": [own.pk, theirs.pk], "reviewer": [reviewer.pk]},
        follow=True,
    )
    assert "1 of the selected applications is not in this cohort. Nobody was assigned." in response.content.decode()
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize("who", ["us_owner", "reviewer", "outsider"])
def test_only_staff_assign_in_bulk(client, request, who, reviewer, open_cohort):
    [application] = applications(open_cohort, 1)
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        page_url(open_cohort), {"action": "bulk_assign", "application": [application.pk], "reviewer": [reviewer.pk]}
    )
    assert response.status_code == 403
    assert not ReviewAssignment.objects.exists()


def test_single_actions_return_to_their_row(client, staff, reviewer, open_cohort):
    _first, second = applications(open_cohort, 2)
    client.force_login(staff)
    response = client.post(
        page_url(open_cohort), {"action": "assign", "application": second.pk, "reviewer": reviewer.pk}
    )
    assert response["Location"] == page_url(open_cohort) + f"#application-{second.pk}"


def test_the_page_offers_the_bulk_form_and_costs_the_same_queries(
    client, staff, reviewer, second_reviewer, open_cohort
):
    applications(open_cohort, 2)
    client.force_login(staff)
    client.get(page_url(open_cohort))
    with CaptureQueriesContext(connection) as few:
        page = client.get(page_url(open_cohort)).content.decode()
    assert 'id="bulk-assign"' in page and page.count('form="bulk-assign"') == 2
    assert f'name="reviewer" value="{second_reviewer.pk}"' in page
    assert "Select all 2 applications in review" in page
    applications(open_cohort, 6, prefix="More")
    with CaptureQueriesContext(connection) as many:
        page = client.get(page_url(open_cohort)).content.decode()
    assert page.count('form="bulk-assign"') == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_bulk_form_reads_in_japanese(client, staff, reviewer, open_cohort):
    applications(open_cohort, 1)
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.get(page_url(open_cohort), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "まとめて割り当てる" in page
    assert "選んだ応募に割り当てる" in page
