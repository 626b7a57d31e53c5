"""The fit's 0–100 scale, stated in words: one specific need met one way reads about 50, where
"good" starts; a need met each way is strong; needs met both ways with several specific
concepts read about 90; a generic tag in common reads low. Checked on constructed pairs
placed in a market the way a run sees them."""

from functools import cache

import numpy as np

from matchmaking.engine import FIT_BANDS, FIT_UNIT, MUTUAL, Fit, build_features, explain, fit_of, rank

from .labelled_pairs import population
from .profiles import profile_set

ONE_NEED_TEXT = (
    {"id": 1, "country": "US", "needs_text": "Ground station passes to downlink our IoT satellites."},
    {"id": 2, "country": "JP", "offers_text": "地上局の時間貸し。"},
)
ONE_NEED_TAG = (
    {"id": 3, "country": "US", "needs": ["hyperspectral-imaging"]},
    {"id": 4, "country": "JP", "offers": ["hyperspectral-imaging"]},
)
ONE_NEED_EACH_WAY = (
    {"id": 5, "country": "US", "offers": ["debris-tracking"], "needs": ["green-propellant"]},
    {"id": 6, "country": "JP", "offers": ["green-propellant"], "needs": ["debris-tracking"]},
)
SEVERAL_EACH_WAY = (
    {
        "id": 7, "country": "US",
        "offers": ["optical-comms", "star-trackers"], "needs": ["batteries", "thermal-control"],
        "offers_text": "Laser terminals and star trackers.",
        "needs_text": "Space-qualified batteries and thermal straps.",
    },
    {
        "id": 8, "country": "JP",
        "offers": ["batteries", "thermal-control"], "needs": ["optical-comms", "star-trackers"],
        "offers_text": "宇宙用バッテリーと熱制御機器。", "needs_text": "光通信端末とスタートラッカ。",
    },
)  # fmt: skip
GENERIC_TAG = (
    {"id": 9, "country": "US", "offers": ["avionics"], "needs": ["japan-market-access"]},
    {"id": 10, "country": "JP", "offers": ["japan-market-access"], "needs": ["isru"]},
)
GENERIC_TEXT = (
    {"id": 11, "country": "US", "needs_text": "Sales and distribution partners in Japan."},
    {"id": 12, "country": "JP", "offers_text": "国内の販売代理店網。"},
)
PAIRS = (ONE_NEED_TEXT, ONE_NEED_TAG, ONE_NEED_EACH_WAY, SEVERAL_EACH_WAY, GENERIC_TAG, GENERIC_TEXT)


def _market() -> list[dict]:
    """The constructed pairs among the earlier labelled companies, each of which also ticks access
    to the other country's market as a need, as most founders do: that tag is generic there."""
    background, _pairs = population()
    background = [
        dict(p, needs=sorted({*p["needs"], "us-market-access" if p["country"] == "JP" else "japan-market-access"}))
        for p in background
    ]
    return background + [profile for pair in PAIRS for profile in pair]


@cache
def _fits() -> dict[int, Fit]:
    """The fit of each constructed pair, by the id of its U.S. side."""
    profiles = profile_set(_market())
    features = build_features(profiles)
    row = {int(company_id): index for index, company_id in enumerate(profiles.ids)}
    sources = np.array([row[us["id"]] for us, _jp in PAIRS])
    targets = np.array([row[jp["id"]] for _us, jp in PAIRS])
    explained = explain(profiles, features, sources, targets)
    return {us["id"]: item.fit for (us, _jp), item in zip(PAIRS, explained, strict=True)}


def _fit(pair: tuple[dict, dict]) -> Fit:
    return _fits()[pair[0]["id"]]


def test_the_bands_start_at_the_anchors():
    assert FIT_BANDS == ((75, "strong"), (50, "good"), (0, "possible"))


def test_the_scale_counts_units_of_one_specific_need_met_one_way():
    """A fixed mapping of a pair's own numbers: the same numbers read the same fit in any run."""
    one_way = fit_of(np.array([0.0]), np.array([FIT_UNIT]), np.array([0.0]), np.array([0.0]))[0]
    assert one_way.score == 50 and one_way.band == "good" and not one_way.mutual
    three_one_way = fit_of(np.array([3 * FIT_UNIT]), np.array([0.0]), np.array([0.0]), np.array([0.0]))[0]
    assert three_one_way.score == 75 and three_one_way.band == "strong"
    each_way = fit_of(np.array([FIT_UNIT]), np.array([FIT_UNIT]), np.array([0.0]), np.array([0.0]))[0]
    assert MUTUAL == 2.0 and each_way.score == 80 and each_way.band == "strong" and each_way.mutual
    nothing = fit_of(np.array([0.0]), np.array([0.0]), np.array([0.0]), np.array([0.05]))[0]
    assert nothing.score == 5 and nothing.band == "possible"
    # Beside other pairs, a pair reads the same: no scale fitted to the run.
    among = fit_of(np.array([0.0, 9.0, 0.1]), np.array([FIT_UNIT, 9.0, 0.0]), np.zeros(3), np.zeros(3))
    assert among[0] == one_way and among[1].score == 98


def test_one_specific_need_met_one_way_reads_about_50():
    for pair in (ONE_NEED_TEXT, ONE_NEED_TAG):
        fit = _fit(pair)
        assert 45 <= fit.score <= 55, fit
        assert not fit.mutual


def test_a_need_met_each_way_reads_strong():
    fit = _fit(ONE_NEED_EACH_WAY)
    assert fit.mutual and fit.band == "strong" and 75 <= fit.score <= 85, fit


def test_needs_met_both_ways_with_several_concepts_read_about_90():
    fit = _fit(SEVERAL_EACH_WAY)
    assert fit.mutual and fit.band == "strong" and fit.score >= 85, fit
    assert fit.score < 100


def test_a_generic_tag_in_common_reads_low():
    # A domestic sales-agent network is one kind of the distribution a need names, so it earns
    # some of that generic need's worth (41), still well below one specific need (50).
    for pair in (GENERIC_TAG, GENERIC_TEXT):
        fit = _fit(pair)
        assert fit.band == "possible" and fit.score < 45, fit
    assert _fit(GENERIC_TAG).score < _fit(ONE_NEED_TAG).score


def test_both_sides_read_the_same_fit_and_it_never_rises_down_a_list():
    matches = rank(profile_set(_market()), top=10)
    fits = {(m.source_id, m.target_id): m.fit.score for m in matches}
    lists: dict[int, list[int]] = {}
    for match in matches:
        lists.setdefault(match.source_id, []).append(match.fit.score)
        if (match.target_id, match.source_id) in fits:
            assert fits[(match.target_id, match.source_id)] == match.fit.score
    assert all(shown == sorted(shown, reverse=True) for shown in lists.values())
