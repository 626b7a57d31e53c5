from dataclasses import replace

import numpy as np
import pytest

from matchmaking import engine
from matchmaking.engine import Flag, rank

from .profiles import profile_set

US_ANALYTICS = {
    "id": 1, "country": "US", "segments": ["space-data"], "areas": ["tx11"], "trl": 7, "export": "ear99",
    "offers": ["image-analytics", "maritime-awareness"], "needs": ["sar-imagery", "japan-market-access"],
    "offers_text": "Ship detection from SAR imagery for coast guards.",
    "needs_text": "We need SAR satellite imagery with frequent revisit over the Pacific.",
}  # fmt: skip
JP_SAR = {
    "id": 2, "country": "JP", "segments": ["earth-observation"], "areas": ["tx08"], "trl": 8, "export": "not_us",
    "offers": ["sar-imagery"], "needs": ["us-market-access", "image-analytics"],
    "offers_text": "小型SAR衛星コンステレーションによる高頻度のSAR画像。",
    "needs_text": "米国の政府顧客への販路と画像解析。",
}  # fmt: skip
US_LAUNCH = {
    "id": 3, "country": "US", "segments": ["launch"], "areas": ["tx01"], "trl": 8, "export": "itar",
    "offers": ["small-launch"], "needs": ["composite-structures", "precision-manufacturing"],
    "offers_text": "Dedicated small launch.", "needs_text": "Composite structures and precision machining in volume.",
}  # fmt: skip
JP_MACHINING = {
    "id": 4, "country": "JP", "segments": ["components"], "areas": ["tx12"], "trl": 9, "export": "not_us",
    "offers": ["precision-manufacturing", "composite-structures"], "needs": ["us-market-access"],
    "offers_text": "Precision machining and volume production of aerospace parts.", "needs_text": "",
}  # fmt: skip
EMPTY = {"id": 5, "country": "JP"}


def test_complementary_companies_rank_each_other_first():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, US_LAUNCH, JP_MACHINING, EMPTY]), top=3)
    best = {}
    for match in matches:
        best.setdefault(match.source_id, match.target_id)
    assert best[1] == 2 and best[2] == 1
    assert best[3] == 4 and best[4] == 3


def test_reasons_say_who_offers_what_the_other_needs():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR]), top=1)
    reasons = {reason.kind: reason for reason in matches[0].reasons}
    assert matches[0].source_id == 1
    assert reasons["offers_need"].codes == ("image-analytics",)
    # The concept is quoted as each side wrote it: the U.S. side only ticked the tag.
    assert ("image-analytics", "", "画像解析") in reasons["offers_need"].phrases
    assert reasons["needs_offer"].codes == ("sar-imagery",)
    # The product the text names first stands for the concept: 小型SAR衛星 (a kind of SAR) before SAR画像.
    assert ("sar", "SAR satellite", "小型SAR衛星") in reasons["needs_offer"].phrases
    assert reasons["trl_fit"].value == 1.0
    assert "binational" not in reasons  # a badge on the page, not a reason
    assert matches[0].fit.mutual and matches[0].fit.band == "strong"


def test_free_text_in_english_meets_free_text_in_japanese():
    us = {
        "id": 1,
        "country": "US",
        "needs_text": "We need ground station passes to downlink data from our IoT satellites.",
    }
    jp = {"id": 2, "country": "JP", "offers_text": "国内3か所の地上局を時間単位で貸し出します。"}
    other = {"id": 3, "country": "JP", "offers_text": "ロケットエンジンの燃焼試験設備を提供します。"}
    matches = rank(profile_set([us, jp, other]), top=2)
    best = next(m for m in matches if m.source_id == 1)
    assert best.target_id == 2
    reason = next(r for r in best.reasons if r.kind == "needs_offer")
    assert reason.phrases[0] == ("ground-station", "ground station", "地上局")
    assert not best.fit.mutual


