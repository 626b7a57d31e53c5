"""A small market for matchmaking tests: complementary U.S. and Japanese companies.

A pytest plugin of tests/conftest.py, so the worker and browser tests use the same market.
"""

import pytest

from matchmaking import services

from ..factories import make_company, make_user


@pytest.fixture
def prime(partner):
    """A U.S. prime contractor, a partner organisation that browses startups."""
    return make_company(
        owner=partner,
        legal_name="Prime Meridian Space Systems Inc.",
        kind="corporate",
        size_band="1000+",
        segments=("components",),
        technology_areas=("tx12",),
        offers=("us-market-access", "systems-integration"),
        needs=("precision-manufacturing", "sar-imagery"),
        trl=9,
        export_classification="itar",
    )


@pytest.fixture
def jp_machining():
    return make_company(
        owner=make_user("owner@nihon-seimitsu.example", preferred_language="ja", time_zone="Asia/Tokyo"),
        legal_name="Nihon Precision Components Co., Ltd.",
        name_ja="日本精密部品株式会社",
        country="JP",
        description_ja="航空宇宙向け精密部品の量産。",
        segments=("components",),
        technology_areas=("tx12",),
        offers=("precision-manufacturing", "composite-structures"),
        needs=("us-market-access",),
        trl=9,
    )


@pytest.fixture
def big_jp():
    """A Japanese corporate: partner organisations are never suggested to each other."""
    return make_company(
        legal_name="Fuji Heavy Space Industries Co., Ltd.",
        country="JP",
        kind="corporate",
        size_band="1000+",
        segments=("components",),
        offers=("japan-market-access", "precision-manufacturing"),
        needs=("us-market-access",),
        trl=9,
    )


@pytest.fixture
def empty_company(outsider):
    return make_company(owner=outsider, legal_name="Newcomer Orbital LLC")


@pytest.fixture
def market(us_company, jp_company, prime, jp_machining, big_jp, empty_company):
    return {
        "us": us_company,
        "jp": jp_company,
        "prime": prime,
        "machining": jp_machining,
        "big_jp": big_jp,
        "empty": empty_company,
    }


@pytest.fixture
def matched(market):
    services.start_full_run(inline=True)
    return market
