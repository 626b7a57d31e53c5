"""Synthetic capability profiles for the matching benchmark: half U.S., half Japan.

Built from the platform's own capability, segment and technology-area vocabularies, with
U.S. companies writing in English and Japanese companies in Japanese (one in five of them
in English as well), so the text side of the engine sees the mix it sees in production.
"""

import importlib

import numpy as np
from scipy import sparse

from .engine import ProfileSet

_taxonomy = importlib.import_module("accelerator.companies.migrations.0002_taxonomies")
CAPABILITIES = _taxonomy.CAPABILITIES
SEGMENT_CODES = tuple(code for code, _en, _ja in _taxonomy.SEGMENTS)
AREA_CODES = tuple(code for code, _en, _ja in _taxonomy.TECHNOLOGY_AREAS)
TAG_CODES = tuple(code for code, *_rest in CAPABILITIES)

EN_FRAMES = ("We offer {}.", "{} with flight heritage.", "{} for constellation operators.", "Proven {}.")
EN_NEEDS = ("We need {}.", "Looking for a partner in {}.", "Seeking {} for our next mission.")
JA_FRAMES = ("{}を提供します。", "実績のある{}。", "コンステレーション事業者向けの{}。")
JA_NEEDS = ("{}のパートナーを探しています。", "次のミッションに向けて{}が必要です。")


def _matrix(codes_per_row: list[np.ndarray], width: int) -> sparse.csr_matrix:
    indptr = np.r_[0, np.cumsum([len(codes) for codes in codes_per_row])]
    indices = np.concatenate(codes_per_row) if codes_per_row else np.empty(0, dtype=np.int64)
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(codes_per_row), width))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _sentence(chance, codes, japanese: bool, english_too: bool, needs: bool) -> str:
    parts = []
    for code in codes:
        _code, name_en, name_ja, *_rest = CAPABILITIES[code]
        if japanese:
            parts.append(str(chance.choice(JA_NEEDS if needs else JA_FRAMES)).format(name_ja))
        if not japanese or english_too:
            parts.append(str(chance.choice(EN_NEEDS if needs else EN_FRAMES)).format(name_en.lower()))
    return " ".join(parts)


def profiles(count: int, *, seed: int = 2026) -> ProfileSet:
    """`count` profiles, alternating U.S. and Japan, reproducible for a given seed."""
    chance = np.random.default_rng(seed)
    tags = len(TAG_CODES)
    offers, needs, segments, areas, offers_text, needs_text = [], [], [], [], [], []
    countries = np.where(np.arange(count) % 2 == 0, "US", "JP").astype("<U2")
    segment_of = {code: index for index, code in enumerate(SEGMENT_CODES)}
    area_of = {code: index for index, code in enumerate(AREA_CODES)}
    for row in range(count):
        japanese = countries[row] == "JP"
        english_too = japanese and chance.random() < 0.2
        offered = chance.choice(tags, size=chance.integers(1, 4), replace=False)
        needed = chance.choice(tags, size=chance.integers(1, 4), replace=False)
        offers.append(offered)
        needs.append(needed)
        segments.append(np.array([segment_of[CAPABILITIES[c][4]] for c in offered if CAPABILITIES[c][4]], dtype=int))
        areas.append(np.array([area_of[CAPABILITIES[c][3]] for c in offered if CAPABILITIES[c][3]], dtype=int))
        offers_text.append(_sentence(chance, offered, japanese, english_too, needs=False))
        needs_text.append(_sentence(chance, needed, japanese, english_too, needs=True))
    trl = chance.integers(2, 10, size=count).astype(np.float64)
    trl[chance.random(count) < 0.1] = np.nan
    classification = chance.choice(
        np.array(["ear99", "ear", "itar", "unknown"]), size=count, p=[0.6, 0.2, 0.1, 0.1]
    ).astype("<U8")
    return ProfileSet(
        ids=np.arange(1, count + 1, dtype=np.int64),
        countries=countries,
        offers=_matrix(offers, tags),
        needs=_matrix(needs, tags),
        segments=_matrix(segments, len(SEGMENT_CODES)),
        technology_areas=_matrix(areas, len(AREA_CODES)),
        trl=trl,
        export_classification=classification,
        offers_text=offers_text,
        needs_text=needs_text,
        tag_codes=TAG_CODES,
        segment_codes=SEGMENT_CODES,
        technology_area_codes=AREA_CODES,
    )