def test_a_competitor_never_outranks_a_complementary_partner():
    arm = {
        "id": 1, "country": "US", "offers": ["space-robotics", "rendezvous-docking"], "needs": ["smallsat-bus"],
        "segments": ["in-space-servicing"], "areas": ["tx04"], "trl": 6,
        "offers_text": "Robotic arms and docking mechanisms for servicing.",
        "needs_text": "A satellite bus to host our arm.",
    }  # fmt: skip
    rival = dict(arm, id=2, country="JP", offers_text="宇宙用ロボットアームとドッキング機構。", needs_text="衛星バス。")
    bus = {
        "id": 3, "country": "JP", "offers": ["smallsat-bus"], "needs": ["space-robotics"], "segments": ["components"],
        "offers_text": "100kg級の小型衛星バス。", "needs_text": "軌道上サービス用のロボットアーム。",
    }  # fmt: skip
    matches = rank(profile_set([arm, rival, bus]), top=2)
    ranked = [m.target_id for m in matches if m.source_id == 1]
    assert ranked[0] == 3
    assert 2 not in ranked  # same offers to the same needs: no reason to meet


def _filler(count: int) -> list[dict]:
    """Companies in other trades, so the tags below are as rare as in a real market."""
    trades = [
        ("sar-imagery", "image-analytics"), ("image-analytics", "sar-imagery"), ("small-launch", "launch-integration"),
        ("ground-stations", "satellite-iot"), ("satellite-iot", "ground-stations"), ("batteries", "solar-power"),
    ]  # fmt: skip
    return [
        {"id": 100 + k, "country": "US" if k % 2 else "JP", "offers": [offers], "needs": [needs]}
        for k, (offers, needs) in enumerate(trades[:count])
    ]


def test_a_competitor_whose_words_read_as_a_match_falls_below_the_partners():
    """A second maker of refuelling ports writes "docking fixture" and "servicing vehicle operator",
    which read as offering what the first needs and needing what it offers; but both tick the
    same offer and the same need, so it is listed below every company that complements the
    first, with a fit to match."""
    port = {
        "id": 1, "country": "US", "offers": ["life-extension"], "needs": ["rendezvous-docking"],
        "offers_text": "Refuelling ports and fluid couplings: clients fit our port, servicers carry the mating half.",
        "needs_text": "A partner with a servicer spacecraft and a capture arm, to demonstrate propellant transfer.",
    }  # fmt: skip
    rival = {
        "id": 2, "country": "US", "offers": ["life-extension"], "needs": ["rendezvous-docking"],
        "offers_text": "Refuelling valves and a docking fixture so satellites can take on propellant after launch.",
        "needs_text": "A servicing vehicle operator to fly a propellant hand-off with us.",
    }  # fmt: skip
    servicer = {
        "id": 3, "country": "JP", "offers": ["rendezvous-docking", "space-robotics"], "needs": ["life-extension"],
        "offers_text": "非協力物体に自律接近し、ロボットアームで把持するサービサー衛星。",
        "needs_text": "推進薬を移送する結合機構を持つ相手。",
    }  # fmt: skip
    arm = {
        "id": 4, "country": "JP", "offers": ["space-robotics"], "needs": ["life-extension"],
        "offers_text": "衛星搭載用のロボットアーム。", "needs_text": "燃料補給用インターフェースを持つ企業。",
    }  # fmt: skip
    matches = [m for m in rank(profile_set([port, rival, servicer, arm, *_filler(6)]), top=3) if m.source_id == 1]
    assert [m.target_id for m in matches] == [3, 4, 2]
    assert [m.fit.score for m in matches] == sorted((m.fit.score for m in matches), reverse=True)


def test_partners_in_one_trade_are_not_held_back_by_its_words():
    """A hot-fire test site writes of thrusters and propellants, as the thruster maker that needs
    its vacuum cells does: what both seem to offer is forgiven up to what each gains from the
    other, so the maker comes before a bus builder that needs the site's tests but gives
    nothing back."""
    site = {
        "id": 1, "country": "US", "offers": ["environmental-testing"], "needs": [],
        "offers_text": "Vacuum hot-fire cells for green monopropellant thrusters and small engines, "
        "with HAN, ADN and hydrazine propellant handling.",
        "needs_text": "Thruster makers who need life tests and qualification data that U.S. buyers accept.",
    }  # fmt: skip
    thruster = {
        "id": 2, "country": "JP", "offers": ["green-propellant"], "needs": [],
        "offers_text": "HAN系グリーン推進剤を使う1N級スラスタ。比推力はヒドラジン並み。",
        "needs_text": "寿命試験のための真空燃焼試験設備。",
    }  # fmt: skip
    bus = {
        "id": 3, "country": "JP", "offers": ["smallsat-bus"], "needs": ["environmental-testing"],
        "offers_text": "50kg級の小型衛星バス。", "needs_text": "推進系の真空燃焼試験と、米国の顧客に通じる認定データ。",
    }  # fmt: skip
    matches = [m for m in rank(profile_set([site, thruster, bus, *_filler(6)]), top=3) if m.source_id == 1]
    assert [m.target_id for m in matches] == [2, 3]
    assert matches[0].fit.mutual and not matches[1].fit.mutual
    assert matches[0].fit.score > matches[1].fit.score


