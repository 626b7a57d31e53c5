"""Mentor matching for a running cohort: suggestions, rankings and interest, the stable
proposal within capacity, adjustments by hand, and publishing.

Capacity holds under concurrent staff actions: every write that adds assignments locks the
mentor rows it counts (in primary-key order, so two writers never wait on each other in a
cycle) and counts again under the lock.
"""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership
from accelerator.outbox.services import enqueue
from accelerator.permissions import is_program_staff, require_program_staff

from ... import mentor_fit, selectors
from ...models import (
    Cohort,
    MentorAssignment,
    MentorInterest,
    MentorMatching,
    MentorProfile,
    MentorSuggestion,
    Side,
    StartupRanking,
)

SHORTLIST_PER_SIDE = 4
RANKING_BONUS = 10.0  # a ranked mentor comes before every unranked one, in rank order
INTEREST_BONUS = 10.0


def _require_staff(user: User) -> None:
    require_program_staff(user, _("Only program staff can run mentor matching."))


def _require_running(cohort: Cohort) -> None:
    if cohort.status != Cohort.Status.RUNNING:
        raise ValidationError(_("Mentors are matched once the cohort is running."), code="not_running")


def matching_of(cohort: Cohort) -> MentorMatching:
    return MentorMatching.objects.get_or_create(cohort=cohort)[0]


def _locked_matching(cohort: Cohort) -> MentorMatching:
    matching_of(cohort)
    return MentorMatching.objects.select_for_update().get(cohort=cohort)


def _weights(matching: MentorMatching) -> mentor_fit.Weights:
    return mentor_fit.Weights(
        float(matching.weight_expertise), float(matching.weight_language), float(matching.weight_overlap)
    )


@transaction.atomic
def set_matching_weights(*, cohort: Cohort, by: User, expertise, language, overlap) -> MentorMatching:
    _require_staff(by)
    matching = _locked_matching(cohort)
    errors = {}
    values = {}
    for field, value in (("weight_expertise", expertise), ("weight_language", language), ("weight_overlap", overlap)):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[field] = [_("Enter a number from 0 to 10.")]
            continue
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(10):
            errors[field] = [_("Enter a number from 0 to 10.")]
        values[field] = number.quantize(Decimal("0.01")) if number.is_finite() else number
    if not errors and not any(values.values()):
        errors["weight_expertise"] = [_("At least one weight must be above zero.")]
    if errors:
        raise ValidationError(errors)
    for field, number in values.items():
        setattr(matching, field, number)
    matching.save()
    return matching


def _reason_json(reasons) -> list[dict]:
    return [{"kind": reason.kind, "codes": list(reason.codes), "value": reason.value} for reason in reasons]


@transaction.atomic
def compute_suggestions(*, cohort: Cohort, by: User) -> int:
    """Each startup's shortlist: its best mentors on each side, with reasons. Returns the count."""
    _require_staff(by)
    _require_running(cohort)
    matching = _locked_matching(cohort)
    data = selectors.matching_input(cohort)
    pool = data.pool
    MentorSuggestion.objects.filter(cohort=cohort).delete()
    if not data.startups or not data.mentors:
        matching.suggested_at = timezone.now()
        matching.save(update_fields=["suggested_at"])
        return 0
    result = mentor_fit.fit(pool, _weights(matching))
    scores = np.where(data.blocked, -np.inf, result.total)
    chosen_rows, chosen_columns = [], []
    for side in (Side.US, Side.JAPAN, Side.OTHER):
        columns = np.flatnonzero(pool.sides == side)
        if not len(columns):
            continue
        count = min(SHORTLIST_PER_SIDE, len(columns))
        best = np.argsort(-scores[:, columns], axis=1, kind="stable")[:, :count]
        for row in range(len(data.startups)):
            for column in columns[best[row]]:
                if np.isfinite(scores[row, column]):
                    chosen_rows.append(row)
                    chosen_columns.append(int(column))
    rows = np.array(chosen_rows, dtype=np.int64)
    columns = np.array(chosen_columns, dtype=np.int64)
    explained = mentor_fit.engine.explain(pool.profiles, result.features, rows, pool.startup_count + columns)
    by_startup: dict[int, list] = {}
    for row, column, explanation in zip(rows.tolist(), columns.tolist(), explained, strict=True):
        reasons = explanation.reasons
        extra = []
        if result.language[row, column] >= 1:
            extra.append({"kind": "language", "codes": [], "value": 1.0})
        extra.append({"kind": "overlap", "codes": [], "value": round(float(result.overlap_hours[row, column]), 1)})
        useful = [r for r in reasons if r.kind in ("needs_offer", "segments", "technology_areas", "text_needs_offer")]
        by_startup.setdefault(row, []).append((float(scores[row, column]), column, _reason_json(useful) + extra))
    suggestions = []
    for row, entries in by_startup.items():
        entries.sort(key=lambda entry: (-entry[0], entry[1]))
        for position, (score, column, reasons) in enumerate(entries, start=1):
            suggestions.append(
                MentorSuggestion(
                    cohort=cohort,
                    company=data.startups[row],
                    mentor=data.mentors[column],
                    score=round(score, 4),
                    reasons=reasons,
                    position=position,
                )
            )
    MentorSuggestion.objects.bulk_create(suggestions, batch_size=1000)
    matching.suggested_at = timezone.now()
    matching.save(update_fields=["suggested_at"])
    return len(suggestions)


