"""Reviewer assignment, conflicts of interest and scoring against a cohort's rubric."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator.accounts.models import Role, User
from accelerator.companies.models import Company, Membership
from accelerator.permissions import require_program_staff

from .. import permissions
from ..models import Application, Cohort, Conflict, Criterion, Review, ReviewAssignment

SCORES = range(1, 6)
# The code of the error save_review keys by a score's criterion code when the rubric lacks it.
UNKNOWN_CRITERION = "unknown_criterion"
CENT = Decimal("0.01")


def _require_staff(user: User) -> None:
    require_program_staff(user, _("Only program staff can assign reviewers."))


def reviewers() -> QuerySet[User]:
    """Active users holding the reviewer role, in a stable order."""
    return User.objects.filter(groups__name=Role.REVIEWER, is_active=True).distinct().order_by("pk")


def conflicted_pairs(reviewer_ids: Iterable[int], company_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(reviewer id, company id) pairs that must never meet: membership or a declared conflict."""
    reviewer_ids, company_ids = list(reviewer_ids), list(company_ids)
    members = Membership.objects.filter(user_id__in=reviewer_ids, company_id__in=company_ids)
    declared = Conflict.objects.filter(reviewer_id__in=reviewer_ids, company_id__in=company_ids)
    return set(members.values_list("user_id", "company_id")) | set(declared.values_list("reviewer_id", "company_id"))


def _reviewable(application: Application) -> None:
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("This application is not in review."))


def _lock_assignments(cohort_id: int) -> None:
    # Assignments to one cohort are made one at a time: two runs at once would both see the
    # same loads, and a hand assignment racing a run would hit the one-per-reviewer rule.
    Cohort.objects.select_for_update().filter(pk=cohort_id).first()


@transaction.atomic
def assign_reviewer(*, application: Application, reviewer: User, by: User) -> ReviewAssignment:
    """Assign `reviewer` to `application` by hand; a conflicted reviewer is refused."""
    _require_staff(by)
    _lock_assignments(application.cohort_id)
    _reviewable(application)
    if not reviewer.is_active or not reviewer.has_role(Role.REVIEWER):
        raise ValidationError(_("%(name)s does not hold the reviewer role.") % {"name": reviewer})
    if permissions.conflicted(reviewer, application.company_id):
        raise ValidationError(
            _("%(name)s has a conflict of interest with this applicant and cannot review it.") % {"name": reviewer}
        )
    assignment, created = ReviewAssignment.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_by": by}
    )
    if not created:
        raise ValidationError(_("%(name)s is already assigned to this application.") % {"name": reviewer})
    return assignment


@dataclass
class BulkAssignment:
    """What one bulk assignment did: the pairs made, and those left out and why."""

    made: list[ReviewAssignment] = field(default_factory=list)
    conflicted: list[tuple[Application, User]] = field(default_factory=list)
    already: int = 0


@transaction.atomic
def assign_reviewers(
    *, cohort: Cohort, application_ids: list[int], reviewer_ids: list[int], by: User
) -> BulkAssignment:
    """Assigns every reviewer of `reviewer_ids` to every application of `application_ids`.

    A selection that names an application outside the cohort or not in review, or someone
    who is not a reviewer, is refused whole. A pair with a conflict of interest is never
    made, and a pair already assigned is left as it is; both are reported.
    """
    _require_staff(by)
    application_ids = list(dict.fromkeys(application_ids))
    reviewer_ids = list(dict.fromkeys(reviewer_ids))
    if not application_ids:
        raise ValidationError(_("Select at least one application."), code="empty_selection")
    if not reviewer_ids:
        raise ValidationError(_("Choose at least one reviewer."), code="no_reviewer")
    _lock_assignments(cohort.pk)
    by_id = {
        application.pk: application
        for application in cohort.applications.filter(pk__in=application_ids).select_related("company")
    }
    unknown = len(application_ids) - len(by_id)
    if unknown:
        raise ValidationError(
            ngettext(
                "%(count)d of the selected applications is not in this cohort. Nobody was assigned.",
                "%(count)d of the selected applications are not in this cohort. Nobody was assigned.",
                unknown,
            )
            % {"count": unknown},
            code="unknown_application",
        )
    applications = [by_id[pk] for pk in application_ids]
    not_in_review = [application for application in applications if application.status != Application.Status.SUBMITTED]
    if not_in_review:
        raise ValidationError(
            _("Not in review, so nobody was assigned (%(companies)s).")
            % {"companies": ", ".join(application.company.display_name for application in not_in_review)},
            code="not_in_review",
        )
    pool = {user.pk: user for user in reviewers().filter(pk__in=reviewer_ids)}
    if len(pool) != len(reviewer_ids):
        raise ValidationError(
            _("Only people who hold the reviewer role can be assigned. Nobody was assigned."), code="not_a_reviewer"
        )
    conflicts = conflicted_pairs(pool, {application.company_id for application in applications})
    taken = set(
        ReviewAssignment.objects.filter(application_id__in=by_id, reviewer_id__in=pool).values_list(
            "application_id", "reviewer_id"
        )
    )
    result = BulkAssignment()
    for application in applications:
        for reviewer_id in reviewer_ids:
            if (reviewer_id, application.company_id) in conflicts:
                result.conflicted.append((application, pool[reviewer_id]))
            elif (application.pk, reviewer_id) in taken:
                result.already += 1
            else:
                result.made.append(
                    ReviewAssignment(
                        application=application,
                        cohort_id=application.cohort_id,
                        reviewer_id=reviewer_id,
                        assigned_by=by,
                    )
                )
    ReviewAssignment.objects.bulk_create(result.made)
    return result


