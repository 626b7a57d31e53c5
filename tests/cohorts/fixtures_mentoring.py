"""A running cohort with a U.S. and a Japanese startup, and mentors from both sides."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accelerator.companies.models import CapabilityTag, Segment
from cohorts.models import Application, FunctionalExpertise, MentorAssignment, MentorSession, OfficeHours
from cohorts.services.mentoring.profiles import save_mentor_profile

from ..factories import make_user
from .conftest import make_cohort, make_submitted


def make_mentor_profile(user, *, country="US", time_zone="America/New_York", english="native", japanese="none",
                        capacity=2, expertise=(), functional=(), segments=(), **fields):  # fmt: skip
    return save_mentor_profile(
        mentor=user,
        by=user,
        country=country,
        time_zone=time_zone,
        english=english,
        japanese=japanese,
        bio_en=fields.pop("bio_en", "Twenty years in space business."),
        capacity=capacity,
        expertise=CapabilityTag.objects.filter(code__in=expertise),
        functional_expertise=FunctionalExpertise.objects.filter(code__in=functional),
        segments=Segment.objects.filter(code__in=segments),
        **fields,
    )


def accept(cohort, company) -> Application:
    application = make_submitted(cohort, company)
    application.status = Application.Status.ACCEPTED
    application.decided_at = timezone.now()
    application.save()
    return application


@pytest.fixture
def running_cohort(db, us_company, jp_company):
    cohort = make_cohort(slug="running-2026", opens_in_days=-90, closes_in_days=-60, status="running")
    accept(cohort, us_company)
    accept(cohort, jp_company)
    return cohort


@pytest.fixture
def us_mentor(mentor):
    return make_mentor_profile(
        mentor, expertise=("sar-imagery", "us-market-access"), functional=("us-federal-procurement",)
    )


@pytest.fixture
def jp_mentor_user(db):
    return make_user(
        "mentor@tokyo.example", roles=("mentor",), display_name="田中 一郎", preferred_language="ja",
        time_zone="Asia/Tokyo",
    )  # fmt: skip


@pytest.fixture
def jp_mentor(jp_mentor_user):
    return make_mentor_profile(
        jp_mentor_user, country="JP", time_zone="Asia/Tokyo", english="business", japanese="native",
        functional=("japan-government-procurement", "business-development-japan"),
        bio_ja="宇宙ビジネスに20年携わっています。",
    )  # fmt: skip


def publish(cohort, company, profile, side) -> MentorAssignment:
    return MentorAssignment.objects.create(
        cohort=cohort, company=company, mentor=profile, side=side, status="published", published_at=timezone.now()
    )


@pytest.fixture
def pairs(running_cohort, us_company, jp_company, us_mentor, jp_mentor):
    """Published assignments: each startup has the U.S. and the Japanese mentor."""
    return {
        "jp_us": publish(running_cohort, jp_company, us_mentor, "us"),
        "jp_jp": publish(running_cohort, jp_company, jp_mentor, "jp"),
        "us_us": publish(running_cohort, us_company, us_mentor, "us"),
        "us_jp": publish(running_cohort, us_company, jp_mentor, "jp"),
    }


def next_weekday_slot(profile, weekday: int, hour: int, *, weeks_ahead: int = 1) -> dt.datetime:
    """The start of a weekly slot `weeks_ahead` weeks from now, in the mentor's zone, as an aware datetime."""
    zone = ZoneInfo(profile.time_zone)
    today = timezone.now().astimezone(zone).date()
    days = (weekday - today.weekday()) % 7 + 7 * weeks_ahead
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, 0), tzinfo=zone)


@pytest.fixture
def us_office_hours(us_mentor):
    """Tuesdays 9:00 New York time, 30 minutes (22:00 or 23:00 in Tokyo)."""
    return OfficeHours.objects.create(mentor=us_mentor, weekday=1, starts_at=dt.time(9, 0), duration_minutes=30)


def past_session(assignment, *, days_ago: int = 2, **fields) -> MentorSession:
    starts = timezone.now() - dt.timedelta(days=days_ago)
    return MentorSession.objects.create(
        assignment=assignment, mentor=assignment.mentor, company=assignment.company, starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30), **fields,
    )  # fmt: skip