def _require_startup_member(user: User, company: Company) -> None:
    if not (user.is_authenticated and Membership.objects.filter(user=user, company=company).exists()):
        raise PermissionDenied(_("Only members of the startup can rank its mentors."))


@transaction.atomic
def rank_mentors(*, cohort: Cohort, company: Company, by: User, mentor_ids: Sequence[int]) -> list[StartupRanking]:
    """Replaces the startup's ranking: `mentor_ids` in order of preference, at most five, from its shortlist."""
    _require_startup_member(by, company)
    _require_running(cohort)
    if not selectors.cohort_startups(cohort).filter(pk=company.pk).exists():
        raise PermissionDenied(_("This startup is not in the cohort."))
    mentor_ids = [int(pk) for pk in mentor_ids]
    if len(mentor_ids) > StartupRanking.MAX_RANKS:
        raise ValidationError({"mentors": [_("Rank at most five mentors.")]})
    if len(set(mentor_ids)) != len(mentor_ids):
        raise ValidationError({"mentors": [_("Rank each mentor once.")]})
    listed = set(MentorSuggestion.objects.filter(cohort=cohort, company=company).values_list("mentor_id", flat=True))
    if not set(mentor_ids) <= listed:
        raise ValidationError({"mentors": [_("Rank mentors from your shortlist only.")]})
    StartupRanking.objects.filter(cohort=cohort, company=company).delete()
    return StartupRanking.objects.bulk_create(
        [
            StartupRanking(cohort=cohort, company=company, mentor_id=mentor_id, rank=rank)
            for rank, mentor_id in enumerate(mentor_ids, start=1)
        ]
    )


@transaction.atomic
def set_interest(*, cohort: Cohort, company: Company, by: User, interested: bool) -> bool:
    """A mentor marks (or unmarks) interest in a startup that has them on its shortlist."""
    profile = MentorProfile.objects.filter(user_id=by.pk).first() if by.is_authenticated else None
    if profile is None:
        raise PermissionDenied(_("Only mentors can mark interest in a startup."))
    if not MentorSuggestion.objects.filter(cohort=cohort, company=company, mentor=profile).exists():
        raise PermissionDenied(_("This startup does not have you on its shortlist."))
    if interested:
        MentorInterest.objects.get_or_create(cohort=cohort, company=company, mentor=profile)
    else:
        MentorInterest.objects.filter(cohort=cohort, company=company, mentor=profile).delete()
    return interested


