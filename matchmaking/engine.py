"""The matching engine: capability profiles in, ranked pairs with business reasons out.

Pure: arrays, sparse matrices and ids in; no ORM. The same engine ranks company ↔ company,
partner ↔ startup, mentor ↔ startup and company ↔ procurement opportunity: every side is
described by what it offers, what it needs, segments, technology areas, TRL and country.

How a pair (i, j) scores: every term is a product of a feature of i and a feature of j, so
the whole score is one dense matrix product, left · rightᵀ, computed in row chunks:
- what i offers against what j needs, and what j offers against what i needs, as glossary
  concepts (read from the text and from the ticked tags, each concept credited once however
  it was stated), as taxonomy tags the glossary cannot read, and as free text: TF-IDF over
  words of one vocabulary across languages (Japanese words translated to English stems the
  glossary teaches, see Glossary.pivot_words), so a Japanese description and an English one
  are compared as text too, not only a text with others in its own language; reduced to
  TEXT_DIMENSIONS by a truncated SVD;
- shared segments and technology areas (cosine);
- TRL fit, 1 − |Δ TRL| / 8 (0.5 when either is unknown), as one-hot TRL × a fit table;
- a binational preference, U.S. ↔ Japan first (1), other cross-border pairs (0.5), as
  one-hot country × a preference table;
- a need for a country's market met by a company based there: a Japanese company that
  needs "米国の顧客" or a U.S. company that needs "a Japanese partner" is lifted towards the
  companies of that country (the need's concept weight × one-hot country), as context.
A pair with no capability signal at all (the first `capability` columns) is never
suggested, however well the rest fits. Export-control friction never removes a pair: it is
raised as a flag with the step it needs (an ITAR-classified offer to a non-U.S. firm needs
a licence or a TAA).

Only the best `top` targets per row are kept: each row's scores are cut into blocks of
BLOCK columns, the `top` blocks with the highest maxima must hold the row's `top` best
scores, and only those blocks are ranked.
"""

import gc
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from threadpoolctl import threadpool_limits

from .concepts import ConceptModel
from .text import PivotTfidf

WEIGHTS = {
    "tags": 1.0,  # offers ↔ needs, as taxonomy tags the glossary cannot read, both directions
    "concepts": 1.0,  # offers ↔ needs, as glossary concepts read from text and tags, across languages
    "text": 0.3,  # offers ↔ needs, as free text across languages, both directions
    "segments": 0.08,  # context only: never enough on its own
    "technology_areas": 0.06,
    "trl": 0.05,
    "binational": 0.05,
    "market": 0.3,  # context: a need for a country's market, met by a company based there
}
# The glossary concept that names each country's market, as a need for it is written.
MARKET_CONCEPTS = {"US": "us-market-access", "JP": "japan-market-access"}
COMPETITION = 0.8  # what both offer counts against a pair, this much of what one offers the other
MUTUAL = 2.0  # how much a pair where both sides gain is lifted above a one-way fit
SHARED_TRADE = 0.7  # how much of what both offer is forgiven a pair that gains both ways, up to its mutual fit
CANDIDATES = 20  # pairs per row ranked by the product before the mutual lift and the cut
FULL_TAGS = 3  # tags a side may tick before each one counts for less
BINATIONAL = frozenset({"US", "JP"})
TEXT_DIMENSIONS = 192
TEXT_SAMPLE = 5000  # texts the SVD is fitted on; all texts are then projected
CHUNK_CELLS = 32_000_000  # scores held at once (rows per chunk × population), ~128 MB
RANKING_THREADS = min(4, os.cpu_count() or 1)  # chunks ranked at once, one a core, each holding its CHUNK_CELLS scores
THREAD_ROWS = 256  # fewest rows a ranking thread is given
BLOCK = 64  # columns a ranking block spans, a power of two (see _block_maxima)
MAXIMA_ROWS = 16  # rows whose block maxima are taken at once
TEXT_REASON_THRESHOLD = 0.2
FIT_UNIT = 0.9  # the score of one specific need met one way: the fit scale's 50 (see fit_of)
FIT_BANDS = ((75, "strong"), (50, "good"), (0, "possible"))
DIRECTION_THRESHOLD = 0.05  # a direction weaker than this is no real offer to a need
EXPLAIN_CHUNK = 20_000
EXACT_CHUNK = 4_000  # pairs scored at once in float64
TIE_TOLERANCE = 1e-4  # far above how much the float32 product of a chunk varies with its shape
SCORE_DECIMALS = 6
MAX_PHRASES = 3
EXCERPT = 90
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

    kind: "offers_need" (the source offers what the target needs: tags in `codes`, and
    concepts in `phrases` as (concept id, the source's phrase, the target's phrase)),
    "needs_offer" (the reverse), "text_offers_need" / "text_needs_offer" (free-text
    similarity across languages, value 0–1, phrases quote each side), and the context:
    "segments", "technology_areas", "trl_fit" (value = TRL difference).
    """

    kind: str
    codes: tuple[str, ...] = ()
    value: float = 0.0
    phrases: tuple[tuple[str, str, str], ...] = ()


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
    fit: "Fit | None" = None


@dataclass(frozen=True)
class TextModel:
    """Free text to unit vectors of at most TEXT_DIMENSIONS; empty text is the zero vector."""

    tfidf: PivotTfidf | None
    svd: TruncatedSVD | None

    @property
    def dimensions(self) -> int:
        if self.tfidf is None:
            return 1
        return self.svd.n_components if self.svd is not None else self.tfidf.width

    @classmethod
    def fit(cls, texts: Sequence[str], *, dimensions: int = TEXT_DIMENSIONS) -> tuple["TextModel", np.ndarray]:
        """Fits the model on `texts` and returns it with their vectors of at most `dimensions`.

        The SVD is fitted on a sample of at most TEXT_SAMPLE texts; all are projected. With
        no dimensions, the text plays no part (every vector is zero).
        """
        if dimensions <= 0:
            return cls(None, None), np.zeros((len(texts), 1), dtype=np.float32)
        normalised = np.array([" ".join(text.split()) for text in texts], dtype=object)
        unique, inverse = np.unique(normalised, return_inverse=True)
        present = np.array([bool(text) for text in unique], dtype=bool)
        if not present.any():
            return cls(None, None), np.zeros((len(texts), 1), dtype=np.float32)
        tfidf = PivotTfidf()
        matrix = tfidf.fit_transform(unique[present].tolist())
        svd = None
        if matrix.shape[1] > dimensions:
            sample = matrix
            if matrix.shape[0] > TEXT_SAMPLE:
                chosen = np.random.default_rng(0).choice(matrix.shape[0], TEXT_SAMPLE, replace=False)
                sample = matrix[np.sort(chosen)]
            components = min(dimensions, sample.shape[0])
            svd = TruncatedSVD(n_components=components, algorithm="randomized", n_iter=4, random_state=0)
            # Its dense factorisations are small and short: one BLAS thread does them faster
            # than threads that wait on each other, above all on a busy machine.
            with threadpool_limits(limits=1, user_api="blas"):
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
        return _unit_rows(dense.astype(np.float32, copy=False))


@dataclass(frozen=True)
class Features:
    """The weighted feature matrices of one population: score = left · rightᵀ.

    The first `capability` columns carry what one side offers against what the other needs
    (tags, concepts, text), less the competition between them; the rest are context
    (segments, technology areas, TRL fit, country). `fit_parts` columns of left and right
    split the capability part into its two directions, for the fit and its reasons.
    """

    left: np.ndarray
    right: np.ndarray
    capability: int
    offers_text: np.ndarray
    needs_text: np.ndarray
    text_model: TextModel
    country_codes: tuple[str, ...]
    concept_model: ConceptModel | None = None
    market_columns: tuple[int, ...] = ()  # per country code, the concept column of its market (−1: none)
    offers_concepts: sparse.csr_matrix | None = None
    needs_concepts: sparse.csr_matrix | None = None
    offers_mentions: tuple = ()
    needs_mentions: tuple = ()
    tag_weights: np.ndarray | None = None


def _unit_rows(dense: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1; zero rows, and matrices without columns (a market with no
    taxonomy yet), stay as they are."""
    length = np.sqrt(np.einsum("ij,ij->i", dense, dense))
    return dense / np.where(length > 0, length, 1.0)[:, None].astype(dense.dtype)


