"""The matching engine: capability profiles in, ranked pairs with business reasons out.

Pure: arrays, sparse matrices and ids in; no ORM. The same engine ranks company ↔ company,
partner ↔ startup, mentor ↔ startup and company ↔ procurement opportunity: every side is
described by what it offers, what it needs, segments, technology areas, TRL and country.

How a pair (i, j) scores, all in one sparse product A·Bᵀ plus two broadcast terms:
- what i offers against what j needs, and what j offers against what i needs, as taxonomy
  tags (cosine) and as free text (TF-IDF over character n-grams, which treats English and
  Japanese alike without a tokenizer);
- shared segments and technology areas (cosine);
- TRL fit: closer readiness levels work together more easily;
- a binational preference: U.S. ↔ Japan first, third countries allowed.
A pair with no capability signal at all is never suggested, however well the rest fits.
Export-control friction never removes a pair: it is raised as a flag with the step it
needs (for instance an ITAR-classified offer to a non-U.S. firm needs a licence or a TAA).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

WEIGHTS = {
    "tags": 1.0,  # offers ↔ needs, as taxonomy tags, both directions
    "text": 0.6,  # offers ↔ needs, as free text, both directions
    "segments": 0.25,
    "technology_areas": 0.2,
    "trl": 0.15,
    "binational": 0.2,
}
BINATIONAL = frozenset({"US", "JP"})
CHUNK_ROWS = 2048
TEXT_REASON_THRESHOLD = 0.2


@dataclass(frozen=True)
class ProfileSet:
    """Profiles as aligned arrays; row k of every field describes ids[k].

    Tag, segment and technology-area matrices are 0/1 with columns named by the code
    tuples, so reasons can say which capability matched.
    """

    ids: np.ndarray
    countries: np.ndarray
    offers: sparse.csr_matrix
    needs: sparse.csr_matrix
    segments: sparse.csr_matrix
    technology_areas: sparse.csr_matrix
    trl: np.ndarray
    export_classification: np.ndarray
    offers_text: Sequence[str]
    needs_text: Sequence[str]
    tag_codes: tuple[str, ...]
    segment_codes: tuple[str, ...]
    technology_area_codes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Reason:
    """Why a pair fits, in data the interface renders in either language.

    kind: "offers_need" (source offers tags the target needs), "needs_offer" (the reverse),
    "text_offers_need" / "text_needs_offer" (free-text similarity, value 0–1),
    "segments", "technology_areas", "trl_fit" (value = TRL difference), "binational".
    """

    kind: str
    codes: tuple[str, ...] = ()
    value: float = 0.0


@dataclass(frozen=True)
class Flag:
    """Compliance friction on a pair and the step that resolves it."""

    kind: str  # "itar" or "ear"
    side: str  # "source" or "target": whose offer is controlled
    step: str  # "licence_or_taa" or "licence_check"


@dataclass(frozen=True)
class Match:
    source_id: int
    target_id: int
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    flags: tuple[Flag, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Features:
    """The weighted feature matrices of one ranking run: score_similarity = left · rightᵀ."""

    left: sparse.csr_matrix
    right: sparse.csr_matrix
    offers_text: sparse.csr_matrix
    needs_text: sparse.csr_matrix


def build_features(profiles: ProfileSet) -> Features:
    """Turns profiles into the two matrices whose product is the similarity part of the score."""
    texts = list(profiles.offers_text) + list(profiles.needs_text)
    if any(text.strip() for text in texts):
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1, dtype=np.float32
        )
        matrix = vectorizer.fit_transform(texts)
        offers_text, needs_text = matrix[: len(profiles)], matrix[len(profiles) :]
    else:
        offers_text = needs_text = sparse.csr_matrix((len(profiles), 1), dtype=np.float32)
    offers = normalize(profiles.offers.astype(np.float32))
    needs = normalize(profiles.needs.astype(np.float32))
    segments = normalize(profiles.segments.astype(np.float32))
    areas = normalize(profiles.technology_areas.astype(np.float32))
    offers_text, needs_text = normalize(offers_text), normalize(needs_text)
    w = WEIGHTS
    # Each block pairs one side's offers with the other's needs, so the product counts
    # both directions and the score is symmetric.
    left = sparse.hstack(
        [
            w["tags"] * offers,
            w["tags"] * needs,
            w["text"] * offers_text,
            w["text"] * needs_text,
            w["segments"] * segments,
            w["technology_areas"] * areas,
        ],
        format="csr",
        dtype=np.float32,
    )
    right = sparse.hstack([needs, offers, needs_text, offers_text, segments, areas], format="csr", dtype=np.float32)
    return Features(left=left, right=right, offers_text=offers_text, needs_text=needs_text)


def _context_scores(profiles: ProfileSet, rows: np.ndarray) -> np.ndarray:
    """TRL fit and the binational preference for rows × all profiles (dense, broadcast)."""
    trl_rows, trl_all = profiles.trl[rows][:, None], profiles.trl[None, :]
    known = ~np.isnan(trl_rows) & ~np.isnan(trl_all)
    trl_fit = np.where(known, 1.0 - np.abs(np.nan_to_num(trl_rows) - np.nan_to_num(trl_all)) / 8.0, 0.5)
    countries = profiles.countries
    row_countries = countries[rows][:, None]
    in_pair = np.isin(countries, list(BINATIONAL))
    cross = (row_countries != countries[None, :]) & np.isin(row_countries, list(BINATIONAL)) & in_pair[None, :]
    third = row_countries != countries[None, :]
    binational = np.where(cross, 1.0, np.where(third, 0.5, 0.0))
    return (WEIGHTS["trl"] * trl_fit + WEIGHTS["binational"] * binational).astype(np.float32)


def top_pairs(profiles: ProfileSet, features: Features, *, top: int = 10, rows: np.ndarray | None = None):
    """The best `top` partners for each row (all rows unless given), as index arrays.

    Returns (sources, targets, scores), each of length ≤ len(rows) × top, best first per
    source. Works in chunks of rows so memory stays flat as the population grows.
    """
    n = len(profiles)
    rows = np.arange(n) if rows is None else np.asarray(rows)
    k = min(top, max(n - 1, 0))
    sources, targets, scores = [], [], []
    right_t = features.right.T.tocsc()
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        similarity = (features.left[chunk] @ right_t).toarray()
        score = similarity + _context_scores(profiles, chunk)
        # Never the company itself, and never a pair with no capability signal.
        score[similarity <= 0] = -np.inf
        score[np.arange(len(chunk)), chunk] = -np.inf
        if k == 0:
            continue
        best = np.argpartition(-score, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(score, best, axis=1)
        order = np.argsort(-best_scores, axis=1, kind="stable")
        best, best_scores = np.take_along_axis(best, order, axis=1), np.take_along_axis(best_scores, order, axis=1)
        keep = np.isfinite(best_scores)
        sources.append(np.repeat(chunk, k).reshape(len(chunk), k)[keep])
        targets.append(best[keep])
        scores.append(best_scores[keep])
    if not sources:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    return np.concatenate(sources), np.concatenate(targets), np.concatenate(scores)


def _codes(matrix: sparse.csr_matrix, row: int, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(names[column] for column in matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]])


def explain(profiles: ProfileSet, features: Features, sources: np.ndarray, targets: np.ndarray) -> list[tuple]:
    """Reasons and flags for each (source, target) pair, computed for all pairs at once."""
    offers_need = profiles.offers[sources].multiply(profiles.needs[targets]).tocsr()
    needs_offer = profiles.needs[sources].multiply(profiles.offers[targets]).tocsr()
    segments = profiles.segments[sources].multiply(profiles.segments[targets]).tocsr()
    areas = profiles.technology_areas[sources].multiply(profiles.technology_areas[targets]).tocsr()
    text_offers_need = np.asarray(
        features.offers_text[sources].multiply(features.needs_text[targets]).sum(axis=1)
    ).ravel()
    text_needs_offer = np.asarray(
        features.needs_text[sources].multiply(features.offers_text[targets]).sum(axis=1)
    ).ravel()
    trl_gap = np.abs(profiles.trl[sources] - profiles.trl[targets])
    countries = profiles.countries
    binational = (
        (countries[sources] != countries[targets])
        & np.isin(countries[sources], list(BINATIONAL))
        & np.isin(countries[targets], list(BINATIONAL))
    )
    classification = profiles.export_classification
    explained = []
    for pair in range(len(sources)):
        reasons = []
        if codes := _codes(offers_need, pair, profiles.tag_codes):
            reasons.append(Reason("offers_need", codes))
        if codes := _codes(needs_offer, pair, profiles.tag_codes):
            reasons.append(Reason("needs_offer", codes))
        if text_offers_need[pair] >= TEXT_REASON_THRESHOLD:
            reasons.append(Reason("text_offers_need", value=round(float(text_offers_need[pair]), 3)))
        if text_needs_offer[pair] >= TEXT_REASON_THRESHOLD:
            reasons.append(Reason("text_needs_offer", value=round(float(text_needs_offer[pair]), 3)))
        if codes := _codes(segments, pair, profiles.segment_codes):
            reasons.append(Reason("segments", codes))
        if codes := _codes(areas, pair, profiles.technology_area_codes):
            reasons.append(Reason("technology_areas", codes))
        if trl_gap[pair] <= 2:
            reasons.append(Reason("trl_fit", value=float(trl_gap[pair])))
        if binational[pair]:
            reasons.append(Reason("binational", (str(countries[sources[pair]]), str(countries[targets[pair]]))))
        explained.append((tuple(reasons), _flags(classification, countries, sources[pair], targets[pair])))
    return explained


def _flags(classification: np.ndarray, countries: np.ndarray, source: int, target: int) -> tuple[Flag, ...]:
    flags = []
    for side, offering, receiving in (("source", source, target), ("target", target, source)):
        if countries[receiving] == "US":
            continue
        if classification[offering] == "itar":
            flags.append(Flag("itar", side, "licence_or_taa"))
        elif classification[offering] == "ear":
            flags.append(Flag("ear", side, "licence_check"))
    return tuple(flags)


def rank(profiles: ProfileSet, *, top: int = 10, rows: Sequence[int] | None = None) -> list[Match]:
    """The best `top` matches for every profile (or the given row indices), with reasons."""
    features = build_features(profiles)
    sources, targets, scores = top_pairs(profiles, features, top=top, rows=None if rows is None else np.asarray(rows))
    explained = explain(profiles, features, sources, targets)
    return [
        Match(int(profiles.ids[s]), int(profiles.ids[t]), round(float(score), 4), reasons, flags)
        for s, t, score, (reasons, flags) in zip(sources, targets, scores, explained, strict=True)
    ]
