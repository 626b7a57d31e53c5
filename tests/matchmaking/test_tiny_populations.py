"""Matching on the smallest markets: one to three companies, empty texts, no tags, even no taxonomy."""

from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse

from accelerator.companies import services as company_services
from accelerator.companies.models import CapabilityTag, Segment, TechnologyArea
from matchmaking import engine, services
from matchmaking.models import MatchRun, Suggestion

from ..factories import make_company
from .profiles import profile_set

pytestmark = pytest.mark.django_db

TINY_MARKETS = [
    [{"id": 1}],
    [{"id": 1}, {"id": 2, "country": "JP"}],
    [{"id": 1}, {"id": 2, "country": "JP"}, {"id": 3, "offers_text": "Ground station passes."}],
    [
        {"id": 1, "offers_text": "Ground station passes."},
        {"id": 2, "country": "JP", "needs_text": "地上局を探しています。"},
    ],
]


def _without_taxonomy(profiles: engine.ProfileSet) -> engine.ProfileSet:
    none = sparse.csr_matrix((len(profiles), 0), dtype=np.float32)
    return replace(
        profiles,
        offers=none,
        needs=none,
        segments=none,
        technology_areas=none,
        tag_codes=(),
        segment_codes=(),
        technology_area_codes=(),
    )


@pytest.mark.parametrize("taxonomy", [True, False], ids=["taxonomy", "no-taxonomy"])
@pytest.mark.parametrize("market", TINY_MARKETS, ids=["one", "two-empty", "three", "two-texts"])
def test_the_engine_ranks_and_updates_a_tiny_market(market, taxonomy):
    profiles = profile_set(market)
    if not taxonomy:
        profiles = _without_taxonomy(profiles)
    features = engine.build_features(profiles)
    matches = engine.rank(profiles)
    assert all(match.source_id != match.target_id for match in matches)
    updated = engine.update_features(features, profiles, [0])
    sources, targets, _scores = engine.top_pairs(profiles, updated, top=len(market), rows=np.array([0]))
    engine.explain(profiles, updated, sources, targets)
    assert updated.left.shape == features.left.shape


def test_an_english_offer_meets_a_japanese_need_in_a_market_of_two_without_taxonomy():
    profiles = _without_taxonomy(profile_set(TINY_MARKETS[3]))
    assert [(match.source_id, match.target_id) for match in engine.rank(profiles)] == [(1, 2), (2, 1)]


@pytest.mark.parametrize("companies", [1, 2, 3])
@pytest.mark.parametrize("taxonomy", [True, False], ids=["taxonomy", "no-taxonomy"])
def test_refreshing_a_company_in_a_tiny_market_with_empty_profiles(companies, taxonomy):
    if not taxonomy:
        CapabilityTag.objects.all().delete()
        Segment.objects.all().delete()
        TechnologyArea.objects.all().delete()
    made = [make_company(country=("US", "JP", "US")[k]) for k in range(companies)]
    services.start_full_run(inline=True)
    for company in made:
        run = services.refresh_company(company_id=company.pk)
        assert run.status == MatchRun.Status.SUCCEEDED
    assert not Suggestion.objects.exists()  # empty profiles are suggested to nobody
    company_services.update_capability_profile(company=made[0], offers_text="Ground station passes over Asia.")
    run = services.refresh_company(company_id=made[0].pk)
    assert run.status == MatchRun.Status.SUCCEEDED
