"""Reads every company's capability profile into the engine's arrays, in a fixed number of queries."""

import hashlib
from dataclasses import dataclass

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


def _relation(through, owner_field: str, term_field: str, rows: dict[int, int], columns: dict[int, int]):
    pairs = np.array(list(through.objects.values_list(owner_field, term_field)), dtype=np.int64).reshape(-1, 2)
    keep = np.array([owner in rows and term in columns for owner, term in pairs], dtype=bool)
    pairs = pairs[keep] if len(pairs) else pairs
    row_index = np.array([rows[owner] for owner in pairs[:, 0]], dtype=np.int64)
    column_index = np.array([columns[term] for term in pairs[:, 1]], dtype=np.int64)
    return sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (row_index, column_index)), shape=(len(rows), len(columns))
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
    rows = {company_id: row for row, company_id in enumerate(ids.tolist())}
    tags = list(CapabilityTag.objects.order_by("pk").values_list("pk", "code"))
    segments = list(Segment.objects.order_by("pk").values_list("pk", "code"))
    areas = list(TechnologyArea.objects.order_by("pk").values_list("pk", "code"))

    def columns(terms):
        return {pk: column for column, (pk, _code) in enumerate(terms)}

    through = CapabilityProfile
    offers = _relation(through.offers.through, "capabilityprofile_id", "capabilitytag_id", rows, columns(tags))
    needs = _relation(through.needs.through, "capabilityprofile_id", "capabilitytag_id", rows, columns(tags))
    segment_matrix = _relation(through.segments.through, "capabilityprofile_id", "segment_id", rows, columns(segments))
    area_matrix = _relation(
        through.technology_areas.through, "capabilityprofile_id", "technologyarea_id", rows, columns(areas)
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


def _codes(matrix: sparse.csr_matrix, row: int, names: tuple[str, ...]) -> str:
    return ",".join(sorted(names[column] for column in matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]))


def _fingerprints(profiles: ProfileSet, records: list[tuple]) -> np.ndarray:
    """A digest of everything matching reads from each profile: it changes when a profile changes materially."""
    digests = []
    for row, record in enumerate(records):
        material = "|".join(
            [
                str(record[1]),
                str(record[2]),
                str(record[3]),
                str(record[4]),
                " ".join(record[5].split()),
                " ".join(record[6].split()),
                _codes(profiles.offers, row, profiles.tag_codes),
                _codes(profiles.needs, row, profiles.tag_codes),
                _codes(profiles.segments, row, profiles.segment_codes),
                _codes(profiles.technology_areas, row, profiles.technology_area_codes),
            ]
        )
        digests.append(hashlib.sha256(material.encode()).hexdigest()[:16])
    return np.array(digests, dtype="<U16")


def pair_fingerprint(population: Population, source_row: int, target_row: int) -> str:
    return f"{population.fingerprints[source_row]}{population.fingerprints[target_row]}"
