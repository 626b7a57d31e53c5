"""Staging decisions on many applications at once, and the confirmation asked before a risky one."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accelerator.companies.models import Membership
from cohorts.models import Application
from cohorts.services.decisions import stage_decision

from ..factories import make_company, make_user
from .conftest import make_cohort, make_decided, make_submitted
from .fixtures_api import api, make_review

pytestmark = pytest.mark.django_db


def bulk_url(cohort):
    return reverse("cohorts:stage_decisions", args=[cohort.slug])


def board_url(cohort):
    return reverse("cohorts:decisions", args=[cohort.slug])


@pytest.fixture
def closed(db):
    """A cohort whose window has closed, so only the applications' own warnings are left."""
    return make_cohort(slug="closed-2026", opens_in_days=-60, closes_in_days=-1, status="reviewing", seats=3)


def reviewed_applications(cohort, reviewer, count: int) -> list[Application]:
    applications = []
    for index in range(count):
        owner = make_user(f"owner{index}@{cohort.slug}.example", display_name=f"Owner {index}")
        company = make_company(owner=owner, legal_name=f"Reviewed Orbital {index} Inc.")
        application = make_submitted(cohort, company)
        make_review(application, reviewer)
        applications.append(application)
    return applications


def test_it_stages_one_decision_on_every_ticked_application(client, staff, reviewer, closed, mailoutbox):
    first, second, third = reviewed_applications(closed, reviewer, 3)
    client.force_login(staff)
    response = client.post(
        bulk_url(closed), {"application": [second.pk, first.pk], "decision": "waitlist"}, follow=True
    )
    # Back to the row of the first ticked application: the page keeps its place.
    assert response.redirect_chain[-1][0] == board_url(closed) + f"#application-{second.pk}"
    assert "2 applications are staged for the waitlist. Nothing is sent until you release" in response.content.decode()
    assert [
        a.pending_decision for a in Application.objects.filter(pk__in=[first.pk, second.pk, third.pk]).order_by("pk")
    ] == ["waitlist", "waitlist", ""]
    assert mailoutbox == []


def test_the_page_offers_the_bulk_form_without_javascript(client, staff, reviewer, closed):
    first, _second, _third = reviewed_applications(closed, reviewer, 3)
    make_decided(closed, make_company(legal_name="Already In Inc."), "accepted")
    client.force_login(staff)
    page = client.get(board_url(closed)).content.decode()
    assert f'action="{bulk_url(closed)}" id="bulk-decisions"' in page
    assert f'name="application" value="{first.pk}" form="bulk-decisions"' in page
    assert page.count('form="bulk-decisions"') == 3  # the accepted one cannot be decided again
    assert "Select all 3 applications still to decide" in page
    assert "Stage for the selected applications" in page


def test_select_all_works_without_javascript(client, staff, reviewer, closed):
    applications = reviewed_applications(closed, reviewer, 3)
    client.force_login(staff)
    response = client.post(bulk_url(closed), {"all": "1", "decision": "reject"}, follow=True)
    assert "3 applications are staged to be rejected." in response.content.decode()
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("pending_decision", flat=True)
    ) == {"reject"}


def test_it_stages_nothing_when_the_seats_would_be_exceeded(client, staff, reviewer, closed):
    applications = reviewed_applications(closed, reviewer, 4)
    stage_decision(application=applications[0], decision="accept", by=staff)
    client.force_login(staff)
    response = client.post(
        bulk_url(closed), {"application": [a.pk for a in applications], "decision": "accept"}, follow=True
    )
    page = response.content.decode()
    assert (
        "Not enough seats: accepting them takes 3 more (seats: 3; accepted: 0; staged to accept: 1; free: 2). "
        "Nothing was staged."
    ) in page
    assert response.redirect_chain[-1][0] == board_url(closed) + f"#application-{applications[0].pk}"
    assert list(Application.objects.filter(pending_decision="accept").values_list("pk", flat=True)) == [
        applications[0].pk
    ]


