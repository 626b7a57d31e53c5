"""The matching pool of a cohort: its startups and every active mentor read into the engine's
arrays (expertise, languages, zones, capacity) with the pairs that may never be matched."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.utils import timezone
from scipy import sparse

from accelerator.companies.models import CapabilityProfile, CapabilityTag, Company, Membership, Segment, TechnologyArea
from matchmaking import engine

from ..mentor_fit import LANGUAGE_FIT, Pool
from ..models import Cohort, FunctionalExpertise, MentorProfile
from .mentoring import active_mentors, cohort_startups, conflicted_pairs

COUNTRY_ZONES = {"US": "America/New_York", "JP": "Asia/Tokyo"}


def _offset_hours(zone: str, when: datetime) -> float:
    try:
        offset = when.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset is not None else 0.0


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


def blocked_pairs(startups: list[Company], mentors: list[MentorProfile]) -> np.ndarray:
    blocked = np.zeros((len(startups), len(mentors)), dtype=bool)
    startup_row = {company.pk: row for row, company in enumerate(startups)}
    mentor_column = {mentor.pk: column for column, mentor in enumerate(mentors)}
    for mentor_id, company_id in conflicted_pairs(list(mentor_column), list(startup_row)):
        blocked[startup_row[company_id], mentor_column[mentor_id]] = True
    blocked[:, [mentor.is_paused for mentor in mentors]] = True
    return blocked
