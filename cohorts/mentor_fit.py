"""How well each mentor fits each startup: expertise, a shared language, working-hour overlap.

Pure: arrays in, score matrices out; no ORM. Expertise is the matching engine's score of
the startup's needs against what the mentor offers (their capabilities, and the needs
their functional expertise answers); the language and overlap terms are added with the
weights staff choose for the cohort.
"""

from dataclasses import dataclass

import numpy as np

from matchmaking import engine
from matchmaking.text import CharNgramTfidf

from . import stable_matching

# Level of a language a mentor declares, as a fit: a working language counts fully.
LANGUAGE_FIT = {"native": 1.0, "business": 1.0, "basic": 0.4, "none": 0.0}
LANGUAGES = ("en", "ja")
WORKDAY = (9.0, 18.0)  # local working hours


@dataclass(frozen=True)
class Weights:
    expertise: float = 1.0
    language: float = 0.5
    overlap: float = 0.3


@dataclass(frozen=True)
class Pool:
    """Startups and mentors of one cohort, row-aligned.

    `profiles` holds the startups first and then the mentors, as the engine reads them.
    Languages are startups × 2 / mentors × 2 (English, Japanese) fits in 0–1; offsets
    are hours from UTC; `sides` is "us", "jp" or "other" per mentor.
    """

    profiles: engine.ProfileSet
    startup_count: int
    startup_languages: np.ndarray
    mentor_languages: np.ndarray
    startup_offsets: np.ndarray
    mentor_offsets: np.ndarray
    sides: np.ndarray
    capacity: np.ndarray

    @property
    def startup_ids(self) -> np.ndarray:
        return self.profiles.ids[: self.startup_count]

    @property
    def mentor_ids(self) -> np.ndarray:
        return self.profiles.ids[self.startup_count :]


@dataclass(frozen=True)
class Fit:
    """Startups × mentors matrices: the weighted total and each part of it."""

    total: np.ndarray
    expertise: np.ndarray
    language: np.ndarray
    overlap_hours: np.ndarray
    features: engine.Features
    text: np.ndarray  # cosine of each startup's needs and each mentor's bio, 0–1


