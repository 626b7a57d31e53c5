"""The engine against hand-labelled U.S./Japanese pairs: the earlier set as a regression check, and
the harder labelled market (tuning and held-back halves) with its figures printed."""

import re
from collections import Counter

import numpy as np

from matchmaking.engine import build_features, explain, rank

from .labelled_pairs import JA_ONLY, PAIRS, population
from .market import market
from .profiles import profile_set

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _japanese_only(profile: dict) -> bool:
    text = profile["offers_text"] + profile["needs_text"]
    return bool(JAPANESE.search(text)) and not re.search(r"[A-Za-z]{3,}", text)


def test_the_true_partner_ranks_in_the_top_three():
    profiles, pairs = population()
    by_id = {profile["id"]: profile for profile in profiles}
    top3 = {}
    for match in rank(profile_set(profiles), top=3):
        top3.setdefault(match.source_id, []).append(match.target_id)
    hits = japanese_hits = japanese_pairs = 0
    misses = []
    for us_id, jp_id in pairs:
        hit = jp_id in top3.get(us_id, []) and us_id in top3.get(jp_id, [])
        hits += hit
        if _japanese_only(by_id[jp_id]):
            japanese_pairs += 1
            japanese_hits += hit
        if not hit:
            misses.append((us_id, jp_id, top3.get(us_id), top3.get(jp_id)))
    rate, japanese_rate = hits / len(pairs), japanese_hits / japanese_pairs
    print(
        f"\nlabelled pairs: {hits}/{len(pairs)} in each other's top 3 ({rate:.0%}); "
        f"Japanese-only side: {japanese_hits}/{japanese_pairs} ({japanese_rate:.0%})"
    )
    assert len(PAIRS) >= 30 and japanese_pairs == JA_ONLY >= 8
    assert rate >= 0.9, misses
    assert japanese_rate >= 0.9, misses


def _hit_rates(lookups: list[dict], ranked: dict[int, list[int]]) -> tuple[float, float, int]:
    top1 = sum(ranked.get(lookup["source"], [])[:1] == [lookup["partner"]] for lookup in lookups)
    top3 = sum(lookup["partner"] in ranked.get(lookup["source"], [])[:3] for lookup in lookups)
    return top1 / len(lookups), top3 / len(lookups), len(lookups)


def test_the_labelled_market_by_half_and_language():
    """Each pair looked up from both sides; the held-back half was never tuned on."""
    profiles, lookups = market()
    pairs = len(lookups) // 2
    assert pairs >= 60 and len(profiles) - 2 * pairs >= 150
    assert sum(lookup["subset"] == "ja_only" for lookup in lookups) // 2 >= 20
    assert sum(lookup["different_languages"] for lookup in lookups) // 2 >= 10
    ranked: dict[int, list[int]] = {}
    for match in rank(profile_set(profiles), top=3):
        ranked.setdefault(match.source_id, []).append(match.target_id)
    lines, figures = ["", "labelled market: top-1 / top-3 per look-up (each pair from both sides)"], {}
    for half in ("tuning", "held_back"):
        for subset, chosen in (
            ("all", [lookup for lookup in lookups if lookup["half"] == half]),
            ("both in English", [lookup for lookup in lookups if lookup["half"] == half and lookup["subset"] == "en"]),
            ("Japanese side in English too", [x for x in lookups if x["half"] == half and x["subset"] == "mixed"]),
            ("Japanese side only in Japanese", [x for x in lookups if x["half"] == half and x["subset"] == "ja_only"]),
            ("sides in different languages", [x for x in lookups if x["half"] == half and x["different_languages"]]),
        ):
            if chosen:
                figures[(half, subset)] = top1, top3, count = _hit_rates(chosen, ranked)
                lines.append(f"  {half:9} {subset:32} n={count:3}  top-1 {top1:4.0%}  top-3 {top3:4.0%}")
    rivals = sum(any(rival in ranked.get(x["source"], []) for rival in x["rivals"]) for x in lookups)
    lines.append(f"  competitors in a top 3 where the partner exists: {rivals}")
    print("\n".join(lines))
    assert rivals == 0
    # Floors that keep what was measured; the held-back figures are the ones to improve.
    assert figures[("tuning", "all")][0] >= 0.7 and figures[("tuning", "all")][1] >= 0.9
    assert figures[("held_back", "all")][1] >= 0.9
    assert figures[("held_back", "Japanese side only in Japanese")][1] >= 0.9


def test_the_labelled_market_pairs_spread_across_the_fit_bands():
    """The true pairs are mostly needs met both ways, so mostly strong, but the scale still
    tells them apart: not every one reads 100, and the thinner ones read good or possible."""
    profiles, lookups = market()
    companies = profile_set(profiles)
    row = {int(company_id): index for index, company_id in enumerate(companies.ids)}
    pairs = sorted({tuple(sorted((lookup["source"], lookup["partner"]))) for lookup in lookups})
    sources, targets = np.array([row[a] for a, _b in pairs]), np.array([row[b] for _a, b in pairs])
    fits = [item.fit for item in explain(companies, build_features(companies), sources, targets)]
    scores = np.array([fit.score for fit in fits])
    bands = Counter(fit.band for fit in fits)
    quartiles = np.percentile(scores, [0, 25, 50, 75, 100]).round().astype(int).tolist()
    print(
        f"\nlabelled market pairs' fit: min/quartiles/max {quartiles}; "
        f"strong {bands['strong']}, good {bands['good']}, possible {bands['possible']}; "
        f"mutual {sum(fit.mutual for fit in fits)} of {len(fits)}"
    )
    assert len(fits) >= 60 and scores.max() < 100
    assert 70 <= np.median(scores) <= 90
    assert bands["strong"] >= len(fits) // 2 and bands["good"] + bands["possible"] >= 5
