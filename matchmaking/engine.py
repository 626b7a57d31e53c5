"""The matching engine: capability profiles in, ranked pairs with business reasons out.

Pure: arrays, sparse matrices and ids in; no ORM. The same engine ranks company ↔ company,
partner ↔ startup, mentor ↔ startup and company ↔ procurement opportunity: every side is
described by what it offers, what it needs, segments, technology areas, TRL and country.

How a pair (i, j) scores: every term is a product of a feature of i and a feature of j, so
the whole score is one dense matrix product, left · rightᵀ, computed in row chunks:
- what i offers against what j needs, and what j offers against what i needs, as taxonomy
  tags (cosine) and as free text: TF-IDF over character n-grams, which treats English and
  Japanese alike without a tokenizer, reduced to TEXT_DIMENSIONS by a truncated SVD;
- shared segments and technology areas (cosine);
- TRL fit, 1 − |Δ TRL| / 8 (0.5 when either is unknown), as one-hot TRL × a fit table;
- a binational preference, U.S. ↔ Japan first (1), other cross-border pairs (0.5), as
  one-hot country × a preference table.
A pair with no capability signal at all (the first `capability` columns) is never
suggested, however well the rest fits. Export-control friction never removes a pair: it is
raised as a flag with the step it needs (an ITAR-classified offer to a non-U.S. firm needs
a licence or a TAA).

Only the best `top` targets per row are kept: each row's scores are cut into blocks of
BLOCK columns, the `top` blocks with the highest maxima must hold the row's `top` best
scores, and only those blocks are ranked.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from .text import CharNgramTfidf

WEIGHTS = {
    "tags": 1.0,  # offers ↔ needs, as taxonomy tags, both directions
    "text": 0.6,  # offers ↔ needs, as free text, both directions
    "segments": 0.25,
    "technology_areas": 0.2,
    "trl": 0.15,
    "binational": 0.2,
}
BINATIONAL = frozenset({"US", "JP"})
TEXT_DIMENSIONS = 192
TEXT_SAMPLE = 5000  # texts the SVD is fitted on; all texts are then projected
CHUNK_CELLS = 32_000_000  # scores held at once (rows per chunk × population), ~128 MB
BLOCK = 64
TEXT_REASON_THRESHOLD = 0.2
TRL_LEVELS = 10  # 0 = unknown, 1–9
FEEDBACK_WEIGHT = 0.05
FEEDBACK_CAP = 0.15
FEEDBACK_LEAN_CLIP = 3.0


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


class Reason(NamedTuple):
    """Why a pair fits, in data the interface renders in either language.

    kind: "offers_need" (source offers tags the target needs), "needs_offer" (the reverse),
    "text_offers_need" / "text_needs_offer" (free-text similarity, value 0–1),
    "segments", "technology_areas", "trl_fit" (value = TRL difference), "binational".
    """

    kind: str
    codes: tuple[str, ...] = ()
    value: float = 0.0


class Flag(NamedTuple):
    """Compliance friction on a pair and the step that resolves it."""

    kind: str  # "itar" or "ear"
    side: str  # "source" or "target": whose offer is controlled
    step: str  # "licence_or_taa" or "licence_check"


class Match(NamedTuple):
    source_id: int
    target_id: int
    score: float
    reasons: tuple[Reason, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class TextModel:
    """Free text to unit vectors of at most TEXT_DIMENSIONS; empty text is the zero vector."""

    tfidf: CharNgramTfidf | None
    svd: TruncatedSVD | None

    @property
    def dimensions(self) -> int:
        if self.tfidf is None:
            return 1
        return self.svd.n_components if self.svd is not None else self.tfidf.width

    @classmethod
    def fit(cls, texts: Sequence[str]) -> tuple["TextModel", np.ndarray]:
        """Fits the model on `texts` and returns it with their vectors.

        The SVD is fitted on a sample of at most TEXT_SAMPLE texts; all are projected.
        """
        normalised = np.array([" ".join(text.split()) for text in texts], dtype=object)
        unique, inverse = np.unique(normalised, return_inverse=True)
        present = np.array([bool(text) for text in unique], dtype=bool)
        if not present.any():
            return cls(None, None), np.zeros((len(texts), 1), dtype=np.float32)
        tfidf = CharNgramTfidf()
        matrix = tfidf.fit_transform(unique[present].tolist())
        svd = None
        if matrix.shape[1] > TEXT_DIMENSIONS:
            sample = matrix
            if matrix.shape[0] > TEXT_SAMPLE:
                chosen = np.random.default_rng(0).choice(matrix.shape[0], TEXT_SAMPLE, replace=False)
                sample = matrix[np.sort(chosen)]
            components = min(TEXT_DIMENSIONS, sample.shape[0])
            svd = TruncatedSVD(n_components=components, algorithm="randomized", n_iter=4, random_state=0)
            svd.fit(sample)
        model = cls(tfidf, svd)
        vectors = np.zeros((len(unique), model.dimensions), dtype=np.float32)
        vectors[present] = model._project(matrix)
        return model, vectors[inverse.ravel()]

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        present = np.array([bool(text.strip()) for text in texts], dtype=bool)
        if self.tfidf is not None and present.any():
            vectors[present] = self._project(
                self.tfidf.transform([t for t, p in zip(texts, present, strict=True) if p])
            )
        return vectors

    def _project(self, matrix: sparse.csr_matrix) -> np.ndarray:
        dense = self.svd.transform(matrix) if self.svd is not None else matrix.toarray()
        return normalize(dense.astype(np.float32, copy=False))


@dataclass(frozen=True)
class Features:
    """The weighted feature matrices of one population: score = left · rightᵀ.

    The first `capability` columns carry the capability signal (tags, text, segments,
    areas); the rest the TRL fit and the binational preference.
    """

    left: np.ndarray
    right: np.ndarray
    capability: int
    offers_text: np.ndarray
    needs_text: np.ndarray
    text_model: TextModel
    country_codes: tuple[str, ...]


def _dense_unit(matrix: sparse.csr_matrix) -> np.ndarray:
    return normalize(matrix.astype(np.float32)).toarray()


def _trl_table() -> np.ndarray:
    levels = np.arange(TRL_LEVELS, dtype=np.float32)
    table = 1.0 - np.abs(levels[:, None] - levels[None, :]) / 8.0
    table[0, :] = table[:, 0] = 0.5
    return table


def _country_table(codes: tuple[str, ...]) -> np.ndarray:
    codes_array = np.array(codes)
    different = codes_array[:, None] != codes_array[None, :]
    binational = np.isin(codes_array, list(BINATIONAL))
    both = different & binational[:, None] & binational[None, :]
    return np.where(both, 1.0, np.where(different, 0.5, 0.0)).astype(np.float32)


def _one_hot(values: np.ndarray, width: int) -> np.ndarray:
    matrix = np.zeros((len(values), width), dtype=np.float32)
    matrix[np.arange(len(values)), values] = 1.0
    return matrix


def _assemble(profiles: ProfileSet, rows: np.ndarray, offers_text, needs_text, country_codes) -> tuple:
    """Left and right feature rows for `rows`, with the capability column count."""
    w = WEIGHTS
    offers, needs = _dense_unit(profiles.offers[rows]), _dense_unit(profiles.needs[rows])
    segments = _dense_unit(profiles.segments[rows])
    areas = _dense_unit(profiles.technology_areas[rows])
    trl = np.nan_to_num(profiles.trl[rows], nan=0.0).astype(np.int64).clip(0, TRL_LEVELS - 1)
    trl_hot = _one_hot(trl, TRL_LEVELS)
    country_index = {code: index for index, code in enumerate(country_codes)}
    country_hot = _one_hot(
        np.array([country_index[c] for c in profiles.countries[rows]], dtype=np.int64), len(country_codes)
    )
    left = np.hstack(
        [
            w["tags"] * offers,
            w["tags"] * needs,
            w["text"] * offers_text,
            w["text"] * needs_text,
            w["segments"] * segments,
            w["technology_areas"] * areas,
            w["trl"] * trl_hot @ _trl_table(),
            w["binational"] * country_hot @ _country_table(country_codes),
        ]
    )
    right = np.hstack([needs, offers, needs_text, offers_text, segments, areas, trl_hot, country_hot])
    capability = left.shape[1] - TRL_LEVELS - len(country_codes)
    return np.ascontiguousarray(left, dtype=np.float32), np.ascontiguousarray(right, dtype=np.float32), capability


def build_features(profiles: ProfileSet) -> Features:
    """Fits the text model and builds the matrices whose product is every pair's score."""
    n = len(profiles)
    text_model, vectors = TextModel.fit(list(profiles.offers_text) + list(profiles.needs_text))
    offers_text, needs_text = vectors[:n], vectors[n:]
    country_codes = tuple(sorted(set(profiles.countries.tolist())))
    left, right, capability = _assemble(profiles, np.arange(n), offers_text, needs_text, country_codes)
    return Features(left, right, capability, offers_text, needs_text, text_model, country_codes)


