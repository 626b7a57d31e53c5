"""Releasing staged decisions: statuses change together and each applicant is emailed once."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cohorts import tasks
from cohorts.models import Application, StatusChange
from cohorts.services.decisions import release_decisions, stage_decision

from ..factories import make_company
from .conftest import make_cohort, make_decided, make_submitted

pytestmark = pytest.mark.django_db


def release_url(cohort):
    return reverse("cohorts:release_decisions", args=[cohort.slug])


@pytest.fixture
def staged(staff, open_cohort, us_application, jp_application, outsider):
    """The U.S. startup staged for acceptance, the Japanese one for the waitlist, a third to reject."""
    third = make_submitted(open_cohort, make_company(owner=outsider, legal_name="Sun & Moon Orbital LLC"))
    stage_decision(application=us_application, decision="accept", by=staff)
    stage_decision(application=jp_application, decision="waitlist", by=staff)
    stage_decision(application=third, decision="reject", by=staff)
    return {"accept": us_application, "waitlist": jp_application, "reject": third}


def test_release_turns_staged_decisions_into_statuses_and_emails_each_member_once(
    client,
    staff,
    open_cohort,
    staged,
    us_owner,
    member,
    jp_owner,
    outsider,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(release_url(open_cohort), follow=True)
    assert "3 decisions released. Each applicant is emailed once, in their own language." in response.content.decode()

    for decision, status in (("accept", "accepted"), ("waitlist", "waitlisted"), ("reject", "rejected")):
        application = Application.objects.get(pk=staged[decision].pk)
        assert application.status == status
        assert application.pending_decision == ""
        assert application.decided_at is not None
        assert application.decision_email_sent_at is not None
        change = StatusChange.objects.filter(application=application).last()
        assert (change.status, change.changed_by) == (status, staff)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_recipient) == sorted([us_owner.email, member.email, jp_owner.email, outsider.email])
    assert len(mailoutbox) == 4

    english = by_recipient[us_owner.email]
    assert (
        english.subject
        == "[U.S.–Japan Space Accelerator] Orbitworks Analytics Inc. is accepted into Binational Cohort 2027"
    )
    assert "Hello Dana Whitfield," in english.body
    assert "Congratulations" in english.body
    assert "The program runs from April 5, 2027 to June 25, 2027." in english.body
    assert "please decline the offer on that page" in english.body
    assert f"{settings.SITE_URL}/cohorts/applications/{staged['accept'].pk}/" in english.body
    # The decision time is shown in the recipient's own zone, and says which.
    assert " EST." in english.body or " EDT." in english.body
    assert by_recipient[member.email].subject == english.subject

    japanese = by_recipient[jp_owner.email]
    assert japanese.subject == "[日米宇宙アクセラレーター] 株式会社ほしSARは日米コホート2027の補欠となりました"
    assert "佐藤 花子 様" in japanese.body
    assert "補欠" in japanese.body
    assert "2027年4月5日から2027年6月25日まで" in japanese.body
    assert " JST" in japanese.body
    assert f"/cohorts/applications/{staged['waitlist'].pk}/" in japanese.body

    rejected = by_recipient[outsider.email]
    assert rejected.subject.endswith("Our decision on Sun & Moon Orbital LLC's application to Binational Cohort 2027")
    assert "Thank you for applying to Binational Cohort 2027 with Sun & Moon Orbital LLC," in rejected.body
    assert "we are sorry that we cannot offer your company a place" in rejected.body
    assert " UTC" in rejected.body


def test_releasing_twice_sends_nothing_more(
    client, staff, open_cohort, staged, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(release_url(open_cohort))
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(release_url(open_cohort), follow=True)
    assert callbacks == []
    assert "There are no staged decisions to release." in response.content.decode()
    assert len(mailoutbox) == sent
    assert StatusChange.objects.filter(application=staged["accept"], status="accepted").count() == 1


def test_the_email_task_sends_once_however_often_it_runs(staff, us_application, mailoutbox):
    stage_decision(application=us_application, decision="accept", by=staff)
    assert release_decisions(cohort=us_application.cohort, by=staff) == 1
    assert tasks.send_decision_email(us_application.pk) == 2
    assert tasks.send_decision_email(us_application.pk) == 0
    assert tasks.send_decision_email.delay(us_application.pk).get() == 0
    assert len(mailoutbox) == 2


def test_the_task_sends_nothing_for_an_undecided_or_missing_application(us_application, mailoutbox):
    assert tasks.send_decision_email(us_application.pk) == 0
    assert tasks.send_decision_email(99999) == 0
    assert mailoutbox == []


def test_a_waitlisted_application_accepted_later_gets_a_new_email(
    staff, jp_company, jp_owner, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = make_cohort()
    waitlisted = make_decided(cohort, jp_company, Application.Status.WAITLISTED)
    stage_decision(application=waitlisted, decision="accept", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        release_decisions(cohort=cohort, by=staff)
    assert [message.to for message in mailoutbox] == [[jp_owner.email]]
    assert "採択" in mailoutbox[0].subject
    assert Application.objects.get(pk=waitlisted.pk).status == "accepted"


def test_release_refuses_when_seats_were_cut_below_the_acceptances(
    client, staff, open_cohort, staged, mailoutbox, django_capture_on_commit_callbacks
):
    make_decided(open_cohort, make_company(legal_name="Early Bird Inc."), Application.Status.ACCEPTED)
    open_cohort.seats = 1
    open_cohort.save()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(release_url(open_cohort), follow=True)
    assert "No seat is left (seats: 1; accepted: 1; staged to accept: 1)." in response.content.decode()
    assert Application.objects.get(pk=staged["accept"].pk).status == "submitted"
    assert Application.objects.get(pk=staged["reject"].pk).pending_decision == "reject"
    assert mailoutbox == []


def test_a_staged_decision_on_a_since_withdrawn_application_is_dropped(
    staff, open_cohort, staged, mailoutbox, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=staged["reject"].pk).update(status="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        assert release_decisions(cohort=open_cohort, by=staff) == 2
    withdrawn = Application.objects.get(pk=staged["reject"].pk)
    assert (withdrawn.status, withdrawn.pending_decision) == ("withdrawn", "")
    assert len(mailoutbox) == 3  # the two U.S. members and the Japanese owner


@pytest.mark.parametrize("who", ["us_owner", "jp_owner", "reviewer", "outsider"])
def test_only_staff_release(client, request, who, open_cohort, staged, mailoutbox):
    client.force_login(request.getfixturevalue(who))
    assert client.post(release_url(open_cohort)).status_code == 403
    assert Application.objects.get(pk=staged["accept"].pk).status == "submitted"
    assert mailoutbox == []
    with pytest.raises(PermissionDenied):
        release_decisions(cohort=open_cohort, by=request.getfixturevalue(who))


def test_it_rejects_get(client, staff, open_cohort):
    client.force_login(staff)
    assert client.get(release_url(open_cohort)).status_code == 405
    assert client.post(reverse("cohorts:release_decisions", args=["no-such-cohort"])).status_code == 404
