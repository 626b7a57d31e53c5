"""Promoting from the waitlist once an offer is declined or an accepted company withdraws."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts.models import Application, StatusChange
from cohorts.services.decisions import promote_from_waitlist, stage_decision

from ..factories import make_company
from .conftest import make_cohort, make_decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_cohort(us_company, jp_company):
    """One seat, taken by the U.S. startup; the Japanese startup waits on the list."""
    cohort = make_cohort(seats=1)
    return {
        "cohort": cohort,
        "accepted": make_decided(cohort, us_company, Application.Status.ACCEPTED),
        "waitlisted": make_decided(cohort, jp_company, Application.Status.WAITLISTED),
    }


def promote_url(application):
    return reverse("cohorts:promote", args=[application.pk])


def test_a_declined_offer_frees_a_seat_for_the_waitlist(
    client, staff, full_cohort, jp_owner, mailoutbox, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=full_cohort["accepted"].pk).update(status="declined")
    waitlisted = full_cohort["waitlisted"]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(promote_url(waitlisted), follow=True)
    assert "“Hoshi SAR K.K.” is accepted from the waitlist and is being emailed." in response.content.decode()
    waitlisted.refresh_from_db()
    assert waitlisted.status == "accepted"
    assert waitlisted.decision_email_sent_at is not None
    change = StatusChange.objects.filter(application=waitlisted).last()
    assert (change.status, change.changed_by) == ("accepted", staff)
    assert [message.to for message in mailoutbox] == [[jp_owner.email]]
    assert "株式会社ほしSARは日米コホート2027に採択されました" in mailoutbox[0].subject


def test_a_withdrawal_frees_a_seat_too(staff, full_cohort):
    Application.objects.filter(pk=full_cohort["accepted"].pk).update(status="withdrawn")
    promote_from_waitlist(application=full_cohort["waitlisted"], by=staff)
    assert Application.objects.get(pk=full_cohort["waitlisted"].pk).status == "accepted"


def test_no_promotion_without_a_free_seat(client, staff, full_cohort, mailoutbox):
    client.force_login(staff)
    response = client.post(promote_url(full_cohort["waitlisted"]), follow=True)
    assert "No seat is left (seats: 1; accepted: 1; staged to accept: 0)." in response.content.decode()
    assert Application.objects.get(pk=full_cohort["waitlisted"].pk).status == "waitlisted"
    assert mailoutbox == []


def test_a_staged_acceptance_holds_the_freed_seat(staff, full_cohort, jp_owner):
    Application.objects.filter(pk=full_cohort["accepted"].pk).update(status="declined")
    other = make_decided(
        full_cohort["cohort"], make_company(legal_name="Osaka Thrusters Co., Ltd.", country="JP"), "waitlisted"
    )
    stage_decision(application=other, decision="accept", by=staff)
    with pytest.raises(ValidationError, match="No seat is left"):
        promote_from_waitlist(application=full_cohort["waitlisted"], by=staff)
    # The one holding the seat can itself be promoted right away.
    promote_from_waitlist(application=other, by=staff)
    other.refresh_from_db()
    assert (other.status, other.pending_decision) == ("accepted", "")


def test_only_waitlisted_applications_are_promoted(client, staff, full_cohort):
    client.force_login(staff)
    response = client.post(promote_url(full_cohort["accepted"]), follow=True)
    assert "Only a waitlisted application can be promoted; this one is “Accepted”." in response.content.decode()


@pytest.mark.parametrize("who", ["us_owner", "jp_owner", "reviewer", "outsider"])
def test_only_staff_promote(client, request, who, full_cohort):
    Application.objects.filter(pk=full_cohort["accepted"].pk).update(status="declined")
    client.force_login(request.getfixturevalue(who))
    assert client.post(promote_url(full_cohort["waitlisted"])).status_code == 403
    assert Application.objects.get(pk=full_cohort["waitlisted"].pk).status == "waitlisted"


def test_it_rejects_get(client, staff, full_cohort):
    client.force_login(staff)
    assert client.get(promote_url(full_cohort["waitlisted"])).status_code == 405