def update_features(features: Features, profiles: ProfileSet, rows: Sequence[int]) -> Features:
    """The features after the profiles at `rows` changed, without refitting the text model.

    `profiles` is the whole population with those rows changed (same order). A country the
    population has not seen before needs the full build.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not set(profiles.countries[rows].tolist()) <= set(features.country_codes):
        return build_features(profiles)
    model = features.text_model
    offers_text = features.offers_text.copy()
    needs_text = features.needs_text.copy()
    offers_text[rows] = model.transform([profiles.offers_text[row] for row in rows])
    needs_text[rows] = model.transform([profiles.needs_text[row] for row in rows])
    left_rows, right_rows, _capability = _assemble(
        profiles, rows, offers_text[rows], needs_text[rows], features.country_codes
    )
    left, right = features.left.copy(), features.right.copy()
    left[rows], right[rows] = left_rows, right_rows
    return replace(features, left=left, right=right, offers_text=offers_text, needs_text=needs_text)


def top_pairs(profiles: ProfileSet, features: Features, *, top: int = 10, rows: np.ndarray | None = None):
    """The best `top` partners for each row (all rows unless given), as index arrays.

    Returns (sources, targets, scores), each of length ≤ len(rows) × top, best first per
    source (ties by target). Works in chunks of rows so memory stays flat as the population grows.
    """
    n = len(profiles)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    k = min(top, max(n - 1, 0))
    empty = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    if k == 0 or len(rows) == 0:
        return empty
    blocks = -(-n // BLOCK)
    by_block = k * 4 <= blocks
    right = features.right
    if by_block and blocks * BLOCK != n:
        right = np.vstack([right, np.zeros((blocks * BLOCK - n, right.shape[1]), dtype=right.dtype)])
    chunk_rows = max(1, CHUNK_CELLS // len(right))
    sources, targets, scores = [], [], []
    for start in range(0, len(rows), chunk_rows):
        chunk = rows[start : start + chunk_rows]
        score = features.left[chunk] @ right.T
        score[:, n:] = -np.inf
        score[np.arange(len(chunk)), chunk] = -np.inf
        if by_block:
            maxima = score.reshape(len(chunk), blocks, BLOCK).max(axis=2)
            best_blocks = np.argpartition(-maxima, k - 1, axis=1)[:, :k]
            columns = (best_blocks[:, :, None] * BLOCK + np.arange(BLOCK)).reshape(len(chunk), k * BLOCK)
            candidates = np.take_along_axis(score, columns, axis=1)
        else:
            columns, candidates = None, score
        best = np.argpartition(-candidates, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(candidates, best, axis=1)
        if columns is not None:
            best = np.take_along_axis(columns, best, axis=1)
        order = np.lexsort((best, -best_scores), axis=1)
        best, best_scores = np.take_along_axis(best, order, axis=1), np.take_along_axis(best_scores, order, axis=1)
        pair_sources = np.repeat(chunk, k)
        pair_targets, pair_scores = best.ravel(), best_scores.ravel()
        keep = np.isfinite(pair_scores)
        keep[keep] = _capability(features, pair_sources[keep], pair_targets[keep], pair_scores[keep]) > 1e-6
        sources.append(pair_sources[keep])
        targets.append(pair_targets[keep])
        scores.append(pair_scores[keep])
    return np.concatenate(sources), np.concatenate(targets), np.concatenate(scores)


def _capability(features: Features, sources: np.ndarray, targets: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The capability part of each pair's score: the score less its few context columns."""
    columns = features.capability
    return scores - np.einsum("ij,ij->i", features.left[sources, columns:], features.right[targets, columns:])