def overlap_hours(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Hours the local working days of two zones (offsets from UTC) share, first × second."""
    start, end = WORKDAY
    a_start, a_end = (start - first)[:, None], (end - first)[:, None]
    best = np.zeros((len(first), len(second)), dtype=np.float32)
    for shift in (-24.0, 0.0, 24.0):
        b_start, b_end = (start - second + shift)[None, :], (end - second + shift)[None, :]
        best = np.maximum(best, np.minimum(a_end, b_end) - np.maximum(a_start, b_start))
    return best.clip(0, None)


def text_similarity(needs: list[str], offers: list[str]) -> np.ndarray:
    """Cosine of TF-IDF character n-grams, every need × every offer; 0 where either text is empty.

    Exact rather than through the engine's reduced vectors: one sparse product of a few
    thousand short texts is cheaper than fitting the reduction, and loses nothing.
    """
    texts = [" ".join(text.split()) for text in [*needs, *offers]]
    present = np.array([bool(text) for text in texts], dtype=bool)
    similarity = np.zeros((len(needs), len(offers)), dtype=np.float32)
    if not present[: len(needs)].any() or not present[len(needs) :].any():
        return similarity
    matrix = CharNgramTfidf().fit_transform([text for text in texts if text])
    rows = np.flatnonzero(present[: len(needs)])
    columns = np.flatnonzero(present[len(needs) :])
    product = matrix[: len(rows)] @ matrix[len(rows) :].T
    similarity[np.ix_(rows, columns)] = product.toarray()
    return similarity.clip(0, 1)


def fit(pool: Pool, weights: Weights) -> Fit:
    """Every startup × mentor fit. Expertise is the engine's score of the startup's needs against
    the mentor's offers (tags and concepts) plus the exact similarity of their texts."""
    features = engine.build_features(pool.profiles, text_dimensions=0)
    n = pool.startup_count
    profiles = pool.profiles
    text = text_similarity(list(profiles.needs_text[:n]), list(profiles.offers_text[n:]))
    expertise = features.left[:n] @ features.right[n:].T + engine.WEIGHTS["text"] * text
    expertise = np.clip(expertise, 0, None)
    top = float(expertise.max()) if expertise.size else 0.0
    if top > 0:
        expertise = expertise / top
    language = np.max(pool.startup_languages[:, None, :] * pool.mentor_languages[None, :, :], axis=2)
    hours = overlap_hours(pool.startup_offsets, pool.mentor_offsets)
    total = (
        weights.expertise * expertise
        + weights.language * language
        + weights.overlap * hours / (WORKDAY[1] - WORKDAY[0])
    ).astype(np.float64)
    return Fit(total, expertise, language, hours, features, text)


@dataclass(frozen=True)
class Proposal:
    """The mentor row (or -1) each startup gets from each side, and the checks on it (None when not checked)."""

    us: np.ndarray
    japan: np.ndarray
    stable: bool | None = None
    capacity_ok: bool | None = None


SIDES = ("us", "jp")


def _markets(pool: Pool, scores, startup_bonus, mentor_bonus, blocked, open_sides):
    """For each side: its mentor rows, its startup rows, and both utility matrices over them."""
    startup_utility = np.where(blocked, -np.inf, scores + startup_bonus)
    mentor_utility = np.where(blocked.T, -np.inf, scores.T + mentor_bonus)
    for column, side in enumerate(SIDES):
        mentors = np.flatnonzero(pool.sides == side)
        startups = np.flatnonzero(open_sides[:, column])
        yield (
            mentors,
            startups,
            startup_utility[np.ix_(startups, mentors)],
            mentor_utility[np.ix_(mentors, startups)],
        )


def propose(
    pool: Pool,
    scores: np.ndarray,
    *,
    startup_bonus: np.ndarray,
    mentor_bonus: np.ndarray,
    blocked: np.ndarray,
    open_sides: np.ndarray,
    check: bool = True,
) -> Proposal:
    """One stable matching per side of the Pacific, within each mentor's capacity.

    startup_bonus lifts the mentors a startup ranked (startups × mentors), mentor_bonus the
    startups a mentor marked (mentors × startups); blocked pairs (conflicts, paused mentors)
    are never matched. open_sides is startups × 2: whether the U.S. / Japan place is still
    to fill. Each mentor belongs to one side, so the sides are matched separately. With
    `check`, the result is searched for a blocking pair and its loads counted.
    """
    matches = []
    stable, capacity_ok = True, True
    for mentors, startups, su, mu in _markets(pool, scores, startup_bonus, mentor_bonus, blocked, open_sides):
        capacity = pool.capacity[mentors]
        local = stable_matching.deferred_acceptance(su, mu, capacity)
        if check:
            stable &= len(stable_matching.blocking_pairs(su, mu, capacity, local)) == 0
            capacity_ok &= stable_matching.capacity_respected(local, capacity)
        match = np.full(pool.startup_count, stable_matching.UNMATCHED, dtype=np.int64)
        matched = local >= 0
        match[startups[matched]] = mentors[local[matched]]
        matches.append(match)
    if not check:
        return Proposal(matches[0], matches[1])
    return Proposal(matches[0], matches[1], bool(stable), bool(capacity_ok))


def propose_checks(
    pool: Pool, scores: np.ndarray, proposal: Proposal, *, startup_bonus, mentor_bonus, blocked
) -> Proposal:
    """`proposal` with its checks: no blocking pair on either side, no mentor over capacity."""
    open_sides = np.ones((pool.startup_count, 2), dtype=bool)
    stable, capacity_ok = True, True
    markets = _markets(pool, scores, startup_bonus, mentor_bonus, blocked, open_sides)
    for (mentors, startups, su, mu), match in zip(markets, (proposal.us, proposal.japan), strict=True):
        column = {mentor: index for index, mentor in enumerate(mentors.tolist())}
        local = np.array([column.get(int(m), -1) for m in match[startups]], dtype=np.int64)
        capacity = pool.capacity[mentors]
        stable &= len(stable_matching.blocking_pairs(su, mu, capacity, local)) == 0
        capacity_ok &= stable_matching.capacity_respected(local, capacity)
    return Proposal(proposal.us, proposal.japan, bool(stable), bool(capacity_ok))
