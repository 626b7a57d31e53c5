"""The demo as staff meet it: twenty decisions in one action, the warnings, the release, and an
email to every member of every demo applicant."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accelerator.accounts.models import User
from accelerator.companies.models import Membership
from cohorts.models import Application, Cohort

pytestmark = pytest.mark.django_db


def test_staff_decide_on_demo_applicants_and_every_member_is_emailed(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="staff@demo.accelerator.example"))

    # The open cohort: still taking applications and not reviewed yet, so staging asks first.
    spring = Cohort.objects.get(slug="binational-2027-spring")
    early = list(spring.applications.filter(status="submitted").values_list("pk", flat=True))
    page = client.post(
        reverse("cohorts:stage_decisions", args=[spring.slug]), {"application": early, "decision": "waitlist"}
    ).content.decode()
    assert page.count("Applications to the cohort are still open until") == len(early)
    assert page.count("No review of it has been submitted.") == len(early)
    assert "has no member to tell" not in page
    assert not spring.applications.exclude(pending_decision="").exists()

    # The cohort in review: twenty decisions in one action, released together.
    autumn = Cohort.objects.get(slug="binational-2026-autumn")
    chosen = list(autumn.applications.filter(status="submitted").order_by("pk").values_list("pk", flat=True)[:20])
    assert len(chosen) == 20
    staged = client.post(
        reverse("cohorts:stage_decisions", args=[autumn.slug]),
        {"application": chosen, "decision": "waitlist", "confirm": "1"},
        follow=True,
    ).content.decode()
    assert "20 applications are staged for the waitlist." in staged
    members = set(
        Membership.objects.filter(company__applications__pk__in=chosen, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    assert f"{len(members)} people at 20 companies will be emailed." in staged
    assert "no member to email" not in staged

    with django_capture_on_commit_callbacks(execute=True):
        released = client.post(reverse("cohorts:release_decisions", args=[autumn.slug]), follow=True)
    assert "20 decisions released." in released.content.decode()
    assert Application.objects.filter(pk__in=chosen, status="waitlisted").count() == 20
    assert {message.to[0] for message in mailoutbox} == members
    assert len(mailoutbox) == len(members)