def test_rivalry_needs_the_same_offers_and_the_same_needs():
    bus = {"id": 1, "country": "US", "offers": ["smallsat-bus"], "needs": ["electric-propulsion"]}
    profiles = profile_set(
        [
            bus,
            dict(bus, id=2, country="JP"),  # the same offers to the same needs
            dict(bus, id=3, needs=["star-trackers"]),  # the same offers, another need
            dict(bus, id=4, offers=["reaction-wheels"]),  # the same need, another offer
            {"id": 5, "country": "JP", "offers": ["electric-propulsion"], "needs": ["smallsat-bus"]},
            *_filler(6),
        ]
    )
    sources, targets = np.zeros(4, dtype=np.int64), np.arange(1, 5)
    same, other_need, other_offer, partner = engine.rivalry(profiles, sources, targets).tolist()
    assert same > 0.5 and other_need == other_offer == partner == 0


def test_what_both_sides_offer_and_need_is_a_trade_not_a_rivalry():
    """Two operations centres that each need the other to take its night shift both offer and
    need mission operations: partners as much as competitors. Another need in common with
    another offer in common is still a rivalry."""
    centre = {"id": 1, "country": "US", "offers": ["mission-operations"], "needs": ["mission-operations"]}
    station = {
        "id": 3,
        "country": "US",
        "offers": ["ground-stations", "mission-operations"],
        "needs": ["satellite-iot"],
    }
    profiles = profile_set(
        [centre, dict(centre, id=2, country="JP"), station, dict(station, id=4, country="JP"), *_filler(6)]
    )
    trade, rivals = engine.rivalry(profiles, np.array([0, 2]), np.array([1, 3])).tolist()
    assert trade == 0 and rivals > 0.5


def test_a_need_ticked_as_a_tag_counts_the_same_as_one_written_in_text():
    """Ticking a tag names its concept: crediting the tag as well would let a company that
    ticked its need outrank one that only wrote it down."""
    station = {"id": 1, "country": "JP", "offers": ["ground-stations"], "offers_text": "地上局の時間貸し。"}
    written = {"id": 3, "country": "US", "offers": ["satellite-iot"], "needs_text": "Ground stations."}
    ticked = dict(written, id=2, needs=["ground-stations"])
    matches = rank(profile_set([station, ticked, written]), top=2)
    scores = {m.target_id: m.score for m in matches if m.source_id == 1}
    assert scores[2] == scores[3]


def test_the_company_s_own_offer_named_in_its_need_is_no_need():
    """ "A bus maker who will integrate our thrusters" needs a bus: the thrusters are what the
    company sells, so another thruster maker offers it nothing. The same in Japanese."""
    thrusters = {
        "id": 1, "country": "US", "offers_text": "Hall-effect thrusters for small satellites.",
        "needs_text": "A satellite bus maker who will integrate our thrusters.",
    }  # fmt: skip
    thruster_rival = {"id": 2, "country": "JP", "offers_text": "小型衛星向けのホールスラスタ。"}
    bus = {"id": 3, "country": "JP", "offers_text": "100kg級の小型衛星バスを製造しています。"}
    stations = {
        "id": 4, "country": "JP", "offers_text": "北海道に地上局を保有しています。",
        "needs_text": "地上局を使ってくれる衛星事業者を探しています。",
    }  # fmt: skip
    station_rival = {"id": 5, "country": "US", "offers_text": "Ground stations in Alaska and Norway."}
    operator = {"id": 6, "country": "US", "offers_text": "We operate twelve IoT satellites."}
    matches = rank(profile_set([thrusters, thruster_rival, bus, stations, station_rival, operator]), top=5)
    listed = {source: [m.target_id for m in matches if m.source_id == source] for source in (1, 4)}
    assert listed[1][0] == 3 and 2 not in listed[1]
    assert listed[4][0] == 6 and 5 not in listed[4]


