"""Staging a decision: accept, waitlist or reject held back until release; never past the seats."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.models import Application
from cohorts.services.decisions import stage_decision

from ..factories import make_company
from .conftest import make_cohort, make_decided, make_submitted

pytestmark = pytest.mark.django_db


def stage_url(application):
    return reverse("cohorts:stage_decision", args=[application.pk])


def test_it_stages_a_decision_without_telling_the_applicant(client, staff, jp_application, mailoutbox):
    client.force_login(staff)
    response = client.post(stage_url(jp_application), {"decision": "accept", "confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(
        reverse("cohorts:decisions", args=[jp_application.cohort.slug]) + f"#application-{jp_application.pk}"
    )
    assert "“Hoshi SAR K.K.” is staged to be accepted. Nothing is sent until you release" in response.content.decode()
    jp_application.refresh_from_db()
    assert jp_application.pending_decision == "accept"
    assert jp_application.decision_staged_by == staff
    assert jp_application.status == "submitted"
    assert jp_application.decided_at is None
    assert mailoutbox == []


def test_it_changes_and_clears_a_staged_decision(client, staff, us_application):
    client.force_login(staff)
    client.post(stage_url(us_application), {"decision": "reject", "confirm": "1"})
    us_application.refresh_from_db()
    assert us_application.pending_decision == "reject"
    client.post(stage_url(us_application), {"decision": "waitlist", "confirm": "1"})
    us_application.refresh_from_db()
    assert us_application.pending_decision == "waitlist"
    response = client.post(stage_url(us_application), {"decision": ""}, follow=True)
    assert "The staged decision on “Orbitworks Analytics Inc.” is cleared." in response.content.decode()
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""
    assert us_application.decision_staged_by is None
    assert us_application.status == "submitted"


def test_accepting_never_goes_past_the_seats(client, staff, us_company, jp_company):
    cohort = make_cohort(seats=2)
    make_decided(cohort, us_company, Application.Status.ACCEPTED)
    first = make_submitted(cohort, jp_company)
    second = make_submitted(cohort, make_company(legal_name="Tsukuba Orbital Co., Ltd.", country="JP"))
    client.force_login(staff)
    client.post(stage_url(first), {"decision": "accept", "confirm": "1"})
    response = client.post(stage_url(second), {"decision": "accept", "confirm": "1"}, follow=True)
    page = response.content.decode()
    assert "No seat is left (seats: 2; accepted: 1; staged to accept: 1)." in page
    second.refresh_from_db()
    assert second.pending_decision == ""
    # Staging accept again on the one already holding a seat is no extra seat.
    stage_decision(application=first, decision="accept", by=staff)
    assert Application.objects.filter(cohort=cohort, pending_decision="accept").count() == 1
    # A waitlist or reject is always possible.
    stage_decision(application=second, decision="waitlist", by=staff)
    second.refresh_from_db()
    assert second.pending_decision == "waitlist"


def test_the_seats_error_reads_in_japanese(client, staff, jp_application):
    cohort = jp_application.cohort
    cohort.seats = 1
    cohort.save()
    make_decided(cohort, make_company(legal_name="Seat Holder Inc."), Application.Status.ACCEPTED)
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.post(stage_url(jp_application), {"decision": "accept", "confirm": "1"}, follow=True).content.decode()
    assert "空いている枠がありません" in page
    assert "枠数：1" in page


def test_a_waitlisted_application_can_be_decided_again(staff, us_company):
    cohort = make_cohort()
    waitlisted = make_decided(cohort, us_company, Application.Status.WAITLISTED, score=Decimal("3.10"))
    stage_decision(application=waitlisted, decision="accept", by=staff)
    waitlisted.refresh_from_db()
    assert waitlisted.pending_decision == "accept"
    with pytest.raises(ValidationError, match="already on the waitlist"):
        stage_decision(application=waitlisted, decision="waitlist", by=staff)


@pytest.mark.parametrize("status", ["draft", "withdrawn", "accepted", "rejected", "declined"])
def test_only_submitted_or_waitlisted_applications_are_decided(client, staff, us_company, status):
    cohort = make_cohort()
    application = make_decided(cohort, us_company, status)
    client.force_login(staff)
    response = client.post(stage_url(application), {"decision": "reject", "confirm": "1"}, follow=True)
    assert "Only submitted or waitlisted applications can be decided" in response.content.decode()
    application.refresh_from_db()
    assert application.status == status
    assert application.pending_decision == ""


def test_an_unknown_decision_is_refused(client, staff, us_application):
    client.force_login(staff)
    response = client.post(stage_url(us_application), {"decision": "maybe", "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert "Choose accept, waitlist or reject." in response.content.decode()
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""


@pytest.mark.parametrize("who", ["us_owner", "jp_owner", "reviewer", "outsider", "mentor"])
def test_only_staff_stage_decisions(client, request, who, us_application):
    client.force_login(request.getfixturevalue(who))
    response = client.post(stage_url(us_application), {"decision": "accept", "confirm": "1"})
    assert response.status_code == 403
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""


def test_the_service_refuses_anyone_but_staff(us_owner, us_application):
    with pytest.raises(PermissionDenied):
        stage_decision(application=us_application, decision="accept", by=us_owner)


def test_it_rejects_get_and_anonymous_posts(client, staff, us_application):
    response = client.post(stage_url(us_application), {"decision": "accept", "confirm": "1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(stage_url(us_application)).status_code == 405
    assert client.post(reverse("cohorts:stage_decision", args=[99999]), {"decision": "accept"}).status_code == 404
