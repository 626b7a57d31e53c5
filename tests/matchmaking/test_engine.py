import numpy as np

from matchmaking.engine import Flag, Reason, rank

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
    assert reasons["offers_need"] == Reason("offers_need", ("image-analytics",))
    assert reasons["needs_offer"] == Reason("needs_offer", ("sar-imagery",))
    assert reasons["binational"].codes == ("US", "JP")
    assert reasons["trl_fit"].value == 1.0


def test_the_score_is_symmetric():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, US_LAUNCH, JP_MACHINING]), top=3)
    scores = {(m.source_id, m.target_id): m.score for m in matches}
    for (source, target), score in scores.items():
        assert np.isclose(scores[(target, source)], score)


def test_itar_to_a_non_us_firm_is_flagged_not_excluded():
    matches = rank(profile_set([US_LAUNCH, JP_MACHINING]), top=1)
    launch_to_machining = next(m for m in matches if m.source_id == 3)
    assert launch_to_machining.target_id == 4
    assert launch_to_machining.flags == (Flag("itar", "source", "licence_or_taa"),)
    machining_to_launch = next(m for m in matches if m.source_id == 4)
    assert machining_to_launch.flags == (Flag("itar", "target", "licence_or_taa"),)


def test_an_empty_profile_gets_no_suggestions_and_is_suggested_to_nobody():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, EMPTY]), top=5)
    assert all(5 not in (m.source_id, m.target_id) for m in matches)


def test_a_company_is_never_its_own_match():
    matches = rank(profile_set([US_ANALYTICS, dict(US_ANALYTICS, id=6)]), top=5)
    assert all(m.source_id != m.target_id for m in matches)


def test_ranking_only_some_rows():
    matches = rank(profile_set([US_ANALYTICS, JP_SAR, US_LAUNCH, JP_MACHINING]), top=2, rows=[2])
    assert {m.source_id for m in matches} == {3}