def explain(profiles: ProfileSet, features: Features, sources: np.ndarray, targets: np.ndarray) -> list[tuple]:
    """Reasons and flags for each (source, target) pair.

    The pair-wise parts are computed for all pairs at once; the reason objects are made
    once per distinct value and shared, so explaining stays cheap for every stored pair.
    """
    columns = []
    for kind, source_side, target_side, names in (
        ("offers_need", profiles.offers, profiles.needs, profiles.tag_codes),
        ("needs_offer", profiles.needs, profiles.offers, profiles.tag_codes),
    ):
        columns.append(_shared(kind, source_side[sources].multiply(target_side[targets]).tocsr(), names))
    for kind, vectors, other in (
        ("text_offers_need", features.offers_text, features.needs_text),
        ("text_needs_offer", features.needs_text, features.offers_text),
    ):
        values = np.einsum("ij,ij->i", vectors[sources], other[targets]).astype(np.float64)
        values = np.round(np.clip(values, 0, 1), 3)
        values = np.where(values >= TEXT_REASON_THRESHOLD, values, 0).tolist()
        made = {value: Reason(kind, value=value) for value in set(values) if value}
        columns.append([made.get(value) for value in values])
    for kind, matrix, names in (
        ("segments", profiles.segments, profiles.segment_codes),
        ("technology_areas", profiles.technology_areas, profiles.technology_area_codes),
    ):
        columns.append(_shared(kind, matrix[sources].multiply(matrix[targets]).tocsr(), names))
    trl_gap = np.abs(profiles.trl[sources] - profiles.trl[targets])
    trl_gap = np.where(trl_gap <= 2, trl_gap, -1).tolist()
    made = {gap: Reason("trl_fit", value=gap) for gap in set(trl_gap) if gap >= 0}
    columns.append([made.get(gap) for gap in trl_gap])
    countries = profiles.countries
    source_countries, target_countries = countries[sources], countries[targets]
    binational = (
        (source_countries != target_countries)
        & np.isin(source_countries, list(BINATIONAL))
        & np.isin(target_countries, list(BINATIONAL))
    )
    pairs = np.where(binational, np.char.add(source_countries, target_countries), "").tolist()
    made = {pair: Reason("binational", (pair[:2], pair[2:])) for pair in set(pairs) if pair}
    columns.append([made.get(pair) for pair in pairs])
    reasons = [tuple(filter(None, row)) for row in zip(*columns, strict=True)]
    return list(zip(reasons, _flags(profiles, sources, targets), strict=True))