def test_a_maker_of_a_narrower_kind_meets_a_broader_need():
    """A bus maker that needs "electric propulsion" is offered what it needs by a maker of Hall
    thrusters, two thirds as well as a maker that names electric propulsion itself (half, before),
    and the suggestion says so."""
    bus = {
        "id": 1, "country": "US", "offers_text": "We build 100 kg satellite buses.",
        "needs_text": "Electric propulsion for our buses.",
    }  # fmt: skip
    hall = {"id": 2, "country": "JP", "offers_text": "ホールスラスタを製造しています。"}
    named = {"id": 3, "country": "JP", "offers_text": "電気推進系を製造しています。"}
    stations = {"id": 4, "country": "US", "offers_text": "Ground stations in Alaska."}
    matches = rank(profile_set([bus, hall, named, stations]), top=3)
    fits = {m.target_id: m.fit.score for m in matches if m.source_id == 1}
    assert fits[3] > fits[2] >= 0.6 * fits[3]
    assert 4 not in fits
    # The reason quotes what each side wrote: the Hall thrusters for the electric propulsion.
    (reason,) = next(m.reasons for m in matches if (m.source_id, m.target_id) == (1, 2))
    assert reason.kind == "needs_offer"
    assert reason.phrases == (("electric-propulsion", "Electric propulsion", "ホールスラスタ"),)


@pytest.mark.parametrize(
    ("offers", "offers_tags", "quoted"),
    [
        # The product named first stands for the concept, though the text names SAR itself later.
        (
            "小型の合成開口レーダー衛星を運用しています。夜間や悪天候でも撮像できます。",
            [],
            "小型の合成開口レーダー衛星",
        ),
        # Named first, the concept itself stands.
        ("夜間や悪天候でも撮像できます。小型の合成開口レーダー衛星を運用しています。", [], "夜間や悪天候"),
        # A concept only ticked as a tag quotes the kind the text names.
        ("小型の合成開口レーダー衛星を運用しています。", ["sar-imagery"], "小型の合成開口レーダー衛星"),
    ],
)
def test_the_phrase_an_offer_names_first_is_quoted_for_a_broader_need(offers, offers_tags, quoted):
    analytics = {"id": 1, "country": "US", "offers_text": "Flood maps.", "needs_text": "A radar constellation."}
    radar = {"id": 2, "country": "JP", "offers": offers_tags, "offers_text": offers}
    (match,) = [m for m in rank(profile_set([analytics, radar]), top=1) if m.source_id == 1]
    reason = next(reason for reason in match.reasons if reason.kind == "needs_offer")
    assert ("sar", "radar constellation", quoted) in reason.phrases


def test_the_score_is_symmetric():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, US_LAUNCH, JP_MACHINING]), top=3)
    scores = {(m.source_id, m.target_id): m.score for m in matches}
    for (source, target), score in scores.items():
        assert np.isclose(scores[(target, source)], score)


def test_an_itar_offer_to_a_non_us_firm_is_flagged_not_excluded():
    jp_buyer = dict(JP_MACHINING, id=6, needs=["small-launch"], needs_text="小型ロケットでの打ち上げ。")
    matches = rank(profile_set([US_LAUNCH, jp_buyer]), top=1)
    launch_to_buyer = next(m for m in matches if m.source_id == 3)
    assert launch_to_buyer.flags == (Flag("itar", "source", "licence_or_taa"),)
    buyer_to_launch = next(m for m in matches if m.source_id == 6)
    assert buyer_to_launch.flags == (Flag("itar", "target", "licence_or_taa"),)


def test_a_controlled_company_that_only_buys_raises_no_flag():
    matches = rank(profile_set([US_LAUNCH, JP_MACHINING]), top=1)
    launch_to_machining = next(m for m in matches if m.source_id == 3)
    assert launch_to_machining.target_id == 4
    assert launch_to_machining.flags == ()