@transaction.atomic
def unassign_reviewer(*, application: Application, reviewer: User, by: User) -> None:
    """Take an assignment back, with the reviewer's draft; a submitted review stays."""
    _require_staff(by)
    # The lock save_review takes: a review being submitted right now is seen as submitted.
    Application.objects.select_for_update().filter(pk=application.pk).first()
    assignment = ReviewAssignment.objects.filter(application=application, reviewer=reviewer).first()
    if assignment is None:
        raise ValidationError(_("%(name)s is not assigned to this application.") % {"name": reviewer})
    if Review.objects.filter(application=application, reviewer=reviewer, submitted_at__isnull=False).exists():
        raise ValidationError(
            _("%(name)s has already submitted a review of this application, so it stays assigned.") % {"name": reviewer}
        )
    Review.objects.filter(application=application, reviewer=reviewer).delete()
    assignment.delete()


@transaction.atomic
def auto_assign(*, cohort: Cohort, by: User) -> int:
    """Give every submitted application of `cohort` its reviewers_per_application reviewers.

    Reviewers with the fewest assignments in this cohort go first (ties by id), conflicted
    reviewers are skipped, and existing assignments count, so running it again adds nothing.
    Returns the number of assignments made.
    """
    _require_staff(by)
    _lock_assignments(cohort.pk)
    applications = list(
        cohort.applications.filter(status=Application.Status.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list("pk", "company_id")
    )
    pool = list(reviewers().values_list("pk", flat=True))
    if not applications or not pool:
        return 0
    conflicts = conflicted_pairs(pool, {company_id for _pk, company_id in applications})
    assigned: dict[int, set[int]] = {}
    load: Counter[int] = Counter(dict.fromkeys(pool, 0))
    for application_id, reviewer_id in ReviewAssignment.objects.filter(application__cohort=cohort).values_list(
        "application_id", "reviewer_id"
    ):
        assigned.setdefault(application_id, set()).add(reviewer_id)
        load[reviewer_id] += 1
    new = []
    for application_id, company_id in applications:
        current = assigned.get(application_id, set())
        valid = {reviewer_id for reviewer_id in current if (reviewer_id, company_id) not in conflicts}
        needed = cohort.reviewers_per_application - len(valid)
        if needed <= 0:
            continue
        candidates = sorted(
            (
                reviewer_id
                for reviewer_id in pool
                if reviewer_id not in current and (reviewer_id, company_id) not in conflicts
            ),
            key=lambda reviewer_id: (load[reviewer_id], reviewer_id),
        )
        for reviewer_id in candidates[:needed]:
            load[reviewer_id] += 1
            new.append(
                ReviewAssignment(application_id=application_id, cohort=cohort, reviewer_id=reviewer_id, assigned_by=by)
            )
    ReviewAssignment.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def declare_conflict(*, reviewer: User, company: Company, reason: str = "") -> Conflict:
    """Record a conflict of interest and withdraw the reviewer's unsubmitted assignments with the company."""
    reason = reason.strip()
    limit = Conflict.reason.field.max_length or 0
    if len(reason) > limit:
        raise ValidationError(_("Keep the reason under %(limit)d characters.") % {"limit": limit})
    conflict, _created = Conflict.objects.get_or_create(reviewer=reviewer, company=company, defaults={"reason": reason})
    submitted = Review.objects.filter(
        reviewer=reviewer, application__company=company, submitted_at__isnull=False
    ).values("application_id")
    Review.objects.filter(reviewer=reviewer, application__company=company, submitted_at__isnull=True).delete()
    ReviewAssignment.objects.filter(reviewer=reviewer, application__company=company).exclude(
        application_id__in=submitted
    ).delete()
    return conflict


def _clean_scores(criteria: list[Criterion], scores: Mapping[str, object], *, complete: bool) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    errors = []
    missing = []
    for criterion in criteria:
        raw = scores.get(criterion.code)
        if raw is None or str(raw).strip() == "":
            missing.append(criterion.label)
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = 0
        if value not in SCORES:
            errors.append(
                _("The score for “%(criterion)s” must be a whole number from 1 to 5.") % {"criterion": criterion.label}
            )
            continue
        cleaned[criterion.code] = value
    if complete and missing:
        errors.append(
            _("Score every criterion before you submit. Missing: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def weighted_score(criteria: list[Criterion], scores: Mapping[str, int]) -> Decimal | None:
    """Σ weight·score / Σ weight over the criteria, or None until every criterion is scored."""
    if not criteria or any(criterion.code not in scores for criterion in criteria):
        return None
    total_weight = sum((criterion.weight for criterion in criteria), Decimal(0))
    if total_weight == 0:
        # Every weight set to zero means no criterion counts more than another.
        return (Decimal(sum(scores[c.code] for c in criteria)) / len(criteria)).quantize(CENT, ROUND_HALF_UP)
    weighted = sum((criterion.weight * scores[criterion.code] for criterion in criteria), Decimal(0))
    return (weighted / total_weight).quantize(CENT, ROUND_HALF_UP)


def _update_aggregates(application: Application) -> None:
    scores = [
        score
        for score in application.reviews.filter(submitted_at__isnull=False).values_list("weighted_score", flat=True)
        if score is not None
    ]
    application.review_count = len(scores)
    if scores:
        application.score_mean = (sum(scores, Decimal(0)) / len(scores)).quantize(CENT, ROUND_HALF_UP)
        application.score_spread = max(scores) - min(scores)
    else:
        application.score_mean = application.score_spread = None
    application.save(update_fields=["review_count", "score_mean", "score_spread", "updated_at"])


@transaction.atomic
def save_review(
    *,
    application: Application,
    reviewer: User,
    scores: Mapping[str, object],
    comment: str,
    recommendation: str,
    submit: bool,
) -> Review:
    """Save a draft review (partial scores allowed) or submit it (every score, final).

    A score for a criterion the cohort's rubric lacks is an error keyed by its code (coded
    UNKNOWN_CRITERION); a comment PostgreSQL cannot store, one keyed "comment".
    """
    # Locked so that two reviewers submitting at once both count in the aggregates.
    application = Application.objects.select_for_update().select_related("cohort").get(pk=application.pk)
    if not permissions.is_assigned_reviewer(reviewer, application):
        raise PermissionDenied
    _reviewable(application)
    review = Review.objects.filter(application=application, reviewer=reviewer).first()
    if review is not None and review.is_submitted:
        raise ValidationError(_("You have already submitted this review; submitted reviews are final."))
    criteria = list(application.cohort.criteria.all())
    if submit and not criteria:
        raise ValidationError(_("This cohort has no review criteria yet, so reviews cannot be submitted."))
    # Errors keyed by the comment or by a criterion code, as save_draft keys its answers.
    if "\x00" in comment:
        raise ValidationError({"comment": _("Remove the null characters (U+0000) from this text.")})
    codes = {criterion.code for criterion in criteria}
    unknown = [str(code) for code in scores if str(code) not in codes]
    if unknown:
        raise ValidationError(
            {
                code: ValidationError(
                    _("This cohort's rubric has no criterion with this code."), code=UNKNOWN_CRITERION
                )
                for code in unknown
            }
        )
    cleaned = _clean_scores(criteria, scores, complete=submit)
    if recommendation and recommendation not in Review.Recommendation.values:
        raise ValidationError(_("Choose a recommendation from the list."))
    if submit and not recommendation:
        raise ValidationError(_("Choose an overall recommendation before you submit."))
    review = review or Review(application=application, reviewer=reviewer)
    review.scores = cleaned
    review.comment = comment.strip()
    review.recommendation = recommendation
    review.weighted_score = weighted_score(criteria, cleaned)
    if submit:
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        _update_aggregates(application)
    return review


@transaction.atomic
def flag_disagreement(*, application: Application, by: User, flagged: bool) -> Application:
    """Mark (or unmark) an application whose reviewers disagree, for discussion before decisions."""
    _require_staff(by)
    application.disagreement_flagged = flagged
    application.save(update_fields=["disagreement_flagged", "updated_at"])
    return application
