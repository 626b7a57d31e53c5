"""Reads every company's capability profile into the engine's arrays, in a fixed number of queries."""

import hashlib
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy import sparse

from accelerator.companies.models import CapabilityProfile, CapabilityTag, OrganisationKind, Segment, TechnologyArea

from .engine import ProfileSet


@dataclass(frozen=True)
class Population:
    """The engine's input plus what the services need around it, row-aligned with profiles.ids."""

    profiles: ProfileSet
    kinds: np.ndarray
    fingerprints: np.ndarray
    empty: np.ndarray

    def row_of(self, company_id: int) -> int | None:
        rows = np.flatnonzero(self.profiles.ids == company_id)
        return int(rows[0]) if len(rows) else None

    @property
    def is_partner(self) -> np.ndarray:
        return self.kinds != OrganisationKind.STARTUP


def _relation(through, owner_field: str, term_field: str, owners: np.ndarray, terms: np.ndarray):
    """The 0/1 matrix of a many-to-many relation: rows are `owners`, columns `terms` (both sorted ids)."""
    pairs = np.array(list(through.objects.values_list(owner_field, term_field)), dtype=np.int64).reshape(-1, 2)
    rows = np.searchsorted(owners, pairs[:, 0]).clip(0, max(len(owners) - 1, 0))
    columns = np.searchsorted(terms, pairs[:, 1]).clip(0, max(len(terms) - 1, 0))
    keep = np.zeros(len(pairs), dtype=bool)
    if len(owners) and len(terms):
        keep = (owners[rows] == pairs[:, 0]) & (terms[columns] == pairs[:, 1])
    return sparse.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], columns[keep])), shape=(len(owners), len(terms))
    )


def load_population() -> Population:
    """All companies' profiles, ordered by company id."""
    records = list(
        CapabilityProfile.objects.order_by("company_id").values_list(
            "company_id",
            "company__country",
            "company__kind",
            "trl",
            "export_classification",
            "offers_text",
            "needs_text",
        )
    )
    ids = np.array([record[0] for record in records], dtype=np.int64)
    tags = list(CapabilityTag.objects.order_by("pk").values_list("pk", "code"))
    segments = list(Segment.objects.order_by("pk").values_list("pk", "code"))
    areas = list(TechnologyArea.objects.order_by("pk").values_list("pk", "code"))

    def columns(terms):
        return np.array([pk for pk, _code in terms], dtype=np.int64)

    through = CapabilityProfile
    offers = _relation(through.offers.through, "capabilityprofile_id", "capabilitytag_id", ids, columns(tags))
    needs = _relation(through.needs.through, "capabilityprofile_id", "capabilitytag_id", ids, columns(tags))
    segment_matrix = _relation(through.segments.through, "capabilityprofile_id", "segment_id", ids, columns(segments))
    area_matrix = _relation(
        through.technology_areas.through, "capabilityprofile_id", "technologyarea_id", ids, columns(areas)
    )
    profiles = ProfileSet(
        ids=ids,
        countries=np.array([record[1] for record in records], dtype="<U2"),
        offers=offers,
        needs=needs,
        segments=segment_matrix,
        technology_areas=area_matrix,
        trl=np.array([np.nan if record[3] is None else record[3] for record in records], dtype=np.float64),
        export_classification=np.array([record[4] for record in records], dtype="<U8"),
        offers_text=[record[5] for record in records],
        needs_text=[record[6] for record in records],
        tag_codes=tuple(code for _pk, code in tags),
        segment_codes=tuple(code for _pk, code in segments),
        technology_area_codes=tuple(code for _pk, code in areas),
    )
    terms = sum(np.asarray(matrix.sum(axis=1)).ravel() for matrix in (offers, needs, segment_matrix, area_matrix))
    has_text = np.array([bool(record[5].strip() or record[6].strip()) for record in records], dtype=bool)
    empty = (terms == 0) & ~has_text
    return Population(
        profiles=profiles,
        kinds=np.array([record[2] for record in records], dtype="<U16"),
        fingerprints=_fingerprints(profiles, records),
        empty=empty,
    )


def _codes(matrix: sparse.csr_matrix, names: tuple[str, ...]) -> list[str]:
    """Each row's codes in `matrix`, sorted by name and joined by commas."""
    matrix = matrix.tocsr()
    if not names:
        return [""] * matrix.shape[0]
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(np.array(names, dtype=object), kind="stable")] = np.arange(len(names))
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    columns = matrix.indices[np.lexsort((rank[matrix.indices], rows))]
    named = np.array(names, dtype=object)[columns].tolist()
    bounds = matrix.indptr.tolist()
    return [",".join(named[start:stop]) for start, stop in pairwise(bounds)]


def _fingerprints(profiles: ProfileSet, records: list[tuple]) -> np.ndarray:
    """A digest of everything matching reads from each profile: it changes when a profile changes materially."""
    codes = zip(
        _codes(profiles.offers, profiles.tag_codes),
        _codes(profiles.needs, profiles.tag_codes),
        _codes(profiles.segments, profiles.segment_codes),
        _codes(profiles.technology_areas, profiles.technology_area_codes),
        strict=True,
    )
    digests = []
    for record, (offers, needs, segments, areas) in zip(records, codes, strict=True):
        material = "|".join(
            [
                str(record[1]),
                str(record[2]),
                str(record[3]),
                str(record[4]),
                " ".join(record[5].split()),
                " ".join(record[6].split()),
                offers,
                needs,
                segments,
                areas,
            ]
        )
        digests.append(hashlib.sha256(material.encode()).hexdigest()[:16])
    return np.array(digests, dtype="<U16")


def pair_fingerprint(population: Population, source_row: int, target_row: int) -> str:
    return f"{population.fingerprints[source_row]}{population.fingerprints[target_row]}"