def _dense_unit(matrix: sparse.csr_matrix) -> np.ndarray:
    return _unit_rows(matrix.astype(np.float32).toarray())


def _informative(matrix: sparse.csr_matrix, weights: np.ndarray) -> np.ndarray:
    """0/1 rows weighted by √informativeness, shrunk only past a full description (see ConceptModel)."""
    return _informative_rows(matrix, weights).toarray()


def _informative_rows(matrix: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    matrix = matrix.astype(np.float32).tocsr()
    named = np.diff(matrix.indptr).astype(np.float32)
    scale = 1.0 / np.sqrt(np.maximum(1.0, named / FULL_TAGS))
    return (sparse.diags(scale) @ matrix @ sparse.diags(np.sqrt(weights).astype(np.float32))).tocsr()


def _tag_weights(profiles: ProfileSet, tag_concepts: Sequence[tuple[int, ...]]) -> np.ndarray:
    """Informativeness of each taxonomy tag: smoothed inverse document frequency, at most 1.

    A tag the glossary reads as concepts weighs 0 here: ticking it names those concepts, and
    the concept columns credit it once, the same as writing them in the text. Only a tag
    the glossary cannot read is credited as a tag.
    """
    read = np.array([bool(concepts) for concepts in tag_concepts], dtype=bool)
    return np.where(read, 0.0, _tag_informativeness(profiles)).astype(np.float32)


def _tag_informativeness(profiles: ProfileSet) -> np.ndarray:
    """Each taxonomy tag's smoothed inverse document frequency over the population's offers
    and needs, scaled to at most 1: a tag every company ticks counts little."""
    documents = 2 * len(profiles)
    frequency = (
        np.asarray((profiles.offers > 0).sum(axis=0)).ravel() + np.asarray((profiles.needs > 0).sum(axis=0)).ravel()
    )
    idf = np.log((1 + documents) / (1 + frequency)) + 1.0
    return (idf / (np.log(1 + documents) + 1.0)).astype(np.float32)


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


def _market_columns(model: ConceptModel, country_codes: tuple[str, ...]) -> tuple[int, ...]:
    """Per country code, the column of the concept model that names that country's market, or −1."""
    column_of = {model.glossary.concepts[concept].id: column for column, concept in enumerate(model.columns.tolist())}
    return tuple(column_of.get(MARKET_CONCEPTS.get(code, ""), -1) for code in country_codes)


def _market_needs(needs_concepts: sparse.csr_matrix, market_columns: tuple[int, ...]) -> np.ndarray:
    """Rows × countries: how much each row needs each country's market (its concept's weight)."""
    needed = np.zeros((needs_concepts.shape[0], len(market_columns)), dtype=np.float32)
    for country, column in enumerate(market_columns):
        if column >= 0:
            needed[:, country] = needs_concepts[:, column].toarray().ravel()
    return needed


def _one_hot(values: np.ndarray, width: int) -> np.ndarray:
    matrix = np.zeros((len(values), width), dtype=np.float32)
    matrix[np.arange(len(values)), values] = 1.0
    return matrix


def _assemble(
    profiles: ProfileSet,
    rows: np.ndarray,
    offers_text: np.ndarray,
    needs_text: np.ndarray,
    offers_concepts: sparse.csr_matrix,
    needs_concepts: sparse.csr_matrix,
    tag_weights: np.ndarray,
    country_codes: tuple[str, ...],
    market_columns: tuple[int, ...],
) -> tuple:
    """Left and right feature rows for `rows`, with the capability column count.

    Each capability block pairs i's offers with j's needs less COMPETITION × j's offers,
    and i's needs with j's offers: i·j = O_i·N_j + N_i·O_j − COMPETITION × O_i·O_j,
    symmetric, and a company offering what another offers is pushed down, not up. The
    market block is symmetric the same way: i's need for j's country's market, and j's for i's.
    """
    w = WEIGHTS
    offers, needs = _informative(profiles.offers[rows], tag_weights), _informative(profiles.needs[rows], tag_weights)
    offers_c, needs_c = offers_concepts.toarray(), needs_concepts.toarray()
    segments = _dense_unit(profiles.segments[rows])
    areas = _dense_unit(profiles.technology_areas[rows])
    trl = np.nan_to_num(profiles.trl[rows], nan=0.0).astype(np.int64).clip(0, TRL_LEVELS - 1)
    trl_hot = _one_hot(trl, TRL_LEVELS)
    country_index = {code: index for index, code in enumerate(country_codes)}
    country_hot = _one_hot(
        np.array([country_index[c] for c in profiles.countries[rows]], dtype=np.int64), len(country_codes)
    )
    market = _market_needs(needs_concepts, market_columns)
    left = _side_by_side(
        [
            w["tags"] * offers,
            w["concepts"] * offers_c,
            w["text"] * offers_text,
            w["tags"] * needs,
            w["concepts"] * needs_c,
            w["text"] * needs_text,
            w["segments"] * segments,
            w["technology_areas"] * areas,
            w["trl"] * trl_hot @ _trl_table(),
            w["binational"] * country_hot @ _country_table(country_codes),
            w["market"] * market,
            w["market"] * country_hot,
        ]
    )
    right = _side_by_side(
        [
            needs - COMPETITION * offers,
            needs_c - COMPETITION * offers_c,
            needs_text - COMPETITION * offers_text,
            offers,
            offers_c,
            offers_text,
            segments,
            areas,
            trl_hot,
            country_hot,
            country_hot,
            market,
        ]
    )
    capability = 2 * (offers.shape[1] + offers_c.shape[1] + offers_text.shape[1])
    return left, right, capability


def _side_by_side(blocks: list[np.ndarray]) -> np.ndarray:
    """The blocks as the columns of one C-ordered float32 matrix, each written once in place
    (np.hstack would build a float64 copy, and then a float32 one)."""
    matrix = np.empty((len(blocks[0]), sum(block.shape[1] for block in blocks)), dtype=np.float32)
    start = 0
    for block in blocks:
        matrix[:, start : start + block.shape[1]] = block
        start += block.shape[1]
    return matrix


@contextmanager
def _collector_paused():
    """Reading texts and explaining pairs make small objects by the hundred thousand (mentions,
    words, reasons), none in a cycle: the cyclic garbage collector would walk every live object
    again each time they pile up past its thresholds. They are freed by reference count;
    anything cyclic made meanwhile waits for the next collection after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_features(profiles: ProfileSet, *, text_dimensions: int = TEXT_DIMENSIONS) -> Features:
    """Fits the text and concept models and builds the matrices whose product is every pair's score.

    `text_dimensions` bounds the free-text vectors; 0 leaves free text out of the features, for
    a caller that compares the texts itself (the concepts read from them stay).
    """
    with _collector_paused():
        return _build_features(profiles, text_dimensions)


def _build_features(profiles: ProfileSet, text_dimensions: int) -> Features:
    n = len(profiles)
    text_model, vectors = TextModel.fit(
        list(profiles.offers_text) + list(profiles.needs_text), dimensions=text_dimensions
    )
    offers_text, needs_text = vectors[:n], vectors[n:]
    concept_model, concepts, mentions = ConceptModel.fit(
        list(profiles.offers_text) + list(profiles.needs_text),
        sparse.vstack([profiles.offers, profiles.needs], format="csr"),
        profiles.tag_codes,
    )
    offers_concepts, needs_concepts = concepts[:n], concepts[n:]
    tag_weights = _tag_weights(profiles, concept_model.tag_concepts)
    country_codes = tuple(sorted(set(profiles.countries.tolist())))
    market_columns = _market_columns(concept_model, country_codes)
    left, right, capability = _assemble(
        profiles,
        np.arange(n),
        offers_text,
        needs_text,
        offers_concepts,
        needs_concepts,
        tag_weights,
        country_codes,
        market_columns,
    )
    return Features(
        left,
        right,
        capability,
        offers_text,
        needs_text,
        text_model,
        country_codes,
        concept_model,
        market_columns,
        offers_concepts,
        needs_concepts,
        tuple(mentions[:n]),
        tuple(mentions[n:]),
        tag_weights,
    )


def update_features(features: Features, profiles: ProfileSet, rows: Sequence[int]) -> Features:
    """The features after the profiles at `rows` changed, without refitting the text or concept model.

    `profiles` is the whole population with those rows changed (same order). The changed
    rows are read with the fitted models: a concept the population did not name when the
    model was fitted counts from the next full build. A country the population has not
    seen before needs the full build, as do features stored without their market columns.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not set(profiles.countries[rows].tolist()) <= set(features.country_codes):
        return build_features(profiles)
    if len(features.market_columns) != len(features.country_codes):  # stored before markets were read
        return build_features(profiles)
    model = features.text_model
    offers_text = features.offers_text.copy()
    needs_text = features.needs_text.copy()
    offers_text[rows] = model.transform([profiles.offers_text[row] for row in rows])
    needs_text[rows] = model.transform([profiles.needs_text[row] for row in rows])
    concepts, mentions = features.concept_model.transform(
        [profiles.offers_text[row] for row in rows] + [profiles.needs_text[row] for row in rows],
        sparse.vstack([profiles.offers[rows], profiles.needs[rows]], format="csr"),
    )
    offers_concepts = _replace_rows(features.offers_concepts, rows, concepts[: len(rows)])
    needs_concepts = _replace_rows(features.needs_concepts, rows, concepts[len(rows) :])
    offers_mentions, needs_mentions = list(features.offers_mentions), list(features.needs_mentions)
    for position, row in enumerate(rows.tolist()):
        offers_mentions[row], needs_mentions[row] = mentions[position], mentions[len(rows) + position]
    left_rows, right_rows, _capability = _assemble(
        profiles,
        rows,
        offers_text[rows],
        needs_text[rows],
        offers_concepts[rows],
        needs_concepts[rows],
        features.tag_weights,
        features.country_codes,
        features.market_columns,
    )
    left, right = features.left.copy(), features.right.copy()
    left[rows], right[rows] = left_rows, right_rows
    return replace(
        features,
        left=left,
        right=right,
        offers_text=offers_text,
        needs_text=needs_text,
        offers_concepts=offers_concepts,
        needs_concepts=needs_concepts,
        offers_mentions=tuple(offers_mentions),
        needs_mentions=tuple(needs_mentions),
    )


def realign(features: Features, old_ids: np.ndarray, new_ids: np.ndarray) -> tuple[Features, np.ndarray]:
    """The features of a population with ids `old_ids` re-indexed to `new_ids`, and the rows of
    ids they did not hold (zero until `update_features` reads them): a company added or
    deleted since the models were fitted does not make them fitted again."""
    position = {company_id: row for row, company_id in enumerate(old_ids.tolist())}
    source = np.array([position.get(company_id, -1) for company_id in new_ids.tolist()], dtype=np.int64)
    known = np.flatnonzero(source >= 0)

    def dense(matrix: np.ndarray) -> np.ndarray:
        taken = np.zeros((len(new_ids), matrix.shape[1]), dtype=matrix.dtype)
        taken[known] = matrix[source[known]]
        return taken

    selector = sparse.csr_matrix(
        (np.ones(len(known), dtype=np.float32), (known, source[known])), shape=(len(new_ids), len(old_ids))
    )
    return (
        replace(
            features,
            left=dense(features.left),
            right=dense(features.right),
            offers_text=dense(features.offers_text),
            needs_text=dense(features.needs_text),
            offers_concepts=(selector @ features.offers_concepts).tocsr(),
            needs_concepts=(selector @ features.needs_concepts).tocsr(),
            offers_mentions=tuple(features.offers_mentions[row] if row >= 0 else () for row in source.tolist()),
            needs_mentions=tuple(features.needs_mentions[row] if row >= 0 else () for row in source.tolist()),
        ),
        np.flatnonzero(source < 0),
    )


def _replace_rows(matrix: sparse.csr_matrix, rows: np.ndarray, new: sparse.csr_matrix) -> sparse.csr_matrix:
    keep = np.ones(matrix.shape[0], dtype=bool)
    keep[rows] = False
    selector = sparse.diags(keep.astype(np.float32))
    placed = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))), shape=(matrix.shape[0], len(rows))
    )
    return (selector @ matrix + placed @ new).tocsr()


