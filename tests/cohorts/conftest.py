"""Cohorts for the tests: one open for applications, with questions and the default rubric."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from cohorts.models import Application, Question, StatusChange
from cohorts.services.cohorts import create_cohort

from ..factories import make_user


def make_cohort(*, slug: str = "cohort-2027", opens_in_days: int = -7, closes_in_days: int = 14, **fields):
    now = timezone.now()
    fields = {
        "name_en": "Binational Cohort 2027",
        "name_ja": "日米コホート2027",
        "description_en": "Twelve weeks for U.S. and Japanese space startups to build cross-border partnerships.",
        "description_ja": "日米の宇宙スタートアップが越境パートナーシップを築く12週間のプログラム。",
        "status": "open",
        "program_starts_on": date(2027, 4, 5),
        "program_ends_on": date(2027, 6, 25),
        "opens_at": now + timedelta(days=opens_in_days),
        "closes_at": now + timedelta(days=closes_in_days),
        "seats": 10,
        **fields,
    }
    return create_cohort(slug=slug, **fields)


def make_submitted(cohort, company, *, by=None, answers=None, snapshot=None) -> Application:
    """A submitted application, written directly: for tests of what comes after submission."""
    now = timezone.now()
    application = Application.objects.create(
        cohort=cohort,
        company=company,
        created_by=by,
        status=Application.Status.SUBMITTED,
        answers=answers or {},
        snapshot=snapshot or {},
        submitted_at=now,
    )
    StatusChange.objects.create(application=application, status=Application.Status.SUBMITTED, changed_by=by)
    return application


def make_decided(cohort, company, status: str, *, score=None, emailed: bool = True) -> Application:
    """An application whose decision was released (and, by default, emailed) earlier."""
    application = make_submitted(cohort, company)
    now = timezone.now()
    application.status = status
    application.decided_at = now
    application.decision_email_sent_at = now if emailed else None
    application.score_mean = score
    application.save()
    StatusChange.objects.create(application=application, status=status)
    return application


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Services called by a test outside a request write in English, whatever an earlier request chose."""
    with translation.override("en"):
        yield


@pytest.fixture
def open_cohort(db):
    cohort = make_cohort()
    Question.objects.create(
        cohort=cohort,
        kind=Question.Kind.LONG_TEXT,
        label_en="What would a partner across the Pacific gain from working with you?",
        label_ja="太平洋の向こう側のパートナーは、御社と組むことで何を得られますか。",
        required=True,
        position=1,
    )
    Question.objects.create(
        cohort=cohort,
        kind=Question.Kind.CHOICE,
        label_en="Where do you want to grow first?",
        label_ja="まずどの市場で成長したいですか。",
        choices_en="United States\nJapan\nThird countries",
        choices_ja="米国\n日本\n第三国",
        required=False,
        position=2,
    )
    return cohort


@pytest.fixture
def closed_cohort(db):
    return make_cohort(slug="cohort-2026", opens_in_days=-60, closes_in_days=-1, status="reviewing")


@pytest.fixture
def jp_application(open_cohort, jp_company, jp_owner):
    return make_submitted(open_cohort, jp_company, by=jp_owner)


@pytest.fixture
def us_application(open_cohort, us_company, us_owner):
    return make_submitted(open_cohort, us_company, by=us_owner)


@pytest.fixture
def second_reviewer(db):
    return make_user("second.reviewer@example.com", roles=("reviewer",), display_name="Ren Reviewer")


from .fixtures_mentoring import (  # noqa: E402, F401  (the mentor program's fixtures, shared by its tests)
    jp_mentor,
    jp_mentor_user,
    pairs,
    running_cohort,
    us_mentor,
    us_office_hours,
)
