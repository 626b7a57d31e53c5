"""copy_rows writes many rows at once: COPY on PostgreSQL, bulk_create on any other database."""

import pytest
from django.utils import timezone

from accelerator.copy_rows import bulk_create_rows, copy_rows
from cohorts.models import MentorAssignment, MentorSuggestion

from .fixtures_mentoring import make_mentor_profile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("copy_rows", [copy_rows, bulk_create_rows], ids=["this database", "any other"])
def test_it_writes_every_row_with_its_json(copy_rows, running_cohort, jp_company, us_company, mentor):
    profile = make_mentor_profile(mentor)
    reasons = [{"kind": "overlap", "codes": [], "value": 2.5}, {"kind": "segments", "codes": ["eo"], "value": 0}]
    count = copy_rows(
        MentorSuggestion,
        ["cohort_id", "company_id", "mentor_id", "score", "reasons", "position"],
        [
            (running_cohort.pk, jp_company.pk, profile.pk, 0.75, reasons, 1),
            (running_cohort.pk, us_company.pk, profile.pk, 0.5, [], 1),
        ],
    )
    assert count == 2
    written = MentorSuggestion.objects.get(company=jp_company)
    assert (written.score, written.reasons, written.position) == (0.75, reasons, 1)
    now = timezone.now()
    copy_rows(
        MentorAssignment,
        ["cohort_id", "company_id", "mentor_id", "side", "status", "by_hand", "created_by_id", "created_at"],
        iter([(running_cohort.pk, jp_company.pk, profile.pk, "us", "proposed", False, None, now)]),
    )
    assignment = MentorAssignment.objects.get()
    assert (assignment.side, assignment.status, assignment.by_hand) == ("us", "proposed", False)
