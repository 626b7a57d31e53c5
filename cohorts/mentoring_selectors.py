"""Reads for the mentor program: the matching pool, loads, shortlists, sessions and the staff figures."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.db.models import Avg, Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from scipy import sparse

from accelerator.accounts.models import Role, User
from accelerator.companies.models import CapabilityProfile, CapabilityTag, Company, Membership, Segment, TechnologyArea
from matchmaking import engine

from .mentor_fit import LANGUAGE_FIT, Pool
from .models import (
    Application,
    Cohort,
    FunctionalExpertise,
    MentorAssignment,
    MentorConflict,
    MentoringGoal,
    MentorProfile,
    MentorSession,
    MentorSuggestion,
    Milestone,
    OfficeHours,
    OfficeHoursException,
    SessionFeedback,
    Side,
    StartupRanking,
)
from .models.mentoring import FEEDBACK_PRIVATE_FOR

COUNTRY_ZONES = {"US": "America/New_York", "JP": "Asia/Tokyo"}
BOOKING_WEEKS = 4  # how far ahead office hours can be booked


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


def _offset_hours(zone: str, when: datetime) -> float:
    try:
        return when.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset().total_seconds() / 3600
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0


def _language_fits(levels: list[tuple[str, str]]) -> np.ndarray:
    return np.array([[LANGUAGE_FIT[en], LANGUAGE_FIT[ja]] for en, ja in levels], dtype=np.float32).reshape(-1, 2)


def _matrix(rows: list[list[int]], columns: dict[int, int]) -> sparse.csr_matrix:
    pairs = [(row, columns[term]) for row, terms in enumerate(rows) for term in terms if term in columns]
    data = np.ones(len(pairs), dtype=np.float32)
    row_index = np.array([p[0] for p in pairs], dtype=np.int64)
    column_index = np.array([p[1] for p in pairs], dtype=np.int64)
    return sparse.csr_matrix((data, (row_index, column_index)), shape=(len(rows), len(columns)))


@dataclass(frozen=True)
class MatchingInput:
    """The pool of one cohort and the objects its rows stand for."""

    pool: Pool
    startups: list[Company]
    mentors: list[MentorProfile]
    blocked: np.ndarray  # startups × mentors: never matched (conflict, membership, paused)


def matching_input(cohort: Cohort, *, capacity_left: dict[int, int] | None = None) -> MatchingInput:
    """Reads the cohort's startups and every active mentor into the engine's arrays, in a fixed number of queries."""
    startups = list(cohort_startups(cohort).select_related("profile"))
    mentors = list(active_mentors().select_related("user").order_by("pk"))
    startup_ids = [company.pk for company in startups]
    mentor_ids = [mentor.pk for mentor in mentors]
    tags = list(CapabilityTag.objects.order_by("pk").values_list("pk", "code"))
    segments = list(Segment.objects.order_by("pk").values_list("pk", "code"))
    areas = list(TechnologyArea.objects.order_by("pk").values_list("pk", "code"))
    tag_columns = {pk: column for column, (pk, _code) in enumerate(tags)}
    segment_columns = {pk: column for column, (pk, _code) in enumerate(segments)}
    area_columns = {pk: column for column, (pk, _code) in enumerate(areas)}

    def grouped(pairs) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {}
        for owner, term in pairs:
            result.setdefault(owner, []).append(term)
        return result

    through = CapabilityProfile
    s_offers = grouped(
        through.offers.through.objects.filter(capabilityprofile_id__in=startup_ids).values_list(
            "capabilityprofile_id", "capabilitytag_id"
        )
    )
    s_needs = grouped(
        through.needs.through.objects.filter(capabilityprofile_id__in=startup_ids).values_list(
            "capabilityprofile_id", "capabilitytag_id"
        )
    )
    s_segments = grouped(
        through.segments.through.objects.filter(capabilityprofile_id__in=startup_ids).values_list(
            "capabilityprofile_id", "segment_id"
        )
    )
    s_areas = grouped(
        through.technology_areas.through.objects.filter(capabilityprofile_id__in=startup_ids).values_list(
            "capabilityprofile_id", "technologyarea_id"
        )
    )
    m_expertise = grouped(
        MentorProfile.expertise.through.objects.filter(mentorprofile_id__in=mentor_ids).values_list(
            "mentorprofile_id", "capabilitytag_id"
        )
    )
    covered = grouped(
        FunctionalExpertise.covers.through.objects.values_list("functionalexpertise_id", "capabilitytag_id")
    )
    for mentor_id, term_id in MentorProfile.functional_expertise.through.objects.filter(
        mentorprofile_id__in=mentor_ids
    ).values_list("mentorprofile_id", "functionalexpertise_id"):
        m_expertise.setdefault(mentor_id, []).extend(covered.get(term_id, []))
    m_segments = grouped(
        MentorProfile.segments.through.objects.filter(mentorprofile_id__in=mentor_ids).values_list(
            "mentorprofile_id", "segment_id"
        )
    )
    m_areas = grouped(
        MentorProfile.technology_areas.through.objects.filter(mentorprofile_id__in=mentor_ids).values_list(
            "mentorprofile_id", "technologyarea_id"
        )
    )
    members: dict[int, list[tuple[str, str, str]]] = {}
    for company_id, language, zone, role in Membership.objects.filter(
        company_id__in=startup_ids, user__is_active=True
    ).values_list("company_id", "user__preferred_language", "user__time_zone", "role"):
        members.setdefault(company_id, []).append((language, zone, role))

    now = timezone.now()
    startup_languages, startup_offsets = [], []
    for company in startups:
        spoken = {"ja" if company.country == "JP" else "en"}
        spoken |= {language[:2] for language, _zone, _role in members.get(company.pk, [])}
        startup_languages.append([1.0 if "en" in spoken else 0.0, 1.0 if "ja" in spoken else 0.0])
        owners = [zone for _l, zone, role in members.get(company.pk, []) if role == Membership.Role.OWNER]
        zone = owners[0] if owners and owners[0] != "UTC" else COUNTRY_ZONES.get(str(company.country), "UTC")
        startup_offsets.append(_offset_hours(zone, now))

    empty = sparse.csr_matrix((len(mentors), len(tags)), dtype=np.float32)
    profiles = engine.ProfileSet(
        ids=np.array(startup_ids + mentor_ids, dtype=np.int64),
        countries=np.array([str(c.country) for c in startups] + [str(m.country) for m in mentors], dtype="<U2"),
        offers=sparse.vstack(
            [
                _matrix([s_offers.get(pk, []) for pk in startup_ids], tag_columns),
                _matrix([m_expertise.get(pk, []) for pk in mentor_ids], tag_columns),
            ]
        ).tocsr(),
        needs=sparse.vstack([_matrix([s_needs.get(pk, []) for pk in startup_ids], tag_columns), empty]).tocsr(),
        segments=sparse.vstack(
            [
                _matrix([s_segments.get(pk, []) for pk in startup_ids], segment_columns),
                _matrix([m_segments.get(pk, []) for pk in mentor_ids], segment_columns),
            ]
        ).tocsr(),
        technology_areas=sparse.vstack(
            [
                _matrix([s_areas.get(pk, []) for pk in startup_ids], area_columns),
                _matrix([m_areas.get(pk, []) for pk in mentor_ids], area_columns),
            ]
        ).tocsr(),
        trl=np.array([np.nan] * (len(startups) + len(mentors)), dtype=np.float64),
        export_classification=np.array(["unknown"] * (len(startups) + len(mentors)), dtype="<U8"),
        # Mentors offer and startups need: a startup's own offers and a mentor's needs play no part.
        offers_text=[""] * len(startups) + [f"{m.bio_en} {m.bio_ja}" for m in mentors],
        needs_text=[getattr(getattr(c, "profile", None), "needs_text", "") for c in startups] + [""] * len(mentors),
        tag_codes=tuple(code for _pk, code in tags),
        segment_codes=tuple(code for _pk, code in segments),
        technology_area_codes=tuple(code for _pk, code in areas),
    )
    capacity = [m.capacity if capacity_left is None else capacity_left.get(m.pk, 0) for m in mentors]
    pool = Pool(
        profiles=profiles,
        startup_count=len(startups),
        startup_languages=np.array(startup_languages, dtype=np.float32).reshape(-1, 2),
        mentor_languages=_language_fits([(m.english, m.japanese) for m in mentors]),
        startup_offsets=np.array(startup_offsets, dtype=np.float32),
        mentor_offsets=np.array([_offset_hours(m.time_zone, now) for m in mentors], dtype=np.float32),
        sides=np.array([m.side for m in mentors], dtype="<U8"),
        capacity=np.array(capacity, dtype=np.int64),
    )
    return MatchingInput(pool, startups, mentors, blocked_pairs(startups, mentors))


def conflicted_pairs(mentor_ids: list[int], company_ids: list[int]) -> set[tuple[int, int]]:
    """(mentor id, company id) pairs that may never be matched: a declared conflict or membership."""
    declared = MentorConflict.objects.filter(mentor_id__in=mentor_ids, company_id__in=company_ids)
    members = Membership.objects.filter(user_id__in=mentor_ids, company_id__in=company_ids)
    return set(declared.values_list("mentor_id", "company_id")) | set(members.values_list("user_id", "company_id"))


def blocked_pairs(startups: list[Company], mentors: list[MentorProfile]) -> np.ndarray:
    blocked = np.zeros((len(startups), len(mentors)), dtype=bool)
    startup_row = {company.pk: row for row, company in enumerate(startups)}
    mentor_column = {mentor.pk: column for column, mentor in enumerate(mentors)}
    for mentor_id, company_id in conflicted_pairs(list(mentor_column), list(startup_row)):
        blocked[startup_row[company_id], mentor_column[mentor_id]] = True
    blocked[:, [mentor.is_paused for mentor in mentors]] = True
    return blocked


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


@dataclass(frozen=True)
class Slot:
    """One bookable occurrence of a mentor's office hours."""

    office_hours: OfficeHours
    starts_at: datetime
    ends_at: datetime