def _shared(kind: str, matrix: sparse.csr_matrix, names: tuple[str, ...]) -> list[Reason | None]:
    """The codes each pair shares in `matrix` (one row per pair), as reasons of `kind`."""
    matrix.sort_indices()
    indptr, indices = matrix.indptr.tolist(), matrix.indices.tolist()
    made = {}
    shared = []
    for row in range(matrix.shape[0]):
        key = tuple(indices[indptr[row] : indptr[row + 1]])
        if not key:
            shared.append(None)
            continue
        if key not in made:
            made[key] = Reason(kind, tuple(names[column] for column in key))
        shared.append(made[key])
    return shared


FLAG_STEPS = {"itar": "licence_or_taa", "ear": "licence_check"}


def _flags(profiles: ProfileSet, sources: np.ndarray, targets: np.ndarray) -> list[tuple[Flag, ...]]:
    """Export-control friction: a controlled offer on one side reaching a non-U.S. firm on the other."""
    classification, countries = profiles.export_classification, profiles.countries
    kinds = []
    for offering, receiving in ((sources, targets), (targets, sources)):
        controlled = np.isin(classification[offering], list(FLAG_STEPS)) & (countries[receiving] != "US")
        kinds.append(np.where(controlled, classification[offering], ""))
    keys = np.char.add(np.char.add(kinds[0], "|"), kinds[1]).tolist()
    made = {}
    for key in set(keys):
        source_kind, target_kind = key.split("|")
        made[key] = tuple(
            Flag(kind, side, FLAG_STEPS[kind])
            for kind, side in ((source_kind, "source"), (target_kind, "target"))
            if kind
        )
    return [made[key] for key in keys]


