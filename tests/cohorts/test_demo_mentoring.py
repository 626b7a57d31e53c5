"""seed_demo runs a cohort with mentors from both countries, published pairs, sessions and office hours."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accelerator.accounts.models import User
from cohorts.models import MentorAssignment, MentorProfile, MentorSession, SessionFeedback
from cohorts.selectors import open_slots

pytestmark = pytest.mark.django_db


def test_demo_mentoring(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo mentoring: 14 mentors" in out.getvalue()
    profiles = MentorProfile.objects.all()
    assert profiles.filter(country="US").count() >= 6 and profiles.filter(country="JP").count() >= 6
    published = MentorAssignment.objects.filter(cohort__slug="binational-2026-spring", status="published")
    hoshizora = published.filter(company__legal_name="Hoshizora SAR K.K.")
    assert set(hoshizora.values_list("side", flat=True)) == {"us", "jp"}
    now = timezone.now()
    past = MentorSession.objects.filter(ends_at__lt=now)
    assert past.filter(logged_at__isnull=False).exists() and SessionFeedback.objects.exists()
    assert MentorSession.objects.filter(starts_at__gt=now).exists()
    assert all(open_slots(profile) for profile in profiles[:3])
    # Idempotent: a second run adds nothing.
    counts = (MentorAssignment.objects.count(), MentorSession.objects.count(), MentorProfile.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (MentorAssignment.objects.count(), MentorSession.objects.count(), MentorProfile.objects.count())
    # The mentor login lands on its mentoring page, with its startups.
    client.force_login(User.objects.get(email="mentor@demo.accelerator.example"))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cohorts:mentoring")
    assert "Hoshizora SAR K.K." in response.content.decode()
    # The Japanese founder sees both mentors, in Japanese.
    client.force_login(User.objects.get(email="jp-founder@demo.accelerator.example"))
    page = client.get(reverse("cohorts:mentoring")).content.decode()
    assert "米国側" in page and "日本側" in page
