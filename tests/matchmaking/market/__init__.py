"""A harder labelled market: U.S.–Japan pairs that should meet first, among competitors,
companies with the same need and generic market-access hubs, filled the way real users fill
profiles (few or imperfect tags, paraphrased text, many Japanese sides only in Japanese).

Two halves: `tuning` (looked at while choosing the engine's weights) and `held_back`
(never tuned on). The earlier labelled set joins as more distractors.
"""

import re

from matchmaking.synthetic import CAPABILITIES

from .. import labelled_pairs
from . import held_back, tuning

SEGMENT_OF = {code: segment for code, _en, _ja, _area, segment in CAPABILITIES}
AREA_OF = {code: area for code, _en, _ja, area, _segment in CAPABILITIES}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
HALVES = {"tuning": tuning, "held_back": held_back}


def language(profile: dict) -> str:
    text = profile["offers_text"] + " " + profile["needs_text"]
    japanese, latin = bool(JAPANESE.search(text)), bool(LATIN_WORD.search(text))
    return "ja" if japanese and not latin else "en" if latin and not japanese else "both"


def _complete(profile: dict, identifier: int, country: str) -> dict:
    unknown = set(profile["offers"] + profile["needs"]) - set(SEGMENT_OF)
    assert not unknown, unknown
    return {
        **profile,
        "id": identifier,
        "country": country,
        "segments": sorted({SEGMENT_OF[code] for code in profile["offers"] if SEGMENT_OF[code]}),
        "areas": sorted({AREA_OF[code] for code in profile["offers"] if AREA_OF[code]}),
    }


def market() -> tuple[list[dict], list[dict]]:
    """Every profile, and one look-up per pair and direction:
    {"source", "partner", "half", "subset", "rivals"}, where subset is "en" (both sides in
    English), "ja_only" (the Japanese side writes only Japanese) or "mixed"."""
    profiles, lookups = [], []
    for offset, (half, module) in enumerate(HALVES.items()):
        base = 10_000 * (offset + 1)
        for index, entry in enumerate(module.PAIRS):
            us = _complete(entry["us"], base + index, "US")
            jp = _complete(entry["jp"], base + 1000 + index, "JP")
            us_rivals = [_complete(p, base + 2000 + 10 * index + k, "US") for k, p in enumerate(entry["us_rivals"])]
            jp_rivals = [_complete(p, base + 3000 + 10 * index + k, "JP") for k, p in enumerate(entry["jp_rivals"])]
            profiles += [us, jp, *us_rivals, *jp_rivals]
            languages = (language(us), language(jp))
            subset = "ja_only" if languages[1] == "ja" else "en" if languages == ("en", "en") else "mixed"
            for source, partner, rivals in ((us, jp, us_rivals), (jp, us, jp_rivals)):
                lookups.append(
                    {
                        "source": source["id"],
                        "partner": partner["id"],
                        "half": half,
                        "subset": subset,
                        "different_languages": languages == ("en", "ja"),
                        "rivals": [rival["id"] for rival in rivals],
                    }
                )
        for index, profile in enumerate(module.DISTRACTORS):
            country = "JP" if JAPANESE.search(profile["offers_text"] + profile["needs_text"]) else "US"
            profiles.append(_complete(profile, base + 5000 + index, country))
    earlier, _pairs = labelled_pairs.population()
    profiles += [dict(profile, id=90_000 + profile["id"]) for profile in earlier]
    return profiles, lookups