def allowed_pairs(is_partner: np.ndarray, empty: np.ndarray, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Which pairs may be suggested: never two partner organisations, never an empty profile."""
    return ~(is_partner[sources] & is_partner[targets]) & ~empty[targets]


def feedback_lean(
    n: int, segments: sparse.csr_matrix, sources: np.ndarray, targets: np.ndarray, weights: np.ndarray
) -> sparse.csr_matrix:
    """Each row's lean towards market segments, from weighted (source, target) feedback.

    A row leans by each weight towards the segments of the target it was given for; the
    lean per segment is clipped to ±FEEDBACK_LEAN_CLIP.
    """
    if len(sources) == 0:
        return sparse.csr_matrix((n, segments.shape[1]), dtype=np.float32)
    liked = sparse.csr_matrix(
        (np.asarray(weights, dtype=np.float32), (np.asarray(sources), np.asarray(targets))), shape=(n, n)
    )
    lean = (liked @ segments).tocsr()
    lean.data = np.clip(lean.data, -FEEDBACK_LEAN_CLIP, FEEDBACK_LEAN_CLIP)
    return lean


def feedback_bonus(
    lean: sparse.csr_matrix, segments: sparse.csr_matrix, sources: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """What each pair gains from its source's lean: FEEDBACK_WEIGHT × the lean over the target's segments."""
    bonus = np.asarray(lean[sources].multiply(segments[targets]).sum(axis=1)).ravel()
    return np.clip(FEEDBACK_WEIGHT * bonus, -FEEDBACK_CAP, FEEDBACK_CAP)


def cut_top(sources: np.ndarray, targets: np.ndarray, scores: np.ndarray, *, top: int) -> tuple:
    """The best `top` pairs per source by score, with their 1-based ranks.

    Returns (sources, targets, scores, ranks), grouped by source, best first; ties keep
    the order they came in (the stable sort).
    """
    order = np.lexsort((-scores, sources))
    sources, targets, scores = sources[order], targets[order], scores[order]
    if len(sources) == 0:
        return sources, targets, scores, np.empty(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(sources)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(sources)]))
    ranks = np.arange(len(sources)) - group_start + 1
    keep = ranks <= top
    return sources[keep], targets[keep], scores[keep], ranks[keep]


def rank(profiles: ProfileSet, *, top: int = 10, rows: Sequence[int] | None = None) -> list[Match]:
    """The best `top` matches for every profile (or the given row indices), with reasons."""
    features = build_features(profiles)
    sources, targets, scores = top_pairs(profiles, features, top=top, rows=None if rows is None else np.asarray(rows))
    explained = explain(profiles, features, sources, targets)
    return [
        Match(int(profiles.ids[s]), int(profiles.ids[t]), round(float(score), 4), reasons, flags)
        for s, t, score, (reasons, flags) in zip(sources, targets, scores, explained, strict=True)
    ]
