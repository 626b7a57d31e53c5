"""Where each review stands, and each reviewer's load: one meaning of "overdue" for every page.

An assignment is overdue when its review is not submitted, the application is still in
review (submitted, not yet decided) and the cohort's review due date has passed. Once the
application is decided or withdrawn, an unsubmitted review is closed, not overdue.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, Value
from django.utils import timezone

from accelerator.accounts.models import User

from ..models import Application, Cohort, ReviewAssignment
from .statuses import UNREVIEWED, Status

SUBMITTED = "submitted"
CLOSED = "closed"
OVERDUE = "overdue"
TO_DO = "to_do"
# Reviewed applications no longer in review: every status but "submitted" and the unreviewed ones.
DECIDED = tuple(status for status in Status.values if status != Status.SUBMITTED and status not in UNREVIEWED)


def review_status(
    *, submitted: bool, application_status: str, review_due_at: datetime | None, now: datetime | None = None
) -> str:
    """ "submitted", "closed", "overdue" or "to_do" for one reviewer's review of one application."""
    if submitted:
        return SUBMITTED
    if application_status != Status.SUBMITTED:
        return CLOSED
    if review_due_at is not None and (now or timezone.now()) > review_due_at:
        return OVERDUE
    return TO_DO


def review_status_of(application: Application, submitted_at: datetime | None, now: datetime | None = None) -> str:
    """The status of a review of `application` (its cohort loaded) submitted at `submitted_at`, or not yet."""
    return review_status(
        submitted=submitted_at is not None,
        application_status=application.status,
        review_due_at=application.cohort.review_due_at,
        now=now,
    )


@dataclass
class ReviewerLoad:
    reviewer_id: int
    name: str
    assigned: int = 0
    submitted: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        """Assigned and not submitted yet, overdue or not."""
        return self.assigned - self.submitted


def reviewer_load(cohort: Cohort, *, pool: Iterable[User] = (), now: datetime | None = None) -> list[ReviewerLoad]:
    """Per reviewer with an assignment in `cohort` (and each reviewer of `pool`, even without one):
    applications assigned, reviews submitted and reviews overdue. Busiest first, then by name.

    Counted in the database, one row per reviewer, with the same rule as `review_status`:
    submitted when the reviewer's review is in; overdue when it is not, the application is
    still in review and the cohort's review due date has passed. Each assignment knows
    whether its review is in (`ReviewAssignment.review_submitted`), so the count is one pass
    over the cohort's assignments whatever their number.
    """
    now = now or timezone.now()
    past_due = cohort.review_due_at is not None and now > cohort.review_due_at
    done = Q(review_submitted=True)
    # Applications are read only for the few statuses that matter here, through the cohort's
    # (cohort, status) index; an application outside both lists is still in review.
    applications = Application.objects.filter(cohort=cohort)
    unreviewed = applications.filter(status__in=UNREVIEWED).values("pk")
    decided = applications.filter(status__in=DECIDED).values("pk")
    rows = (
        ReviewAssignment.objects.filter(cohort=cohort)
        .exclude(application__in=unreviewed)
        .values("reviewer_id")
        .annotate(
            assigned=Count("pk"),
            submitted=Count("pk", filter=done),
            overdue=Count("pk", filter=~done & ~Q(application__in=decided)) if past_due else Value(0),
        )
        .order_by()
    )
    # Counted per reviewer id, then named: grouping the assignments by names as well would
    # hash two strings per assignment.
    counts = {row["reviewer_id"]: row for row in rows}
    load = {user.pk: ReviewerLoad(reviewer_id=user.pk, name=str(user)) for user in pool}
    for reviewer in User.objects.filter(pk__in=counts).only("pk", "display_name", "email"):
        row = counts[reviewer.pk]
        load[reviewer.pk] = ReviewerLoad(
            reviewer_id=reviewer.pk,
            name=str(reviewer),
            assigned=row["assigned"],
            submitted=row["submitted"],
            overdue=row["overdue"],
        )
    return sorted(load.values(), key=lambda counts: (-counts.assigned, counts.name.casefold(), counts.reviewer_id))
