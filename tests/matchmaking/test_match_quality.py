"""The engine against hand-labelled U.S./Japanese pairs: the true partner must rank in the top 3."""

import re

from matchmaking.engine import rank

from .labelled_pairs import JA_ONLY, PAIRS, population
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