def top_pairs(profiles: ProfileSet, features: Features, *, top: int = 10, rows: np.ndarray | None = None):
    """The best `top` partners for each row (all rows unless given), as index arrays.

    Returns (sources, targets, scores), each of length ≤ len(rows) × top, best first per
    source, ties by target. Works in chunks of rows so memory stays flat as the population grows.

    A row's partners do not depend on which rows it is computed with: the fast float32
    product of a chunk rounds a little differently with the chunk's shape, so it only
    chooses candidates (every target within TIE_TOLERANCE of the row's `top`-th best); their
    scores are then computed again pair by pair (`exact_scores`), and
    ranked by (score descending, target ascending).
    """
    n = len(profiles)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    k = min(top, max(n - 1, 0))
    empty = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if k == 0 or len(rows) == 0:
        return empty
    blocks = -(-n // BLOCK)
    by_block = k * 4 <= blocks
    right = features.right
    padding = blocks * BLOCK - n if by_block else 0
    chunk_rows = max(1, CHUNK_CELLS // (n + padding))
    # Whole blocks: few rows pad their scores, many pad the population once.
    pad_scores = padding and len(rows) <= chunk_rows
    if padding and not pad_scores:
        right = np.vstack([right, np.zeros((padding, right.shape[1]), dtype=right.dtype)])

    def candidates(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        score = features.left[chunk] @ right.T
        if pad_scores:
            score = np.hstack([score, np.zeros((len(chunk), padding), dtype=score.dtype)])
        score[:, n:] = -np.inf
        score[np.arange(len(chunk)), chunk] = -np.inf
        if by_block:
            maxima = _block_maxima(score, blocks)
            best_blocks = np.argpartition(-maxima, k - 1, axis=1)[:, :k]
            columns = (best_blocks[:, :, None] * BLOCK + np.arange(BLOCK)).reshape(len(chunk), k * BLOCK)
            kth = -np.partition(-np.take_along_axis(score, columns, axis=1), k - 1, axis=1)[:, k - 1]
            floor = (kth - TIE_TOLERANCE)[:, None]
            # Every block that may hold a candidate, then the candidates in them.
            block_rows, block_index = np.nonzero(maxima >= floor)
            cells = block_index[:, None] * BLOCK + np.arange(BLOCK)
            values = score[block_rows[:, None], cells]
            pair, offset = np.nonzero(values >= floor[block_rows])
            chosen_rows, chosen = block_rows[pair], cells[pair, offset]
        else:
            kth = -np.partition(-score, k - 1, axis=1)[:, k - 1]
            chosen_rows, chosen = np.nonzero(score >= (kth - TIE_TOLERANCE)[:, None])
        keep = np.isfinite(score[chosen_rows, chosen])
        chunk_sources, chunk_targets = chunk[chosen_rows[keep]], chosen[keep]
        return chunk_sources, chunk_targets, exact_scores(features, chunk_sources, chunk_targets)

    # Rows that fit one chunk are still shared between the threads, down to THREAD_ROWS each.
    step = min(chunk_rows, max(THREAD_ROWS, -(-len(rows) // RANKING_THREADS)))
    chunks = [rows[start : start + step] for start in range(0, len(rows), step)]
    if len(chunks) == 1:
        found = [candidates(chunks[0])]
    else:
        # One chunk a thread, each product on one BLAS thread: what a chunk does besides its
        # product (numpy, which lets go of the interpreter lock) runs beside another chunk's
        # product instead of leaving the other cores idle.
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(RANKING_THREADS) as pool:
            found = list(pool.map(candidates, chunks))
    pair_sources, pair_targets, pair_scores = (np.concatenate(part) for part in zip(*found, strict=True))
    order = np.lexsort((pair_targets, -pair_scores, pair_sources))
    pair_sources, pair_targets, pair_scores = pair_sources[order], pair_targets[order], pair_scores[order]
    if len(pair_sources):
        starts = np.r_[0, np.flatnonzero(np.diff(pair_sources)) + 1]
        within = np.arange(len(pair_sources)) - np.repeat(starts, np.diff(np.r_[starts, len(pair_sources)]))
        first = within < k
        pair_sources, pair_targets, pair_scores = pair_sources[first], pair_targets[first], pair_scores[first]
    # Group by the order the rows were asked in, as before.
    position = np.empty(n, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    order = np.argsort(position[pair_sources], kind="stable")
    pair_sources, pair_targets, pair_scores = pair_sources[order], pair_targets[order], pair_scores[order]
    keep = _capability(features, pair_sources, pair_targets, pair_scores) > 1e-6
    return pair_sources[keep], pair_targets[keep], pair_scores[keep]


def _block_maxima(score: np.ndarray, blocks: int) -> np.ndarray:
    """Each row's highest score in each block of BLOCK columns, as the maxima of the blocks'
    halves taken again and again, MAXIMA_ROWS rows at a time so the halves stay in the
    processor's cache: about three times as fast as numpy's max along a short last axis."""
    maxima = np.empty((len(score), blocks), dtype=score.dtype)
    for start in range(0, len(score), MAXIMA_ROWS):
        halves = score[start : start + MAXIMA_ROWS].reshape(-1, blocks, BLOCK)
        while halves.shape[2] > 1:
            width = halves.shape[2] // 2
            halves = np.maximum(halves[:, :, :width], halves[:, :, width:])
        maxima[start : start + MAXIMA_ROWS] = halves[:, :, 0]
    return maxima


def against_all(features: Features, row: int) -> np.ndarray:
    """The scores of `row` against every row, lifted by how mutual each fit is as in
    `rescore` (not lowered for rivalry, so never below the pair's score there); −inf for
    itself and for rows with no capability signal. One product per term instead of one per
    pair: what a one-company refresh needs to see whose lists the company may enter (the
    score is symmetric). Float32, not `exact_scores`."""
    left, right, columns = features.left, features.right, features.capability
    half = columns // 2
    scores = right @ left[row]
    capability = scores - right[:, columns:] @ left[row, columns:]
    forward = left[:, half : 2 * half] @ right[row, half : 2 * half]
    backward = right[:, half : 2 * half] @ left[row, half : 2 * half]
    competition = right[:, half : 2 * half] @ left[row, :half]
    boosted = scores + _lift(forward, backward, competition)
    boosted[capability <= 1e-6] = -np.inf
    boosted[row] = -np.inf
    return boosted.astype(np.float64)


def exact_scores(features: Features, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """left · right of each pair, computed pair by pair and rounded to SCORE_DECIMALS: the same
    number for a pair whatever else is computed beside it."""
    scores = np.empty(len(sources), dtype=np.float64)
    for start in range(0, len(sources), EXACT_CHUNK):
        s, t = sources[start : start + EXACT_CHUNK], targets[start : start + EXACT_CHUNK]
        scores[start : start + len(s)] = np.einsum("ij,ij->i", features.left[s], features.right[t])
    return np.round(scores, SCORE_DECIMALS)


def _capability(features: Features, sources: np.ndarray, targets: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The capability part of each pair's score: the score less its few context columns."""
    return scores - context_scores(features, sources, targets)


def context_scores(features: Features, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The context part of each pair's score: shared segments and technology areas, TRL, country, market."""
    columns, left, right = features.capability, features.left, features.right
    parts = np.empty(len(sources), dtype=np.float32)
    for start in range(0, len(sources), EXPLAIN_CHUNK):
        s, t = sources[start : start + EXPLAIN_CHUNK], targets[start : start + EXPLAIN_CHUNK]
        parts[start : start + len(s)] = np.einsum("ij,ij->i", left[s, columns:], right[t, columns:])
    return parts


class Fit(NamedTuple):
    """How well a pair fits, on a fixed scale: the same number means the same fit in every list."""

    score: int  # 0–100
    band: str  # "strong", "good" or "possible"
    mutual: bool  # each side offers something the other needs


def fit_of(
    forward: np.ndarray,
    backward: np.ndarray,
    competition: np.ndarray,
    context: np.ndarray,
    rivalry: np.ndarray | None = None,
) -> list[Fit]:
    """The fit of pairs, 0–100, from their two directions, what both offer, their context and
    how directly they compete (`rivalry`, none if not given).

    The fit is the pair's score as the lists are ranked by it (before a company's own
    feedback), on a fixed scale: the score counted in FIT_UNITs, the score of one specific
    need met one way (a concept few companies name, as written or ticked, weighs about 0.85,
    and a pair's context adds a little), then 100 × units / (1 + units). So it never depends
    on the other companies of the run, both sides of a pair read the same number, and a
    list never shows a higher fit below a lower one unless feedback moved it:

    - 0 units, nothing either side needs: 0;
    - a generic concept in common (market access, sales), or only similar text: below 50;
    - one specific need met one way, 1 unit: 50, where "good" starts;
    - three specific needs met one way, or one need each way (1 + 1 + the mutual lift of
      MUTUAL × 1): 3 to 4 units, 75 to 80, where "strong" starts at 75;
    - needs met both ways with two or three specific concepts each way: 9 units and more, 90+.

    100 is never reached.
    """
    ranked = forward + backward - COMPETITION * competition + context
    rivals = np.zeros_like(ranked) if rivalry is None else rivalry
    ranked = _demoted(ranked + _lift(forward, backward, competition, rivals), rivals)
    units = np.maximum(ranked, 0.0) / FIT_UNIT
    scores = np.rint(100.0 * units / (1.0 + units)).astype(int).tolist()
    mutual = ((forward >= DIRECTION_THRESHOLD) & (backward >= DIRECTION_THRESHOLD)).tolist()
    made = {}
    fits = []
    for score, both in zip(scores, mutual, strict=True):
        key = (score, both)
        if key not in made:
            band = next(name for floor, name in FIT_BANDS if score >= floor)
            made[key] = Fit(score, band, both)
        fits.append(made[key])
    return fits


def directions(features: Features, sources: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, ...]:
    """(forward, backward, competition) of each pair: what the source offers the target, the
    reverse, and what both offer, each as the weighted sum over tags, concepts and text."""
    half = features.capability // 2
    left, right = features.left, features.right
    parts = [np.empty(len(sources), dtype=np.float32) for _ in range(3)]
    for start in range(0, len(sources), EXPLAIN_CHUNK):
        s, t = sources[start : start + EXPLAIN_CHUNK], targets[start : start + EXPLAIN_CHUNK]
        stop = start + len(s)
        target_offers = right[t, half : 2 * half]
        parts[0][start:stop] = np.einsum("ij,ij->i", left[t, half : 2 * half], right[s, half : 2 * half])
        source_gives = left[s, : 2 * half]
        parts[1][start:stop] = np.einsum("ij,ij->i", source_gives[:, half:], target_offers)
        parts[2][start:stop] = np.einsum("ij,ij->i", source_gives[:, :half], target_offers)
    return tuple(parts)


class Explanation(NamedTuple):
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    fit: Fit


def explain(profiles: ProfileSet, features: Features, sources: np.ndarray, targets: np.ndarray) -> list[Explanation]:
    """Reasons, compliance flags and the fit of each (source, target) pair.

    What each side gains comes first, quoting the phrase each side wrote for the concept
    that matched; shared segments, technology areas and TRL follow as context. Pairs are
    grouped by what their reasons would say (array operations over all pairs), and each
    distinct reason is made once and shared, so explaining stays cheap for every stored pair.
    """
    with _collector_paused():
        return _explain(profiles, features, np.asarray(sources), np.asarray(targets))


def _explain(profiles: ProfileSet, features: Features, sources: np.ndarray, targets: np.ndarray) -> list[Explanation]:
    forward, backward, competition = directions(features, sources, targets)
    rows = np.unique(np.concatenate([sources, targets]))
    phrases_table: dict[str, int] = {"": 0}
    offered = _named(features, profiles.offers, features.offers_mentions, rows, phrases_table, as_kind=True)
    needed = _named(features, profiles.needs, features.needs_mentions, rows, phrases_table)
    texts = list(phrases_table)
    glossary_ids = [concept.id for concept in features.concept_model.glossary.concepts]
    concept_ids = [glossary_ids[concept] for concept in _by_weight(features).tolist()]  # as `_named` numbers them
    columns = []
    for kind, source_side, target_side, source_named, target_named in (
        ("offers_need", profiles.offers, profiles.needs, offered, needed),
        ("needs_offer", profiles.needs, profiles.offers, needed, offered),
    ):
        tags = source_side[sources].multiply(target_side[targets]).tocsr()
        # The concepts both sides name, in one sparse product: columns run from the most
        # informative concept down, so each pair's best shared ones are the first of its row.
        shared = source_named[sources].multiply(target_named[targets] > 0).tocsr()
        theirs = target_named[targets].multiply(source_named[sources] > 0).tocsr()
        columns.append(_gains(kind, tags, shared, theirs, profiles.tag_codes, concept_ids, texts).tolist())
    for kind, vectors, other, source_texts, target_texts, covered in (
        ("text_offers_need", features.offers_text, features.needs_text, profiles.offers_text, profiles.needs_text, 0),
        ("text_needs_offer", features.needs_text, features.offers_text, profiles.needs_text, profiles.offers_text, 1),
    ):
        column: list[Reason | None] = [None] * len(sources)
        # Only where the tags and concepts do not already say what matched.
        open_pairs = np.flatnonzero(np.fromiter((r is None for r in columns[covered]), dtype=bool, count=len(sources)))
        s, t = sources[open_pairs], targets[open_pairs]
        values = np.einsum("ij,ij->i", vectors[s], other[t]).astype(np.float64)
        values = np.round(np.clip(values, 0, 1), 3)
        told = values >= TEXT_REASON_THRESHOLD
        for pair, source, target, value in zip(
            open_pairs[told].tolist(), s[told].tolist(), t[told].tolist(), values[told].tolist(), strict=True
        ):
            phrases = (("", _excerpt(source_texts[source]), _excerpt(target_texts[target])),)
            column[pair] = Reason(kind, (), value, phrases)
        columns.append(column)
    for kind, matrix, names in (
        ("segments", profiles.segments, profiles.segment_codes),
        ("technology_areas", profiles.technology_areas, profiles.technology_area_codes),
    ):
        columns.append(_shared(kind, matrix[sources].multiply(matrix[targets]).tocsr(), names).tolist())
    trl_gap = np.abs(profiles.trl[sources] - profiles.trl[targets])
    trl_gap = np.where(trl_gap <= 2, trl_gap, -1).tolist()
    made = {gap: Reason("trl_fit", value=gap) for gap in set(trl_gap) if gap >= 0}
    columns.append([made.get(gap) for gap in trl_gap])
    reasons = [tuple(filter(None, row)) for row in zip(*columns, strict=True)]
    flags = _flags(profiles, sources, targets, forward, backward)
    fits = fit_of(
        forward, backward, competition, context_scores(features, sources, targets), rivalry(profiles, sources, targets)
    )
    return list(map(Explanation._make, zip(reasons, flags, fits, strict=True)))


def _distinct(keys: list[np.ndarray], count: int) -> tuple[np.ndarray, np.ndarray]:
    """Numbers the distinct rows of integer key columns (all of length `count`): the number of
    each row, and one row holding each number. Columns are packed into one integer each row
    while it holds them, and numbered (made dense) only when the next would not fit."""
    if count == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    packed, span = np.zeros(count, dtype=np.int64), 1
    for key in keys:
        key = key - key.min()
        width = int(key.max()) + 1
        if span * width >= 1 << 62:
            _values, packed = np.unique(packed, return_inverse=True)
            span = int(packed.max()) + 1
        packed, span = packed * width + key, span * width
    _values, first, numbers = np.unique(packed, return_index=True, return_inverse=True)
    return numbers.ravel(), first


def _places(matrix: sparse.csr_matrix, width: int, *values: np.ndarray) -> list[np.ndarray]:
    """Key columns of the first `width` entries of each row (indices sorted): for each place,
    each of `values` (aligned with `matrix.indices`) at that place, −1 where the row is shorter."""
    starts, lengths = matrix.indptr[:-1], np.diff(matrix.indptr)
    keys = []
    for place in range(width):
        has = lengths > place
        for aligned in values:
            key = np.full(matrix.shape[0], -1, dtype=np.int64)
            key[has] = aligned[starts[has] + place]
            keys.append(key)
    return keys


def _row_width(matrix: sparse.csr_matrix) -> int:
    return int(np.diff(matrix.indptr).max()) if matrix.shape[0] else 0


def _gains(
    kind: str,
    tags: sparse.csr_matrix,
    shared: sparse.csr_matrix,
    theirs: sparse.csr_matrix,
    tag_codes: tuple[str, ...],
    concept_ids: list[str],
    texts: list[str],
) -> np.ndarray:
    """The reason of `kind` for each pair (None where it has none): the tags both sides name
    (`tags`, one row per pair), and the best MAX_PHRASES concepts both name, quoting each
    side's phrase (`shared` and `theirs`: 1 + the phrase's index in `texts`, aligned)."""
    count = tags.shape[0]
    shared.sort_indices()
    theirs.sort_indices()
    tags.sort_indices()
    mine_phrase, their_phrase = shared.data.astype(np.int64) - 1, theirs.data.astype(np.int64) - 1
    keys = _places(tags, _row_width(tags), tags.indices) + _places(
        shared, MAX_PHRASES, shared.indices, mine_phrase, their_phrase
    )
    numbers, first = _distinct(keys, count)
    reasons = np.full(len(first), None, dtype=object)
    for number, pair in enumerate(first.tolist()):
        codes = tuple(tag_codes[tag] for tag in tags.indices[tags.indptr[pair] : tags.indptr[pair + 1]].tolist())
        start, stop = shared.indptr[pair], min(shared.indptr[pair + 1], shared.indptr[pair] + MAX_PHRASES)
        phrases = tuple(
            (concept_ids[concept], texts[mine], texts[their])
            for concept, mine, their in zip(
                shared.indices[start:stop].tolist(),
                mine_phrase[start:stop].tolist(),
                their_phrase[start:stop].tolist(),
                strict=True,
            )
        )
        if codes or phrases:
            reasons[number] = Reason(kind, codes, 0.0, phrases)
    return reasons[numbers]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _by_weight(features: Features) -> np.ndarray:
    """The glossary concepts from the most informative down (ties by glossary order); concepts
    the population does not use come last. Explaining numbers concepts in this order."""
    model = features.concept_model
    weight = np.zeros(len(model.glossary), dtype=np.float64)
    weight[model.columns] = model.weights
    return np.lexsort((np.arange(len(weight)), -weight))


def _named(
    features: Features,
    tags: sparse.csr_matrix,
    mentions: tuple,
    rows: np.ndarray,
    table: dict[str, int],
    *,
    as_kind: bool = False,
) -> sparse.csr_matrix:
    """Population rows × concepts (numbered as `_by_weight` orders them): for each of `rows`,
    the concepts a side names, each with 1 + the index in `table` of the phrase it used (the
    empty phrase when only a tag names it). Only the rows of the pairs being explained are
    read, so explaining the few pairs of a one-company refresh stays cheap however large the
    population. With `as_kind`, what the text names also stands for its broader concept where
    the side does not name that itself, quoting the same phrase: an offer of Hall thrusters
    meets a need for electric propulsion, and the reason says so."""
    tag_concepts = features.concept_model.tag_concepts
    position = np.empty(len(features.concept_model.glossary), dtype=np.int64)
    position[_by_weight(features)] = np.arange(len(position))
    shape = (features.left.shape[0], len(position))
    # What the texts name, each concept once a text (Glossary.read_text), with its phrase.
    lengths = np.fromiter((len(mentions[row]) for row in rows.tolist()), dtype=np.int64, count=len(rows))
    named = [mention for row in rows.tolist() for mention in mentions[row]]
    concepts = np.fromiter((mention.concept for mention in named), dtype=np.int64, count=len(named))
    phrases = np.fromiter(
        (table.setdefault(mention.phrase, len(table)) for mention in named), dtype=np.int64, count=len(named)
    )
    text_rows = np.repeat(rows, lengths)
    in_text = sparse.csr_matrix((phrases + 1.0, (text_rows, position[concepts])), shape=shape)
    # What only a tag names quotes the empty phrase, the first in `table` (stored as 1).
    spelt = np.array([(tag, concept) for tag, found in enumerate(tag_concepts) for concept in found], dtype=np.int64)
    spelt = spelt.reshape(-1, 2)
    spells = sparse.csr_matrix(
        (np.ones(len(spelt)), (spelt[:, 0], position[spelt[:, 1]])), shape=(len(tag_concepts), shape[1])
    )
    by_tags = (tags.tocsr()[rows] @ spells).tocoo()
    by_tags = sparse.csr_matrix((np.ones(by_tags.nnz), (rows[by_tags.row], by_tags.col)), shape=shape)
    by_tags.data[:] = 1.0  # a concept two tags spell
    by_tags = by_tags - by_tags.multiply(in_text > 0)
    by_tags.eliminate_zeros()
    named = (in_text + by_tags).tocsr()
    if as_kind:
        named = named + _as_broader(features, named, text_rows, concepts, phrases, position)
    return named


def _as_broader(
    features: Features,
    named: sparse.csr_matrix,
    rows: np.ndarray,
    concepts: np.ndarray,
    phrases: np.ndarray,
    position: np.ndarray,
) -> sparse.csr_matrix:
    """What to add to `named` so each text mention also names its broader concept, quoting the
    mention's phrase: where the row names that concept only by a tag or not at all, or names it
    in its text later than the narrower kind (小型の合成開口レーダー衛星 … 夜間や悪天候 quotes the
    satellite for SAR). Where several kinds name one concept, the first in the text stands.
    `rows`, `concepts` and `phrases` are the rows' mentions in the order their texts name them."""
    width = named.shape[1]
    order = np.arange(len(concepts))
    direct = rows * width + position[concepts]
    parents = np.asarray(features.concept_model.glossary.broader, dtype=np.int64)[concepts]
    keep = parents >= 0
    keys = rows[keep] * width + position[parents[keep]]
    _keys, first = np.unique(keys, return_index=True)
    keys, phrases, order = keys[first], phrases[keep][first], order[keep][first]
    if len(keys) == 0:
        return sparse.csr_matrix(named.shape)
    by_key = np.argsort(direct)
    at = np.searchsorted(direct[by_key], keys).clip(max=len(direct) - 1)
    named_later = np.where(direct[by_key][at] == keys, by_key[at], len(direct)) > order
    key_rows, key_columns = keys // width, keys % width
    current = np.asarray(named[key_rows, key_columns]).ravel()
    take = (current <= 1) | named_later
    change = phrases[take] + 1.0 - current[take]
    return sparse.csr_matrix((change, (key_rows[take], key_columns[take])), shape=named.shape)


def _shared(kind: str, matrix: sparse.csr_matrix, names: tuple[str, ...]) -> np.ndarray:
    """The codes each pair shares in `matrix` (one row per pair), as reasons of `kind` (or None)."""
    matrix.sort_indices()
    numbers, first = _distinct(_places(matrix, _row_width(matrix), matrix.indices), matrix.shape[0])
    reasons = np.full(len(first), None, dtype=object)
    for number, row in enumerate(first.tolist()):
        codes = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]].tolist()
        if codes:
            reasons[number] = Reason(kind, tuple(names[column] for column in codes))
    return reasons[numbers]


FLAG_STEPS = {"itar": "licence_or_taa", "ear": "licence_check"}


def _flags(
    profiles: ProfileSet, sources: np.ndarray, targets: np.ndarray, forward: np.ndarray, backward: np.ndarray
) -> list[tuple[Flag, ...]]:
    """Export-control steps: only where a controlled side offers what a non-U.S. side needs.

    The flow that needs a licence is controlled technology or technical data going from the
    controlled company to a foreign person; a controlled company that only buys raises none.
    EAR99 and unclassified offers raise none either.
    """
    classification, countries = profiles.export_classification, profiles.countries
    kinds = []
    for offering, receiving, flow in ((sources, targets, forward), (targets, sources, backward)):
        controlled = (
            np.isin(classification[offering], list(FLAG_STEPS))
            & (countries[receiving] != "US")
            & (flow >= DIRECTION_THRESHOLD)
        )
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

    Returns (sources, targets, scores, ranks), grouped by source, best first; ties go to
    the lower target index (the lower company id), so a list never depends on the order
    pairs were computed in.
    """
    order = np.lexsort((targets, -scores, sources))
    sources, targets, scores = sources[order], targets[order], scores[order]
    if len(sources) == 0:
        return sources, targets, scores, np.empty(0, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(sources)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(sources)]))
    ranks = np.arange(len(sources)) - group_start + 1
    keep = ranks <= top
    return sources[keep], targets[keep], scores[keep], ranks[keep]


def rescore(
    profiles: ProfileSet, features: Features, sources: np.ndarray, targets: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """Scores raised by their mutual fit (`_lift`), so a pair where each side offers what the
    other needs outranks one where only one side gains, and lowered by their `rivalry`, so
    direct competitors fall below the partners. Symmetric, like the score."""
    forward, backward, competition = directions(features, sources, targets)
    rivals = rivalry(profiles, sources, targets)
    return _demoted(scores + _lift(forward, backward, competition, rivals), rivals)


def _lift(
    forward: np.ndarray, backward: np.ndarray, competition: np.ndarray, rivalry: np.ndarray | float = 0.0
) -> np.ndarray:
    """What a pair gains for meeting needs both ways: MUTUAL × √(forward × backward), and back
    SHARED_TRADE of what both offer cost it, up to that mutual fit. Partners in one trade share
    its words: an edge-AI software house and the operator of a satellite with GPUs on board
    both write of computing in orbit, yet each needs the other. A competitor meets few of the
    other's needs, so it keeps its whole cost; and where the tags name a rivalry, so much less
    is given back (none at all for a rival that ticked the same offers and needs)."""
    mutual = np.sqrt(np.maximum(forward, 0) * np.maximum(backward, 0))
    shared = np.clip(np.minimum(competition, mutual), 0, None) * (1.0 - np.minimum(rivalry, 1.0))
    return MUTUAL * mutual + SHARED_TRADE * COMPETITION * shared


def _demoted(scores: np.ndarray, rivalry: np.ndarray) -> np.ndarray:
    """Positive scores less their share of rivalry (at most all of it): a direct competitor
    keeps nothing of what its words seem to offer, and half a rival half."""
    return np.where(scores > 0, scores * (1.0 - np.minimum(rivalry, 1.0)), scores)


def rivalry(profiles: ProfileSet, sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """How directly each pair competes: √(offers in common × needs in common), as the tags each
    side ticked, weighted by how informative each tag is (`_informative`, with
    `_tag_informativeness`). Two bus makers that both need Hall thrusters compete
    for the same buyers and the same suppliers, about 1; the tags say so more surely than text,
    where a competitor's words for the same thing often read as a match. Sharing only what
    they offer (two makers of parts one integrator needs) or only a need is no rivalry. Nor is
    what a side both offers and needs, which it trades: two ground-station networks that each
    need sites in the other's country, or two operations centres that each need the other to
    take its night shift, are partners as much as competitors."""
    if len(sources) == 0 or profiles.offers.shape[1] == 0:
        return np.zeros(len(sources), dtype=np.float32)
    weights = _tag_informativeness(profiles)
    offers, needs = _informative_rows(profiles.offers, weights), _informative_rows(profiles.needs, weights)
    offers = (offers - offers.multiply(profiles.needs > 0)).tocsr()
    both_offer = np.asarray(offers[sources].multiply(offers[targets]).sum(axis=1)).ravel()
    both_need = np.asarray(needs[sources].multiply(needs[targets]).sum(axis=1)).ravel()
    return np.sqrt(both_offer * both_need).astype(np.float32)


def rank(profiles: ProfileSet, *, top: int = 10, rows: Sequence[int] | None = None) -> list[Match]:
    """The best `top` matches for every profile (or the given row indices), with reasons."""
    features = build_features(profiles)
    rows = None if rows is None else np.asarray(rows)
    sources, targets, scores = top_pairs(profiles, features, top=max(top, CANDIDATES), rows=rows)
    scores = rescore(profiles, features, sources, targets, scores)
    sources, targets, scores, _ranks = cut_top(sources, targets, scores, top=top)
    explained = explain(profiles, features, sources, targets)
    return [
        Match(int(profiles.ids[s]), int(profiles.ids[t]), round(float(score), 4), item.reasons, item.flags, item.fit)
        for s, t, score, item in zip(sources, targets, scores, explained, strict=True)
    ]
