"""Where each review stands, and each reviewer's load: one meaning of "overdue" for every page.

An assignment is overdue when its review is not submitted, the application is still in
review (submitted, not yet decided) and the cohort's review due date has passed. Once the
application is decided or withdrawn, an unsubmitted review is closed, not overdue.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router
from django.db.models import Count, Q, Value
from django.utils import timezone

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership, _in_japanese
from accelerator.statements import converted, loaded

from ..models import Application, Cohort, Conflict, Review, ReviewAssignment
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


class QueuedCompany:
    """The company of a `QueuedApplication`: its names."""

    __slots__ = ("legal_name", "name_ja")

    def __init__(self, legal_name: str, name_ja: str):
        self.legal_name = legal_name
        self.name_ja = name_ja

    @property
    def display_name(self) -> str:
        return self.name_ja if _in_japanese() and self.name_ja else self.legal_name


class QueuedApplication:
    """An application in a reviewer's queue, as the queue shows it: its status, company and
    cohort (with its names, review due date and blind review), `review_submitted_at` (None
    until the reviewer's review is submitted) and `draft_saved`. `values` are the row it was
    read from: equal values show the same application."""

    __slots__ = (
        "cohort",
        "cohort_id",
        "company",
        "company_id",
        "draft_saved",
        "pk",
        "review_submitted_at",
        "status",
        "values",
    )

    def __init__(self, pk: int, status: str, company: QueuedCompany, company_id: int, cohort: Cohort, **review):
        self.pk = pk
        self.status = status
        self.company = company
        self.company_id = company_id
        self.cohort = cohort
        self.cohort_id = cohort.pk
        self.review_submitted_at: datetime | None = review["review_submitted_at"]
        self.draft_saved: bool = review["draft_saved"]
        self.values: tuple = ()


def review_queue(reviewer: User) -> list[QueuedApplication]:
    """The applications assigned to `reviewer` that they may open (those of `permissions.assigned_to`),
    by their cohort's review due date (cohorts without one last), cohort and assignment.

    Read in one hand-written statement: the queue is opened often, and compiling the ORM's
    query with its four subqueries cost more than the rest of the page. Each cohort is one
    model instance (loaded with the columns the queue shows), shared by its applications.
    """
    connection = connections[router.db_for_read(ReviewAssignment)]
    quote = connection.ops.quote_name
    statement = _QUEUE_SQL.format(
        **{
            name: quote(model._meta.db_table)
            for name, model in (
                ("assignment", ReviewAssignment),
                ("application", Application),
                ("cohort", Cohort),
                ("company", Company),
                ("review", Review),
                ("membership", Membership),
                ("conflict", Conflict),
            )
        }
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [reviewer.pk, reviewer.pk, Status.DRAFT, reviewer.pk, reviewer.pk])
        rows = cursor.fetchall()
    db = connection.alias
    cohorts: dict[int, Cohort] = {}
    queue = []
    for row in rows:
        pk, status, company_id, cohort_id, legal_name, name_ja, cohort_en, cohort_ja, due, blind, submitted, draft = row
        cohort = cohorts.get(cohort_id)
        if cohort is None:
            cohort = cohorts[cohort_id] = loaded(
                Cohort,
                db,
                id=cohort_id,
                name_en=cohort_en,
                name_ja=cohort_ja,
                review_due_at=due,
                blind_review=blind,
            )
        application = QueuedApplication(
            pk,
            status,
            QueuedCompany(legal_name, name_ja),
            company_id,
            cohort,
            review_submitted_at=converted(db, Review, "submitted_at", submitted),
            draft_saved=bool(draft),
        )
        application.values = tuple(row)
        queue.append(application)
    return queue


# The rule of permissions.assigned_to: assigned, not a draft, and no conflict of interest (a
# membership of the company or a declared conflict). A reviewer has at most one review of an
# application.
_QUEUE_SQL = """
SELECT application.id, application.status, application.company_id, application.cohort_id,
       company.legal_name, company.name_ja, cohort.name_en, cohort.name_ja, cohort.review_due_at,
       cohort.blind_review, own.submitted_at, own.id IS NOT NULL AND own.submitted_at IS NULL
FROM {assignment} assignment
JOIN {application} application ON application.id = assignment.application_id
JOIN {cohort} cohort ON cohort.id = application.cohort_id
JOIN {company} company ON company.id = application.company_id
LEFT JOIN {review} own ON own.application_id = application.id AND own.reviewer_id = %s
WHERE assignment.reviewer_id = %s AND application.status <> %s
  AND NOT EXISTS (SELECT 1 FROM {membership} m WHERE m.user_id = %s AND m.company_id = application.company_id)
  AND NOT EXISTS (SELECT 1 FROM {conflict} c WHERE c.reviewer_id = %s AND c.company_id = application.company_id)
ORDER BY CASE WHEN cohort.review_due_at IS NULL THEN 1 ELSE 0 END, cohort.review_due_at, application.cohort_id,
         assignment.id
"""


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