def _lock_mentors(mentor_ids) -> dict[int, MentorProfile]:
    return {m.pk: m for m in MentorProfile.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk")}


def _loads(cohort: Cohort, mentor_ids) -> dict[int, int]:
    return dict(
        MentorAssignment.objects.filter(cohort=cohort, mentor_id__in=mentor_ids)
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )


@transaction.atomic
def propose_assignments(*, cohort: Cohort, by: User) -> mentor_fit.Proposal:
    """Replaces the proposed (unpublished) assignments with a fresh stable matching.

    Published assignments and those staff added by hand stay, and use up their mentors'
    capacity and their startups' sides.
    """
    _require_staff(by)
    _require_running(cohort)
    matching = _locked_matching(cohort)
    mentor_ids = list(selectors.active_mentors().values_list("pk", flat=True))
    mentors = _lock_mentors(mentor_ids)
    MentorAssignment.objects.filter(cohort=cohort, status=MentorAssignment.Status.PROPOSED, by_hand=False).delete()
    loads = _loads(cohort, mentor_ids)
    left = {pk: max(mentor.capacity - loads.get(pk, 0), 0) for pk, mentor in mentors.items()}
    data = selectors.matching_input(cohort, capacity_left=left)
    pool = data.pool
    result = mentor_fit.fit(pool, _weights(matching))
    startup_row = {company.pk: row for row, company in enumerate(data.startups)}
    mentor_column = {mentor.pk: column for column, mentor in enumerate(data.mentors)}
    startup_bonus = np.zeros_like(result.total)
    for company_id, mentor_id, rank in StartupRanking.objects.filter(cohort=cohort).values_list(
        "company_id", "mentor_id", "rank"
    ):
        if company_id in startup_row and mentor_id in mentor_column:
            startup_bonus[startup_row[company_id], mentor_column[mentor_id]] = RANKING_BONUS * (6 - rank)
    mentor_bonus = np.zeros_like(result.total.T)
    for company_id, mentor_id in MentorInterest.objects.filter(cohort=cohort).values_list("company_id", "mentor_id"):
        if company_id in startup_row and mentor_id in mentor_column:
            mentor_bonus[mentor_column[mentor_id], startup_row[company_id]] = INTEREST_BONUS
    open_sides = np.ones((len(data.startups), 2), dtype=bool)
    for company_id, side in MentorAssignment.objects.filter(cohort=cohort).values_list("company_id", "side"):
        if company_id in startup_row and side in (Side.US, Side.JAPAN):
            open_sides[startup_row[company_id], 0 if side == Side.US else 1] = False
    taken = set(MentorAssignment.objects.filter(cohort=cohort).values_list("company_id", "mentor_id"))
    blocked = data.blocked.copy()
    for company_id, mentor_id in taken:
        if company_id in startup_row and mentor_id in mentor_column:
            blocked[startup_row[company_id], mentor_column[mentor_id]] = True
    proposal = mentor_fit.propose(
        pool,
        result.total,
        startup_bonus=startup_bonus,
        mentor_bonus=mentor_bonus,
        blocked=blocked,
        open_sides=open_sides,
    )
    created = []
    for side, match in ((Side.US, proposal.us), (Side.JAPAN, proposal.japan)):
        for row in np.flatnonzero(match >= 0).tolist():
            created.append(
                MentorAssignment(
                    cohort=cohort,
                    company=data.startups[row],
                    mentor=data.mentors[int(match[row])],
                    side=side,
                    created_by=by,
                )
            )
    MentorAssignment.objects.bulk_create(created)
    matching.proposed_at = timezone.now()
    matching.save(update_fields=["proposed_at"])
    return proposal


@transaction.atomic
def assign_mentor(*, cohort: Cohort, company: Company, mentor: MentorProfile, by: User) -> MentorAssignment:
    """Staff add a mentor to a startup by hand: never a conflicted mentor, never beyond capacity."""
    _require_staff(by)
    _require_running(cohort)
    locked = _lock_mentors([mentor.pk]).get(mentor.pk)
    if locked is None or not selectors.active_mentors().filter(pk=locked.pk).exists():
        raise ValidationError({"mentor": [_("Choose an active mentor.")]})
    mentor = locked
    if not selectors.cohort_startups(cohort).filter(pk=company.pk).exists():
        raise ValidationError({"company": [_("This startup is not in the cohort.")]})
    if selectors.is_conflicted(mentor, company.pk):
        raise ValidationError(
            {
                "mentor": [
                    _("%(mentor)s declared a conflict of interest with %(company)s and cannot mentor it.")
                    % {"mentor": mentor, "company": company.display_name}
                ]
            },
            code="conflict",
        )
    if mentor.is_paused:
        raise ValidationError({"mentor": [_("%(mentor)s has paused mentoring.") % {"mentor": mentor}]})
    load = selectors.mentor_load(mentor, cohort)
    if load >= mentor.capacity:
        raise ValidationError(
            {
                "mentor": [
                    _("%(mentor)s is at capacity (%(load)d of %(capacity)d startups).")
                    % {"mentor": mentor, "load": load, "capacity": mentor.capacity}
                ]
            },
            code="capacity",
        )
    existing = MentorAssignment.objects.filter(cohort=cohort, company=company)
    if existing.filter(mentor=mentor).exists():
        raise ValidationError({"mentor": [_("This mentor is already assigned to the startup.")]})
    side = mentor.side
    if side in (Side.US, Side.JAPAN) and existing.filter(side=side).exists():
        raise ValidationError(
            {"mentor": [_("This startup already has a mentor from that side; remove them first.")]}, code="side_taken"
        )
    return MentorAssignment.objects.create(
        cohort=cohort, company=company, mentor=mentor, side=side, by_hand=True, created_by=by
    )


@transaction.atomic
def remove_assignment(*, assignment: MentorAssignment, by: User) -> None:
    _require_staff(by)
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.sessions.exists():
        raise ValidationError(_("This pair has sessions on record; it cannot be removed."), code="has_sessions")
    assignment.delete()


@transaction.atomic
def publish_assignments(*, cohort: Cohort, by: User) -> int:
    """Publishes every proposed assignment of `cohort` and tells each mentor and startup once."""
    _require_staff(by)
    _require_running(cohort)
    matching = _locked_matching(cohort)
    proposed = MentorAssignment.objects.select_for_update().filter(
        cohort=cohort, status=MentorAssignment.Status.PROPOSED
    )
    ids = list(proposed.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("There is nothing to publish: propose or add assignments first."), code="nothing")
    now = timezone.now()
    MentorAssignment.objects.filter(pk__in=ids).update(status=MentorAssignment.Status.PUBLISHED, published_at=now)
    matching.published_at = now
    matching.save(update_fields=["published_at"])
    enqueue("cohorts.tasks.send_mentor_assignments", assignment_ids=ids)
    return len(ids)


def can_see_matching(user: User) -> bool:
    return is_program_staff(user)
