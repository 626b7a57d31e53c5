"""The matching pool of a cohort: its startups and every active mentor read into the engine's
arrays (expertise, languages, zones, capacity) with the pairs that may never be matched.

Reads are flat `values_list` queries turned into arrays at once: a cohort of thousands of
startups costs a fixed number of queries and no model instances.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from scipy import sparse

from accelerator.companies.models import CapabilityProfile, CapabilityTag, Membership, Segment, TechnologyArea
from matchmaking import engine

from ..mentor_fit import LANGUAGE_FIT, Pool
from ..models import Cohort, FunctionalExpertise, MentorProfile, Side
from .mentoring import active_mentors, cohort_startups, conflicted_pairs

COUNTRY_ZONES = {"US": "America/New_York", "JP": "Asia/Tokyo"}


def _offset_hours(zone: str, when: datetime) -> float:
    try:
        offset = when.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def _offsets(zones: list[str], when: datetime) -> np.ndarray:
    """Hours from UTC of each zone at `when`, each distinct zone looked up once."""
    hours = {zone: _offset_hours(zone, when) for zone in set(zones)}
    return np.array([hours[zone] for zone in zones], dtype=np.float32)


def _rows_of(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `wanted` in the sorted `ids`, and which of `wanted` are there at all."""
    if not len(ids):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    rows = np.searchsorted(ids, wanted).clip(0, len(ids) - 1)
    return rows, ids[rows] == wanted


def _pairs(queryset: QuerySet) -> tuple[np.ndarray, np.ndarray]:
    """A two-column integer values_list as two arrays."""
    flat = np.fromiter(_flatten(queryset), dtype=np.int64)
    return flat[0::2], flat[1::2]


def _flatten(queryset: QuerySet):
    for first, second in queryset:
        yield first
        yield second


def _incidence(owners: np.ndarray, terms: np.ndarray, owner_ids: np.ndarray, term_ids: np.ndarray) -> sparse.csr_matrix:
    """0/1 owners × terms matrix (rows in `owner_ids` order, columns in `term_ids` order) from (owner, term) pairs."""
    rows, known_owner = _rows_of(owner_ids, owners)
    columns, known_term = _rows_of(term_ids, terms)
    keep = known_owner & known_term
    matrix = sparse.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], columns[keep])),
        shape=(len(owner_ids), len(term_ids)),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