def open_slots(mentor: MentorProfile, *, weeks: int = BOOKING_WEEKS, now: datetime | None = None) -> list[Slot]:
    """The occurrences of `mentor`'s weekly office hours in the coming weeks that are free to book.

    Computed in the mentor's zone, so a slot stays at the same local time across daylight
    saving changes; days the mentor marked as exceptions and booked times are left out.
    """
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(mentor.time_zone)
    today = now.astimezone(zone).date()
    end = today + timedelta(weeks=weeks)
    hours = list(OfficeHours.objects.filter(mentor=mentor).order_by("weekday", "starts_at"))
    skipped = set(
        OfficeHoursException.objects.filter(mentor=mentor, date__gte=today, date__lte=end).values_list(
            "date", flat=True
        )
    )
    booked = set(
        MentorSession.objects.filter(
            mentor=mentor, status=MentorSession.Status.BOOKED, starts_at__gte=now - timedelta(days=1)
        ).values_list("starts_at", flat=True)
    )
    slots = []
    day = today
    while day <= end:
        if day not in skipped:
            for slot in hours:
                if slot.weekday != day.weekday():
                    continue
                starts = datetime.combine(day, slot.starts_at, tzinfo=zone)
                starts = starts.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone)  # normalise a DST gap
                if starts <= now or starts in booked:
                    continue
                slots.append(Slot(slot, starts, starts + timedelta(minutes=slot.duration_minutes)))
        day += timedelta(days=1)
    return slots


