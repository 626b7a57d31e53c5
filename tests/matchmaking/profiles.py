"""Builds engine inputs from readable profile dicts, without the database."""

import numpy as np
from scipy import sparse

from matchmaking.engine import ProfileSet
from matchmaking.synthetic import AREA_CODES, SEGMENT_CODES, TAG_CODES

TAGS, SEGMENTS, AREAS = TAG_CODES, SEGMENT_CODES, AREA_CODES


def _matrix(rows: list[list[str]], names: tuple[str, ...]) -> sparse.csr_matrix:
    index = {name: column for column, name in enumerate(names)}
    data = [(r, index[code]) for r, codes in enumerate(rows) for code in codes]
    coords = np.array(data, dtype=np.int64).reshape(-1, 2)
    return sparse.csr_matrix(
        (np.ones(len(coords), dtype=np.float32), (coords[:, 0], coords[:, 1])), shape=(len(rows), len(names))
    )


def profile_set(profiles: list[dict]) -> ProfileSet:
    return ProfileSet(
        ids=np.array([p["id"] for p in profiles]),
        countries=np.array([p.get("country", "US") for p in profiles]),
        offers=_matrix([p.get("offers", []) for p in profiles], TAGS),
        needs=_matrix([p.get("needs", []) for p in profiles], TAGS),
        segments=_matrix([p.get("segments", []) for p in profiles], SEGMENTS),
        technology_areas=_matrix([p.get("areas", []) for p in profiles], AREAS),
        trl=np.array([p.get("trl", np.nan) for p in profiles], dtype=np.float64),
        export_classification=np.array([p.get("export", "unknown") for p in profiles]),
        offers_text=[p.get("offers_text", "") for p in profiles],
        needs_text=[p.get("needs_text", "") for p in profiles],
        tag_codes=TAGS,
        segment_codes=SEGMENTS,
        technology_area_codes=AREAS,
    )
