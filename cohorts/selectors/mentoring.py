"""Reads of the mentor program: who takes part, loads, shortlists, mentees, sessions, goals,
feedback privacy and the staff figures."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accelerator.accounts.models import Role, User
from accelerator.companies.models import CapabilityTag, Company, Membership, Segment, TechnologyArea

from ..models import (
    Application,
    Cohort,
    MentorAssignment,
    MentorConflict,
    MentoringGoal,
    MentorProfile,
    MentorSession,
    MentorSuggestion,
    Milestone,
    SessionFeedback,
    StartupRanking,
)
from ..models.mentoring import FEEDBACK_PRIVATE_FOR


def cohort_startups(cohort: Cohort) -> QuerySet[Company]:
    """The startups taking part in `cohort`: those whose application was accepted."""
    return Company.objects.filter(
        Exists(Application.objects.filter(cohort=cohort, company=OuterRef("pk"), status=Application.Status.ACCEPTED))
    ).order_by("pk")


def active_mentors() -> QuerySet[MentorProfile]:
    """Profiles of active users who hold the mentor role."""
    return MentorProfile.objects.filter(user__is_active=True, user__groups__name=Role.MENTOR).distinct()


def running_cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.filter(status=Cohort.Status.RUNNING).order_by("-program_starts_on", "-pk")


def conflicted_pairs(
    mentor_ids: Iterable[int] | QuerySet, company_ids: Iterable[int] | QuerySet
) -> set[tuple[int, int]]:
    """(mentor id, company id) pairs that may never be matched: a declared conflict or membership."""
    declared = MentorConflict.objects.filter(mentor_id__in=mentor_ids, company_id__in=company_ids)
    members = Membership.objects.filter(user_id__in=mentor_ids, company_id__in=company_ids)
    return set(declared.values_list("mentor_id", "company_id")) | set(members.values_list("user_id", "company_id"))


def is_conflicted(mentor: MentorProfile, company_id: int) -> bool:
    return bool(conflicted_pairs([mentor.pk], [company_id]))


def mentor_load(mentor: MentorProfile, cohort: Cohort) -> int:
    """Startups `mentor` has in `cohort`, proposed or published."""
    return MentorAssignment.objects.filter(mentor=mentor, cohort=cohort).count()


def assignments_of_cohort(cohort: Cohort) -> QuerySet[MentorAssignment]:
    return MentorAssignment.objects.filter(cohort=cohort).select_related("company", "mentor__user")


def mentor_loads(cohort: Cohort) -> QuerySet[MentorProfile]:
    """Every active mentor with their startups in `cohort` (proposed and published), busiest first."""
    return (
        active_mentors()
        .select_related("user")
        .annotate(
            load=Count("assignments", filter=Q(assignments__cohort=cohort), distinct=True),
            published=Count(
                "assignments",
                filter=Q(assignments__cohort=cohort, assignments__status=MentorAssignment.Status.PUBLISHED),
                distinct=True,
            ),
        )
        .order_by("-load", "user__display_name", "pk")
    )


def shortlist(cohort: Cohort, company: Company) -> QuerySet[MentorSuggestion]:
    return (
        MentorSuggestion.objects.filter(cohort=cohort, company=company)
        .select_related("mentor__user")
        .order_by("position")
    )


def rankings(cohort: Cohort, company: Company) -> dict[int, int]:
    """Mentor id → the rank the startup gave them."""
    return dict(StartupRanking.objects.filter(cohort=cohort, company=company).values_list("mentor_id", "rank"))


def mentors_of_startup(company: Company) -> QuerySet[MentorAssignment]:
    """The published mentor assignments of `company` in running cohorts."""
    return (
        MentorAssignment.objects.filter(
            company=company, status=MentorAssignment.Status.PUBLISHED, cohort__status=Cohort.Status.RUNNING
        )
        .select_related("mentor__user", "cohort")
        .order_by("side", "pk")
    )


def mentees_of(mentor: MentorProfile) -> QuerySet[MentorAssignment]:
    """The published assignments of `mentor` in running cohorts."""
    return (
        MentorAssignment.objects.filter(
            mentor=mentor, status=MentorAssignment.Status.PUBLISHED, cohort__status=Cohort.Status.RUNNING
        )
        .select_related("company", "cohort")
        .order_by("company__legal_name", "pk")
    )


def sessions_for(user: User) -> QuerySet[MentorSession]:
    """The sessions `user` takes part in: as the mentor, or as a member of the startup."""
    if not user.is_authenticated:
        return MentorSession.objects.none()
    return MentorSession.objects.filter(
        Q(mentor_id=user.pk) | Q(company__in=Membership.objects.filter(user=user).values("company"))
    ).select_related("mentor__user", "company", "assignment__cohort")


def goals_of(cohort_id: int, company: Company) -> QuerySet[MentoringGoal]:
    return (
        MentoringGoal.objects.filter(cohort_id=cohort_id, company=company)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")))
        .order_by("created_at", "pk")
    )


def feedback_visible_to(session: MentorSession, role: str, now: datetime | None = None) -> bool:
    """Whether the side `role` may read the other side's feedback on `session`.

    Once both have answered, or seven days after the session, whichever comes first.
    """
    now = now or timezone.now()
    answered = {feedback.role for feedback in session.feedback.all()}
    return len(answered) == 2 or now >= session.feedback_opens_at


def sessions_awaiting_feedback(now: datetime | None = None):
    """(session, role, people to remind) for sessions that ended in the last seven days and
    that a side has not rated yet."""
    now = now or timezone.now()
    sessions = list(
        MentorSession.objects.filter(
            status=MentorSession.Status.BOOKED, ends_at__lte=now, ends_at__gt=now - FEEDBACK_PRIVATE_FOR
        )
        .select_related("mentor__user", "company")
        .prefetch_related("feedback")
        .order_by("pk")
    )
    members: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        company_id__in={s.company_id for s in sessions}, user__is_active=True
    ).select_related("user"):
        members.setdefault(membership.company_id, []).append(membership.user)
    for session in sessions:
        answered = {feedback.role for feedback in session.feedback.all()}
        if SessionFeedback.Role.MENTOR not in answered and session.mentor.user.is_active:
            yield session, SessionFeedback.Role.MENTOR, [session.mentor.user]
        if SessionFeedback.Role.STARTUP not in answered:
            yield session, SessionFeedback.Role.STARTUP, members.get(session.company_id, [])


def with_reason_names(suggestions: list[MentorSuggestion]) -> list[MentorSuggestion]:
    """Each suggestion with `named_reasons`: its reasons with taxonomy codes turned into names, in three queries."""
    vocabularies = {"needs_offer": CapabilityTag, "segments": Segment, "technology_areas": TechnologyArea}
    wanted: dict[str, set[str]] = {kind: set() for kind in vocabularies}
    for suggestion in suggestions:
        for reason in suggestion.reasons:
            if reason.get("kind") in wanted:
                wanted[reason["kind"]].update(reason.get("codes", []))
    names = {
        kind: {term.code: term.name for term in model._default_manager.filter(code__in=wanted[kind])}
        for kind, model in vocabularies.items()
        if wanted[kind]
    }
    for suggestion in suggestions:
        named = [
            {**reason, "names": [names.get(reason["kind"], {}).get(code, code) for code in reason.get("codes", [])]}
            for reason in suggestion.reasons
        ]
        setattr(suggestion, "named_reasons", named)  # noqa: B010 (an attribute the model does not declare)
    return suggestions
