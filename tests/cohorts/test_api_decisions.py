"""Staff decisions through the API: stage on an application, release a cohort's decisions."""

import pytest

from cohorts.models import Application, StatusChange
from cohorts.services.decisions import stage_decision

from ..factories import make_company
from .conftest import make_cohort, make_submitted
from .fixtures_api import api

pytestmark = pytest.mark.django_db


def decision_url(application) -> str:
    return f"/api/v1/applications/{application.pk}/decision/"


def release_url(cohort) -> str:
    return f"/api/v1/cohorts/{cohort.pk}/release-decisions/"


def test_staff_stage_a_decision_and_clear_it(staff, us_application):
    response = api(staff).post(decision_url(us_application), {"decision": "accept", "confirm": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["pending_decision"] == "accept" and response.json()["status"] == "submitted"
    us_application.refresh_from_db()
    assert us_application.decision_staged_by == staff
    cleared = api(staff).post(decision_url(us_application), {"decision": ""}, format="json")
    assert cleared.status_code == 200 and cleared.json()["pending_decision"] == ""


@pytest.mark.parametrize("who", ["us_owner", "reviewer", "outsider"])
def test_only_staff_stage_decisions(request, who, us_application):
    user = request.getfixturevalue(who)
    if who == "reviewer":
        us_application.assignments.create(reviewer=user)
    response = api(user).post(decision_url(us_application), {"decision": "accept"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only program staff can decide on applications."
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""


def test_a_bad_decision_is_a_400(staff, us_application):
    response = api(staff).post(decision_url(us_application), {"decision": "maybe"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"decision"}
    assert api(staff).post(decision_url(us_application), {}, format="json").status_code == 400
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""


def test_the_last_seat_cannot_be_staged_twice(staff, open_cohort, us_application, jp_application):
    open_cohort.seats = 1
    open_cohort.save()
    assert (
        api(staff)
        .post(decision_url(us_application), {"decision": "accept", "confirm": True}, format="json")
        .status_code
        == 200
    )
    response = api(staff).post(decision_url(jp_application), {"decision": "accept", "confirm": True}, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert message.startswith("No seat is left (seats: 1; accepted: 0; staged to accept: 1).")
    jp_application.refresh_from_db()
    assert jp_application.pending_decision == ""


def test_a_draft_cannot_be_decided_and_the_reason_is_in_japanese(staff, open_cohort, us_company):
    staff.preferred_language = "ja"
    staff.save()
    draft = Application.objects.create(cohort=open_cohort, company=us_company)
    response = api(staff).post(decision_url(draft), {"decision": "reject", "confirm": True}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "採否を決められるのは提出済みまたは補欠の応募だけです。この応募は「下書き」です。"
    ]


def test_a_missing_application_is_404(staff):
    assert api(staff).post("/api/v1/applications/999999/decision/", {"decision": "accept"}).status_code == 404


def test_staff_release_the_staged_decisions_and_each_applicant_is_emailed_once(
    staff,
    open_cohort,
    us_application,
    jp_application,
    outsider,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    third = make_submitted(open_cohort, make_company(owner=outsider, legal_name="Sun & Moon Orbital LLC"))
    for application, decision in ((us_application, "accept"), (jp_application, "waitlist"), (third, "reject")):
        stage_decision(application=application, decision=decision, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(staff).post(release_url(open_cohort))
    assert response.status_code == 200 and response.json() == {"released": 3}
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {us_application.pk: "accepted", jp_application.pk: "waitlisted", third.pk: "rejected"}
    assert StatusChange.objects.filter(status__in=("accepted", "waitlisted", "rejected")).count() == 3
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == [
        "member@orbitworks.example",
        "outsider@example.com",
        "owner@hoshi.example",
        "owner@orbitworks.example",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert api(staff).post(release_url(open_cohort)).json() == {"released": 0}
    assert len(mailoutbox) == len(recipients)


def test_release_leaves_other_cohorts_alone(staff, open_cohort, us_application, jp_company):
    other = make_submitted(make_cohort(slug="cohort-2028"), jp_company)
    stage_decision(application=us_application, decision="reject", by=staff)
    stage_decision(application=other, decision="accept", by=staff)
    assert api(staff).post(release_url(open_cohort)).json() == {"released": 1}
    other.refresh_from_db()
    assert other.status == "submitted" and other.pending_decision == "accept"


@pytest.mark.parametrize("who", ["us_owner", "reviewer", "outsider"])
def test_only_staff_release_decisions(request, who, staff, open_cohort, us_application, mailoutbox):
    stage_decision(application=us_application, decision="accept", by=staff)
    response = api(request.getfixturevalue(who)).post(release_url(open_cohort))
    assert response.status_code == 403
    us_application.refresh_from_db()
    assert us_application.status == "submitted" and us_application.pending_decision == "accept"
    assert mailoutbox == []


def test_a_release_over_the_seats_is_a_400_and_releases_nothing(staff, open_cohort, us_application, jp_application):
    stage_decision(application=us_application, decision="accept", by=staff)
    stage_decision(application=jp_application, decision="accept", by=staff)
    open_cohort.seats = 1
    open_cohort.save()
    response = api(staff).post(release_url(open_cohort))
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("No seat is left (seats: 1; accepted: 0;")
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_releasing_an_unknown_cohort_is_404(staff):
    assert api(staff).post("/api/v1/cohorts/999999/release-decisions/").status_code == 404