def is_open_slot(mentor: MentorProfile, starts_at: datetime) -> Slot | None:
    """The open slot of `mentor` starting at `starts_at`, if there is one."""
    for slot in open_slots(mentor):
        if slot.starts_at == starts_at:
            return slot
    return None


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


@dataclass(frozen=True)
class MentoringFigures:
    """The mentoring section of the staff dashboard."""

    loads: list[MentorProfile]
    pairs: list[MentorAssignment]
    at_risk: list[Company]
    coverage: dict[str, int]
    startups: int


def mentoring_figures(cohort: Cohort, *, quiet_days: int = 21, now: datetime | None = None) -> MentoringFigures:
    """Mentor load against capacity with average ratings, sessions per pair, startups
    without a session in the last `quiet_days` days, and U.S./Japan coverage."""
    now = now or timezone.now()
    held = MentorSession.objects.filter(status=MentorSession.Status.BOOKED, starts_at__lte=now)
    loads = list(
        active_mentors()
        .select_related("user")
        .annotate(
            load=Count("assignments", filter=Q(assignments__cohort=cohort), distinct=True),
            rating=Avg(
                "assignments__sessions__feedback__rating",
                filter=Q(
                    assignments__cohort=cohort,
                    assignments__sessions__feedback__role=SessionFeedback.Role.STARTUP,
                    assignments__sessions__status=MentorSession.Status.BOOKED,
                ),
            ),
        )
        .order_by("-load", "user__display_name", "pk")
    )
    pairs = list(
        MentorAssignment.objects.filter(cohort=cohort, status=MentorAssignment.Status.PUBLISHED)
        .select_related("company", "mentor__user")
        .annotate(
            held=Count("sessions", filter=Q(sessions__in=held)),
            upcoming=Count(
                "sessions", filter=Q(sessions__status=MentorSession.Status.BOOKED, sessions__starts_at__gt=now)
            ),
            last_session=Max("sessions__starts_at", filter=Q(sessions__in=held)),
        )
        .order_by("company__legal_name", "side", "pk")
    )
    since = now - timedelta(days=quiet_days)
    at_risk = list(
        cohort_startups(cohort)
        .exclude(
            Exists(
                MentorSession.objects.filter(
                    company=OuterRef("pk"),
                    assignment__cohort=cohort,
                    status=MentorSession.Status.BOOKED,
                    starts_at__gte=since,
                    starts_at__lte=now,
                )
            )
        )
        .order_by("legal_name")
    )
    startups = cohort_startups(cohort).count()
    published = MentorAssignment.objects.filter(cohort=cohort, status=MentorAssignment.Status.PUBLISHED)
    coverage = published.aggregate(
        us=Count("company", filter=Q(side=Side.US), distinct=True),
        jp=Count("company", filter=Q(side=Side.JAPAN), distinct=True),
    )
    both = (
        published.filter(side__in=[Side.US, Side.JAPAN])
        .values("company")
        .annotate(sides=Count("side", distinct=True))
        .filter(sides=2)
        .count()
    )
    coverage["both"] = both
    return MentoringFigures(loads, pairs, at_risk, coverage, startups)


def week_dates(start: date, weeks: int) -> list[date]:
    return [start + timedelta(days=offset) for offset in range(weeks * 7)]


def sessions_awaiting_feedback(now: datetime | None = None):
    """(session, role, people to remind) for sessions that ended in the last seven days and
    that a side has not rated yet."""
    now = now or timezone.now()
    sessions = (
        MentorSession.objects.filter(
            status=MentorSession.Status.BOOKED, ends_at__lte=now, ends_at__gt=now - FEEDBACK_PRIVATE_FOR
        )
        .select_related("mentor__user", "company")
        .prefetch_related("feedback")
        .order_by("pk")
    )
    sessions = list(sessions)
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
        kind: {term.code: term.name for term in model.objects.filter(code__in=wanted[kind])}
        for kind, model in vocabularies.items()
        if wanted[kind]
    }
    for suggestion in suggestions:
        suggestion.named_reasons = [
            {**reason, "names": [names.get(reason["kind"], {}).get(code, code) for code in reason.get("codes", [])]}
            for reason in suggestion.reasons
        ]
    return suggestions
