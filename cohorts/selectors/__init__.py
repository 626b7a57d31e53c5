"""Reads and derived figures of cohorts: each figure computed in one place, for pages, API and exports."""

from .applications import SORTS, application_table, applications_for_export, awaiting_reply_count, ranking
from .cohorts import (
    COUNTRIES,
    READINESS_SCALE,
    criteria_of,
    days_to_deadline,
    pipeline,
    readiness_items,
    readiness_picture,
    staff_cohorts,
)
from .decisions import DecisionBoard, ReleaseReach, decision_board, release_reach
from .reviews import ReviewerLoad, review_status, review_status_of, reviewer_load
from .scores import SCORE_BINS, WIDE_SPREAD, is_wide_spread, score_distribution, spread_of, with_score_spread
from .seats import CountryMix, CountryShare, Seats, country_mix, seat_counts, share
from .statuses import DECIDABLE, SUBMITTED_STATUSES

__all__ = [
    "COUNTRIES",
    "DECIDABLE",
    "READINESS_SCALE",
    "SCORE_BINS",
    "SORTS",
    "SUBMITTED_STATUSES",
    "WIDE_SPREAD",
    "CountryMix",
    "CountryShare",
    "DecisionBoard",
    "ReleaseReach",
    "ReviewerLoad",
    "Seats",
    "application_table",
    "applications_for_export",
    "awaiting_reply_count",
    "country_mix",
    "criteria_of",
    "days_to_deadline",
    "decision_board",
    "is_wide_spread",
    "pipeline",
    "ranking",
    "readiness_items",
    "readiness_picture",
    "release_reach",
    "review_status",
    "review_status_of",
    "reviewer_load",
    "score_distribution",
    "seat_counts",
    "share",
    "spread_of",
    "staff_cohorts",
    "with_score_spread",
]
