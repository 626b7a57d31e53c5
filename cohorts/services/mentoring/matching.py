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
from accelerator.copy_rows import copy_rows
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
    if not len(data.startup_ids) or not len(data.mentor_ids):
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
        best = columns[np.argsort(-scores[:, columns], axis=1, kind="stable")[:, :count]]
        rows = np.repeat(np.arange(len(data.startup_ids)), count)
        best = best.ravel()
        allowed = np.isfinite(scores[rows, best])
        chosen_rows.append(rows[allowed])
        chosen_columns.append(best[allowed])
    rows = np.concatenate(chosen_rows)
    columns = np.concatenate(chosen_columns)
    # Each startup's shortlist in order of score, ties by mentor column.
    order = np.lexsort((columns, -scores[rows, columns], rows))
    rows, columns = rows[order], columns[order]
    positions = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left") + 1
    explained = mentor_fit.engine.explain(pool.profiles, result.features, rows, pool.startup_count + columns)
    speaks = (result.language[rows, columns] >= 1).tolist()
    texts = np.round(result.text[rows, columns].astype(np.float64), 3).tolist()
    hours = np.round(result.overlap_hours[rows, columns].astype(np.float64), 1).tolist()
    useful_kinds = ("needs_offer", "segments", "technology_areas")
    reason_rows = []
    for explanation, shared_language, overlap, text in zip(explained, speaks, hours, texts, strict=True):
        reasons = _reason_json(r for r in explanation.reasons if r.kind in useful_kinds)
        # The texts are named only when the tags and concepts do not already say what matched.
        if text >= mentor_fit.engine.TEXT_REASON_THRESHOLD and not any(r["kind"] == "needs_offer" for r in reasons):
            reasons.insert(0, {"kind": "text_needs_offer", "codes": [], "value": text})
        if shared_language:
            reasons.append({"kind": "language", "codes": [], "value": 1.0})
        reasons.append({"kind": "overlap", "codes": [], "value": overlap})
        reason_rows.append(reasons)
    count = copy_rows(
        MentorSuggestion,
        ["cohort_id", "company_id", "mentor_id", "score", "reasons", "position"],
        zip(
            [cohort.pk] * len(rows),
            data.startup_ids[rows].tolist(),
            data.mentor_ids[columns].tolist(),
            np.round(scores[rows, columns], 4).tolist(),
            reason_rows,
            positions.tolist(),
            strict=True,
        ),
    )
    matching.suggested_at = timezone.now()
    matching.save(update_fields=["suggested_at"])
    return count


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
    """A mentor marks (or unmarks) interest in a startup that has them on its shortlist and is
    not already theirs."""
    profile = MentorProfile.objects.filter(user_id=by.pk).first() if by.is_authenticated else None
    if profile is None:
        raise PermissionDenied(_("Only mentors can mark interest in a startup."))
    if not MentorSuggestion.objects.filter(cohort=cohort, company=company, mentor=profile).exists():
        raise PermissionDenied(_("This startup does not have you on its shortlist."))
    published = MentorAssignment.objects.filter(
        cohort=cohort, company=company, mentor=profile, status=MentorAssignment.Status.PUBLISHED
    )
    if interested and published.exists():
        raise ValidationError(
            _("%(company)s is already assigned to you; there is no interest left to mark.")
            % {"company": company.display_name},
            code="assigned",
        )
    if interested:
        MentorInterest.objects.get_or_create(cohort=cohort, company=company, mentor=profile)
    else:
        MentorInterest.objects.filter(cohort=cohort, company=company, mentor=profile).delete()
    return interested


def _lock_mentors(mentor_ids) -> dict[int, MentorProfile]:
    locked = MentorProfile.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk")
    return {m.pk: m for m in locked.only("pk", "capacity", "is_paused", "country")}


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

    def cells(pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(startup row, mentor column, value) of the (company id, mentor id[, value]) rows inside the pool."""
        table = np.array(list(pairs), dtype=np.int64).reshape(-1, 3)
        rows, in_rows = data.rows_of(table[:, 0])
        columns, in_columns = data.columns_of(table[:, 1])
        inside = in_rows & in_columns
        return rows[inside], columns[inside], table[inside, 2]

    startup_bonus = np.zeros_like(result.total)
    rows, columns, ranks = cells(
        StartupRanking.objects.filter(cohort=cohort).values_list("company_id", "mentor_id", "rank")
    )
    startup_bonus[rows, columns] = RANKING_BONUS * (6 - ranks)
    mentor_bonus = np.zeros_like(result.total.T)
    rows, columns, _ = cells(
        (company_id, mentor_id, 1)
        for company_id, mentor_id in MentorInterest.objects.filter(cohort=cohort).values_list("company_id", "mentor_id")
    )
    mentor_bonus[columns, rows] = INTEREST_BONUS
    held = list(MentorAssignment.objects.filter(cohort=cohort).values_list("company_id", "mentor_id", "side"))
    open_sides = np.ones((len(data.startup_ids), 2), dtype=bool)
    blocked = data.blocked.copy()
    side_column: dict[str, int] = {Side.US.value: 0, Side.JAPAN.value: 1}
    rows, columns, _ = cells((company, mentor, 0) for company, mentor, _side in held)
    # A pair already assigned is not proposed again; a side already filled stays filled.
    blocked[rows, columns] = True
    rows_of_held, in_pool = data.rows_of(np.array([company for company, _m, _s in held], dtype=np.int64))
    held_sides = np.array([side_column.get(side, -1) for _c, _m, side in held], dtype=np.int64)
    filled = in_pool & (held_sides >= 0)
    open_sides[rows_of_held[filled], held_sides[filled]] = False
    proposal = mentor_fit.propose(
        pool,
        result.total,
        startup_bonus=startup_bonus,
        mentor_bonus=mentor_bonus,
        blocked=blocked,
        open_sides=open_sides,
    )
    now = timezone.now()
    created: list[tuple[int, int, str]] = []
    for side, match in ((Side.US, proposal.us), (Side.JAPAN, proposal.japan)):
        rows = np.flatnonzero(match >= 0)
        created += zip(
            data.startup_ids[rows].tolist(),
            data.mentor_ids[match[rows]].tolist(),
            [side.value] * len(rows),
            strict=True,
        )
    copy_rows(
        MentorAssignment,
        ["cohort_id", "company_id", "mentor_id", "side", "status", "by_hand", "created_by_id", "created_at"],
        (
            (cohort.pk, company_id, mentor_id, side, MentorAssignment.Status.PROPOSED.value, False, by.pk, now)
            for company_id, mentor_id, side in created
        ),
    )
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