def replace_row(profiles: ProfileSet, row: int, donor: ProfileSet) -> ProfileSet:
    """`profiles` with the profile at `row` replaced by the donor's first, keeping its id and country."""

    def swap(matrix: sparse.csr_matrix, other: sparse.csr_matrix) -> sparse.csr_matrix:
        return sparse.vstack([matrix[:row], other[:1], matrix[row + 1 :]], format="csr")

    def with_value(array: np.ndarray, value) -> np.ndarray:
        copied = array.copy()
        copied[row] = value
        return copied

    offers_text, needs_text = list(profiles.offers_text), list(profiles.needs_text)
    offers_text[row], needs_text[row] = donor.offers_text[0], donor.needs_text[0]
    return ProfileSet(
        ids=profiles.ids,
        countries=profiles.countries,
        offers=swap(profiles.offers, donor.offers),
        needs=swap(profiles.needs, donor.needs),
        segments=swap(profiles.segments, donor.segments),
        technology_areas=swap(profiles.technology_areas, donor.technology_areas),
        trl=with_value(profiles.trl, donor.trl[0]),
        export_classification=with_value(profiles.export_classification, donor.export_classification[0]),
        offers_text=offers_text,
        needs_text=needs_text,
        tag_codes=profiles.tag_codes,
        segment_codes=profiles.segment_codes,
        technology_area_codes=profiles.technology_area_codes,
    )


def store_terms(base: ProfileSet, owner_ids: list[int], *, owner_column: str, relations, first_row: int = 0) -> None:
    """Writes the terms of `base`'s rows (from `first_row` on) to the owners of `owner_ids`, one
    owner a row, for benchmarks that load synthetic profiles into the database. `relations`
    pairs a many-to-many through model with the matrix it takes: "offers", "needs" (capability
    tags), "segments" or "technology_areas". Terms the database's vocabularies lack are passed over."""
    from accelerator.companies.models import CapabilityTag, Segment, TechnologyArea

    tags = dict(CapabilityTag.objects.values_list("code", "pk"))
    vocabularies = {
        "offers": (base.tag_codes, tags, "capabilitytag_id"),
        "needs": (base.tag_codes, tags, "capabilitytag_id"),
        "segments": (base.segment_codes, dict(Segment.objects.values_list("code", "pk")), "segment_id"),
        "technology_areas": (
            base.technology_area_codes,
            dict(TechnologyArea.objects.values_list("code", "pk")),
            "technologyarea_id",
        ),
    }
    for relation, name in relations:
        matrix = getattr(base, name)
        vocabulary, ids, column = vocabularies[name]
        relation.objects.bulk_create(
            (
                relation(**{owner_column: owner_id, column: ids[vocabulary[c]]})
                for index, owner_id in enumerate(owner_ids)
                for c in matrix.indices[matrix.indptr[first_row + index] : matrix.indptr[first_row + index + 1]]
                if vocabulary[c] in ids
            ),
            batch_size=5000,
        )


def store_capability_terms(base: ProfileSet, company_ids: list[int]) -> None:
    """Tags, segments and technology areas of `base`'s rows on the capability profiles of `company_ids`."""
    from accelerator.companies.models import CapabilityProfile as Profile

    store_terms(
        base,
        company_ids,
        owner_column="capabilityprofile_id",
        relations=(
            (Profile.needs.through, "needs"),
            (Profile.offers.through, "offers"),
            (Profile.segments.through, "segments"),
            (Profile.technology_areas.through, "technology_areas"),
        ),
    )


def store_companies(count: int, *, seed: int = 2026, prefix: str = "synthetic") -> list[int]:
    """Creates `count` companies with the synthetic profiles of `profiles(count, seed=seed)`,
    every fifth a partner organisation, for benchmarks and tests that match them from the
    database. Returns their ids in row order."""
    from django.utils import timezone

    from accelerator.companies.models import CapabilityProfile, Company

    base = profiles(count, seed=seed)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    companies = Company.objects.bulk_create(
        (
            Company(
                legal_name=f"{prefix.title()} Company {row:05d} {'K.K.' if base.countries[row] == 'JP' else 'Inc.'}",
                slug=f"{prefix}-{stamp}-{row}",
                country=str(base.countries[row]),
                kind="corporate" if row % 5 == 4 else "startup",
                size_band="11-50",
                description_en="A company built from a synthetic profile.",
            )
            for row in range(count)
        ),
        batch_size=5000,
    )
    CapabilityProfile.objects.bulk_create(
        (
            CapabilityProfile(
                company=company,
                offers_text=base.offers_text[row],
                needs_text=base.needs_text[row],
                trl=int(base.trl[row]) if base.trl[row] == base.trl[row] else None,
                export_classification=str(base.export_classification[row]),
            )
            for row, company in enumerate(companies)
        ),
        batch_size=5000,
    )
    company_ids = [company.pk for company in companies]
    store_capability_terms(base, company_ids)
    return company_ids