@dataclass(frozen=True)
class MatchingInput:
    """The pool of one cohort and the ids its rows stand for (both sorted ascending)."""

    pool: Pool
    startup_ids: np.ndarray
    mentor_ids: np.ndarray
    blocked: np.ndarray  # startups × mentors: never matched (conflict, membership, paused)

    def rows_of(self, company_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Startup rows of `company_ids`, and which of them are in the pool."""
        return _rows_of(self.startup_ids, np.asarray(company_ids, dtype=np.int64))

    def columns_of(self, mentor_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mentor columns of `mentor_ids`, and which of them are in the pool."""
        return _rows_of(self.mentor_ids, np.asarray(mentor_ids, dtype=np.int64))


def matching_input(cohort: Cohort, *, capacity_left: dict[int, int] | None = None) -> MatchingInput:
    """Reads the cohort's startups and every active mentor into the engine's arrays, in a fixed number of queries."""
    startups = list(
        cohort_startups(cohort).values_list("pk", "country", "profile__needs_text").order_by("pk")
    )  # fmt: skip
    mentors = list(
        active_mentors()
        .order_by("pk")
        .values_list("pk", "country", "time_zone", "english", "japanese", "bio_en", "bio_ja", "capacity", "is_paused")
    )
    startup_ids = np.array([row[0] for row in startups], dtype=np.int64)
    mentor_ids = np.array([row[0] for row in mentors], dtype=np.int64)
    startup_countries = np.array([str(row[1]) for row in startups], dtype="<U2")
    mentor_countries = np.array([str(row[1]) for row in mentors], dtype="<U2")
    tags = list(CapabilityTag.objects.order_by("pk").values_list("pk", "code"))
    segments = list(Segment.objects.order_by("pk").values_list("pk", "code"))
    areas = list(TechnologyArea.objects.order_by("pk").values_list("pk", "code"))
    tag_ids = np.array([pk for pk, _code in tags], dtype=np.int64)
    segment_ids = np.array([pk for pk, _code in segments], dtype=np.int64)
    area_ids = np.array([pk for pk, _code in areas], dtype=np.int64)
    # The through tables are filtered by subqueries, not by lists of thousands of ids.
    startup_list = cohort_startups(cohort).values("pk")
    mentor_list = active_mentors().values("pk")

    def startup_matrix(relation, column: str, term_ids: np.ndarray) -> sparse.csr_matrix:
        pairs = relation.objects.filter(capabilityprofile_id__in=startup_list).values_list(
            "capabilityprofile_id", column
        )
        return _incidence(*_pairs(pairs), startup_ids, term_ids)

    def mentor_matrix(relation, column: str, term_ids: np.ndarray) -> sparse.csr_matrix:
        pairs = relation.objects.filter(mentorprofile_id__in=mentor_list).values_list("mentorprofile_id", column)
        return _incidence(*_pairs(pairs), mentor_ids, term_ids)

    through = CapabilityProfile
    # A mentor's expertise is their capabilities and the needs their functional expertise answers.
    functional_ids = np.array(
        sorted(FunctionalExpertise.objects.values_list("pk", flat=True)), dtype=np.int64
    )  # fmt: skip
    covers = _incidence(
        *_pairs(FunctionalExpertise.covers.through.objects.values_list("functionalexpertise_id", "capabilitytag_id")),
        functional_ids,
        tag_ids,
    )
    functional = mentor_matrix(MentorProfile.functional_expertise.through, "functionalexpertise_id", functional_ids)
    expertise = mentor_matrix(MentorProfile.expertise.through, "capabilitytag_id", tag_ids) + functional @ covers
    expertise = (expertise > 0).astype(np.float32).tocsr()

    members = Membership.objects.filter(company_id__in=startup_list, user__is_active=True).order_by("pk")
    spoken_en = startup_countries != "JP"
    spoken_ja = startup_countries == "JP"
    owner_zone: dict[int, str] = {}
    for company_id, language, zone, role in members.values_list(
        "company_id", "user__preferred_language", "user__time_zone", "role"
    ):
        row = int(np.searchsorted(startup_ids, company_id))
        spoken_en[row] |= language[:2] == "en"
        spoken_ja[row] |= language[:2] == "ja"
        if role == Membership.Role.OWNER and company_id not in owner_zone:
            owner_zone[company_id] = zone
    now = timezone.now()
    startup_zones = []
    for pk, country in zip(startup_ids.tolist(), startup_countries.tolist(), strict=True):
        zone = owner_zone.get(pk, "UTC")
        startup_zones.append(zone if zone != "UTC" else COUNTRY_ZONES.get(country, "UTC"))

    n, m = len(startups), len(mentors)
    profiles = engine.ProfileSet(
        ids=np.concatenate([startup_ids, mentor_ids]),
        countries=np.concatenate([startup_countries, mentor_countries]),
        offers=sparse.vstack(
            [startup_matrix(through.offers.through, "capabilitytag_id", tag_ids), expertise], format="csr"
        ),
        needs=sparse.vstack(
            [
                startup_matrix(through.needs.through, "capabilitytag_id", tag_ids),
                sparse.csr_matrix((m, len(tag_ids)), dtype=np.float32),
            ],
            format="csr",
        ),
        segments=sparse.vstack(
            [
                startup_matrix(through.segments.through, "segment_id", segment_ids),
                mentor_matrix(MentorProfile.segments.through, "segment_id", segment_ids),
            ],
            format="csr",
        ),
        technology_areas=sparse.vstack(
            [
                startup_matrix(through.technology_areas.through, "technologyarea_id", area_ids),
                mentor_matrix(MentorProfile.technology_areas.through, "technologyarea_id", area_ids),
            ],
            format="csr",
        ),
        trl=np.full(n + m, np.nan, dtype=np.float64),
        export_classification=np.full(n + m, "unknown", dtype="<U8"),
        # Mentors offer and startups need: a startup's own offers and a mentor's needs play no part.
        offers_text=[""] * n + [f"{row[5]} {row[6]}" for row in mentors],
        needs_text=[row[2] or "" for row in startups] + [""] * m,
        tag_codes=tuple(code for _pk, code in tags),
        segment_codes=tuple(code for _pk, code in segments),
        technology_area_codes=tuple(code for _pk, code in areas),
    )
    capacity = [row[7] if capacity_left is None else capacity_left.get(row[0], 0) for row in mentors]
    pool = Pool(
        profiles=profiles,
        startup_count=n,
        startup_languages=np.stack([spoken_en, spoken_ja], axis=1).astype(np.float32).reshape(-1, 2),
        mentor_languages=np.array(
            [[LANGUAGE_FIT[row[3]], LANGUAGE_FIT[row[4]]] for row in mentors], dtype=np.float32
        ).reshape(-1, 2),
        startup_offsets=_offsets(startup_zones, now),
        mentor_offsets=_offsets([row[2] for row in mentors], now),
        sides=np.where(
            mentor_countries == "US", Side.US, np.where(mentor_countries == "JP", Side.JAPAN, Side.OTHER)
        ).astype("<U8"),
        capacity=np.array(capacity, dtype=np.int64),
    )
    paused = np.array([row[8] for row in mentors], dtype=bool)
    pairs = conflicted_pairs(mentor_list, startup_list)
    return MatchingInput(pool, startup_ids, mentor_ids, blocked_pairs(startup_ids, mentor_ids, paused, pairs))


def blocked_pairs(
    startup_ids: np.ndarray, mentor_ids: np.ndarray, paused: np.ndarray, pairs: set[tuple[int, int]]
) -> np.ndarray:
    """Startups × mentors: True where a pair may never be matched (a conflict or membership in
    `pairs`, as (mentor id, company id), or a paused mentor)."""
    blocked = np.zeros((len(startup_ids), len(mentor_ids)), dtype=bool)
    if pairs:
        mentors, companies = np.array(sorted(pairs), dtype=np.int64).T
        blocked[np.searchsorted(startup_ids, companies), np.searchsorted(mentor_ids, mentors)] = True
    blocked[:, paused] = True
    return blocked