def test_one_application_that_cannot_take_the_decision_stops_them_all(client, staff, reviewer, closed):
    fresh, waiting = reviewed_applications(closed, reviewer, 2)
    waiting.status = Application.Status.WAITLISTED
    waiting.save()
    client.force_login(staff)
    response = client.post(
        bulk_url(closed), {"application": [fresh.pk, waiting.pk], "decision": "waitlist"}, follow=True
    )
    assert (
        "“Reviewed Orbital 1 Inc.”: This application is already on the waitlist. Nothing was staged."
        in response.content.decode()
    )
    fresh.refresh_from_db()
    assert fresh.pending_decision == ""


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"decision": "accept"}, "Select at least one application."),
        (
            {"decision": "accept", "application": ["99999"]},
            "1 of the selected applications is not in this cohort. Nothing was staged.",
        ),
        (
            {"decision": "accept", "application": ["abc"]},
            "The selection names an application that does not exist. Nothing was staged.",
        ),
        ({"decision": "maybe", "application": ["{pk}"]}, "Choose accept, waitlist or reject."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_staged(client, staff, reviewer, closed, posted, message):
    [application] = reviewed_applications(closed, reviewer, 1)
    if "application" in posted:
        posted = {**posted, "application": [value.format(pk=application.pk) for value in posted["application"]]}
    client.force_login(staff)
    response = client.post(bulk_url(closed), posted, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    application.refresh_from_db()
    assert application.pending_decision == ""


def test_another_cohorts_application_is_refused_with_the_rest(
    client, staff, reviewer, closed, open_cohort, us_application
):
    [own] = reviewed_applications(closed, reviewer, 1)
    client.force_login(staff)
    response = client.post(
        bulk_url(closed),
        {"application": [own.pk, us_application.pk], "decision": "reject", "confirm": "1"},
        follow=True,
    )
    assert "1 of the selected applications is not in this cohort. Nothing was staged." in response.content.decode()
    assert not Application.objects.exclude(pending_decision="").exists()


@pytest.mark.parametrize("who", ["us_owner", "reviewer", "outsider"])
def test_only_staff_stage_in_bulk(client, request, who, closed, us_company):
    application = make_submitted(closed, us_company)
    client.force_login(request.getfixturevalue(who))
    response = client.post(bulk_url(closed), {"application": [application.pk], "decision": "accept", "confirm": "1"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.pending_decision == ""


def test_anonymous_visitors_are_sent_to_sign_in_and_get_is_refused(client, staff, closed):
    response = client.post(bulk_url(closed), {"decision": "accept"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(bulk_url(closed)).status_code == 405
    assert (
        client.post(reverse("cohorts:stage_decisions", args=["no-such-cohort"]), {"decision": "accept"}).status_code
        == 404
    )


def test_staging_asks_first_when_the_window_is_open_a_review_is_missing_or_nobody_can_be_told(
    client, staff, reviewer, open_cohort, us_application
):
    memberless = make_submitted(open_cohort, make_company(legal_name="Quiet Orbit Inc."))
    make_review(us_application, reviewer)
    client.force_login(staff)
    response = client.post(
        bulk_url(open_cohort), {"application": [us_application.pk, memberless.pk], "decision": "accept"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm the decisions" in page
    assert "You are staging “Accept” on 2 applications. Nothing is staged until you confirm." in page
    assert "Applications to the cohort are still open until" in page
    assert page.count("Applications to the cohort are still open until") == 2
    assert page.count("No review of it has been submitted.") == 1
    assert "Its company has no member to tell: nobody will receive the decision email." in page
    assert "Quiet Orbit Inc." in page and "Orbitworks Analytics Inc." in page
    assert '<input type="hidden" name="confirm" value="1">' in page
    assert "Confirm and stage anyway" in page
    assert not Application.objects.exclude(pending_decision="").exists()

    confirmed = client.post(
        bulk_url(open_cohort),
        {"application": [us_application.pk, memberless.pk], "decision": "accept", "confirm": "1"},
        follow=True,
    )
    assert "2 applications are staged to be accepted." in confirmed.content.decode()
    assert Application.objects.filter(pending_decision="accept").count() == 2


def test_a_single_decision_asks_first_too(client, staff, us_application):
    client.force_login(staff)
    url = reverse("cohorts:stage_decision", args=[us_application.pk])
    response = client.post(url, {"decision": "reject"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{url}"' in page
    assert "No review of it has been submitted." in page
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""
    client.post(url, {"decision": "reject", "confirm": "1"})
    us_application.refresh_from_db()
    assert us_application.pending_decision == "reject"


def test_clearing_a_decision_asks_nothing(client, staff, us_application):
    stage_decision(application=us_application, decision="reject", by=staff)
    client.force_login(staff)
    response = client.post(
        bulk_url(us_application.cohort), {"application": [us_application.pk], "decision": ""}, follow=True
    )
    assert "The staged decision on 1 application is cleared." in response.content.decode()


def test_the_confirmation_reads_in_japanese(client, staff, us_application):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    response = client.post(
        bulk_url(us_application.cohort),
        {"application": [us_application.pk], "decision": "waitlist"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    page = response.content.decode()
    assert "採否の確認" in page
    assert "提出された審査がありません。" in page
    assert "確認して登録する" in page
    assert "JST" in page or "EST" in page or "UTC" in page


def test_the_api_refuses_a_risky_decision_until_confirmed(staff, us_application):
    url = f"/api/v1/applications/{us_application.pk}/decision/"
    response = api(staff).post(url, {"decision": "accept"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["confirm"] == [
        "1 application needs a second look before its decision is staged. Confirm to stage anyway."
    ]
    assert any(text.startswith("Applications to the cohort are still open until") for text in body["warnings"])
    assert "No review of it has been submitted." in body["warnings"]
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""
    confirmed = api(staff).post(url, {"decision": "accept", "confirm": True}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["pending_decision"] == "accept"


def test_staff_stage_twenty_decisions_are_warned_release_and_every_member_is_emailed(
    client, staff, reviewer, open_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    """The journey: twenty in one action, the warnings, the release, an email to every member."""
    open_cohort.seats = 20
    open_cohort.save()
    applications, members = [], []
    for index in range(20):
        owner = make_user(f"founder{index}@launch{index}.example", display_name=f"Founder {index}")
        company = make_company(owner=owner, legal_name=f"Launch {index:02d} Inc.", country="JP" if index % 2 else "US")
        members.append(owner.email)
        if index % 3 == 0:
            colleague = make_user(f"engineer{index}@launch{index}.example", display_name=f"Engineer {index}")
            Membership.objects.create(company=company, user=colleague)
            members.append(colleague.email)
        application = make_submitted(open_cohort, company)
        if index % 4:
            make_review(application, reviewer)
        applications.append(application)
    client.force_login(staff)
    ids = [application.pk for application in applications]

    page = client.post(bulk_url(open_cohort), {"application": ids, "decision": "accept"}).content.decode()
    assert "20 applications need a second look" in page
    assert page.count("Applications to the cohort are still open until") == 20
    assert page.count("No review of it has been submitted.") == 5
    assert "has no member to tell" not in page
    assert not Application.objects.exclude(pending_decision="").exists()

    staged = client.post(bulk_url(open_cohort), {"application": ids, "decision": "accept", "confirm": "1"}, follow=True)
    board = staged.content.decode()
    assert "20 applications are staged to be accepted." in board
    assert f"{len(members)} people at 20 companies will be emailed." in board

    with django_capture_on_commit_callbacks(execute=True):
        released = client.post(reverse("cohorts:release_decisions", args=[open_cohort.slug]), follow=True)
    assert "20 decisions released." in released.content.decode()
    assert Application.objects.filter(pk__in=ids, status="accepted").count() == 20
    assert sorted(message.to[0] for message in mailoutbox) == sorted(members)


def test_the_page_with_the_bulk_form_costs_the_same_queries_however_many_applications(client, staff, reviewer, closed):
    first, _second = reviewed_applications(closed, reviewer, 2)
    stage_decision(application=first, decision="accept", by=staff)
    client.force_login(staff)
    client.get(board_url(closed))
    with CaptureQueriesContext(connection) as few:
        client.get(board_url(closed))
    more = make_cohort(slug="spare", opens_in_days=-30, closes_in_days=-2)
    for index, application in enumerate(reviewed_applications(more, reviewer, 8)):
        application.cohort = closed
        application.save()
        if index % 2:
            stage_decision(application=application, decision="reject", by=staff)
    closed.review_due_at = timezone.now() + timedelta(days=3)
    closed.save()
    with CaptureQueriesContext(connection) as many:
        page = client.get(board_url(closed)).content.decode()
    assert page.count('form="bulk-decisions"') == 10
    assert len(many.captured_queries) == len(few.captured_queries)