def test_ear99_raises_no_flag():
    jp_buyer = dict(JP_MACHINING, id=6, needs=["small-launch"])
    matches = rank(profile_set([dict(US_LAUNCH, export="ear99"), jp_buyer]), top=1)
    assert all(m.flags == () for m in matches)


def test_an_empty_profile_gets_no_suggestions_and_is_suggested_to_nobody():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, EMPTY]), top=5)
    assert all(5 not in (m.source_id, m.target_id) for m in matches)


def test_a_company_is_never_its_own_match():
    matches = rank(profile_set([US_ANALYTICS, dict(US_ANALYTICS, id=6)]), top=5)
    assert all(m.source_id != m.target_id for m in matches)


def test_ranking_only_some_rows():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, US_LAUNCH, JP_MACHINING]), top=2, rows=[2])
    assert {m.source_id for m in matches} == {3}


def test_the_lists_do_not_depend_on_how_rows_are_chunked_or_shared_between_threads(monkeypatch):
    from matchmaking import engine, synthetic

    profiles = synthetic.profiles(600, seed=7)
    features = engine.build_features(profiles)
    for top in (2, 10):
        monkeypatch.setattr(engine, "RANKING_THREADS", 1)
        whole = engine.top_pairs(profiles, features, top=top)
        for threads, cells in ((2, engine.CHUNK_CELLS), (2, 40 * 640), (3, 40 * 640)):
            monkeypatch.setattr(engine, "RANKING_THREADS", threads)
            monkeypatch.setattr(engine, "CHUNK_CELLS", cells)  # 40 rows a chunk
            for expected, found in zip(whole, engine.top_pairs(profiles, features, top=top), strict=True):
                np.testing.assert_array_equal(expected, found)
            monkeypatch.undo()


def test_block_maxima_are_each_block_s_highest_score():
    from matchmaking import engine

    rng = np.random.default_rng(3)
    scores = rng.standard_normal((engine.MAXIMA_ROWS + 5, 3 * engine.BLOCK)).astype(np.float32)
    scores[0, :] = -np.inf
    scores[1, engine.BLOCK - 1] = 9.0
    np.testing.assert_array_equal(engine._block_maxima(scores, 3), scores.reshape(-1, 3, engine.BLOCK).max(axis=2))


def test_a_need_for_a_country_s_market_lifts_the_companies_based_there():
    """A Japanese company that needs U.S. customers meets a U.S. company a little better than an
    otherwise equal Japanese one, beyond the binational preference, and both sides read it alike."""
    needs_us = {
        "id": 1, "country": "JP", "offers_text": "北海道で地上局を運用しています。",
        "needs_text": "米国の顧客を紹介してくれる代理店を探しています。",
    }  # fmt: skip
    plain = {
        "id": 2,
        "country": "JP",
        "offers_text": "北海道で地上局を運用しています。",
        "needs_text": "代理店を探しています。",
    }
    us_agent = {"id": 3, "country": "US", "offers_text": "Sales agent for ground segment services."}
    jp_agent = {"id": 4, "country": "JP", "offers_text": "Sales agent for ground segment services."}
    profiles = profile_set([needs_us, plain, us_agent, jp_agent])
    features = engine.build_features(profiles)
    context = engine.context_scores(features, np.array([0, 0, 1, 1, 2]), np.array([2, 3, 2, 3, 0]))
    binational = engine.WEIGHTS["binational"]
    assert context[0] - context[1] > binational + 0.1  # the need for the U.S. market
    assert np.isclose(context[2] - context[3], binational)  # no market named: binational only
    assert np.isclose(context[4], context[0])


def test_features_stored_without_market_columns_are_built_again_on_a_refresh():
    profiles = profile_set([US_ANALYTICS, JP_SAR, US_LAUNCH, JP_MACHINING])
    features = engine.build_features(profiles)
    stale = replace(features, market_columns=())
    refreshed = engine.update_features(stale, profiles, [1])
    assert refreshed.left.shape == features.left.shape
    assert np.allclose(refreshed.left, features.left) and np.allclose(refreshed.right, features.right)
