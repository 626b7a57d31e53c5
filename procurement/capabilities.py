"""The capabilities a notice's own words name, read once when it is imported.

A notice names capabilities of the companies taxonomy in English or Japanese: the tags'
own names, and the wording in KEYWORDS. What a notice names is kept on the opportunity
(`capability_tags`), so ranking thousands of companies against the feed reads it rather
than searching every notice's text again. Notices imported before are read by
`manage.py read_notice_capabilities`, or by the ranking itself until then.
"""

import re
from dataclasses import dataclass

from accelerator.companies.models import CapabilityTag, Segment, TechnologyArea

# Words in a notice that name a capability of the taxonomy, beyond the terms' own names.
KEYWORDS = {
    "sar-imagery": r"\bSAR\b|synthetic aperture radar|合成開口レーダ|SAR衛星",
    "optical-imagery": r"optical imagery|multispectral|光学衛星|光学画像",
    "hyperspectral-imaging": r"hyperspectral|ハイパースペクトル",
    "image-analytics": r"image analytics|imagery analytics|image processing|画像解析|画像処理",
    "geospatial-ai": r"geospatial|地理空間",
    "ground-stations": r"ground station|antenna time|地上局",
    "mission-operations": r"mission operations|運用管制|運用支援",
    "optical-comms": r"optical communication|laser communication|光通信",
    "rf-payloads": r"\bRF\b payload|通信ペイロード",
    "debris-tracking": r"debris|デブリ",
    "surveillance-sensors": r"space domain awareness|space surveillance|optical tracking|radar tracking|宇宙状況把握",
    "conjunction-analysis": r"conjunction|collision avoidance|接近解析|衝突回避",
    "debris-removal": r"debris removal|デブリ除去",
    "rendezvous-docking": r"rendezvous|proximity operations|docking|ランデブ|ドッキング",
    "lunar-landers": r"lunar lander|月着陸",
    "lunar-rovers": r"\brovers?\b|ローバー",
    "isru": r"in-situ resource|\bISRU\b|現地資源",
    "star-trackers": r"star trackers?|スタートラッカ",
    "avionics": r"avionics|on-board computers?|搭載計算機|アビオニクス",
    "rad-hard-electronics": r"radiation[- ]hardened|耐放射線",
    "electric-propulsion": r"electric propulsion|Hall[- ]effect|Hall thruster|ion thruster|電気推進|ホールスラスタ",
    "chemical-propulsion": r"chemical propulsion|化学推進",
    "small-launch": r"small launch|launch services?|打ち上げ",
    "smallsat-bus": r"small satellite bus|smallsat|小型衛星",
    "environmental-testing": r"thermal vacuum|vibration test|環境試験",
    "pnt": r"positioning, navigation|\bPNT\b|\bGNSS\b|測位|準天頂",
    "weather-climate-data": r"weather|climate|気象",
    "maritime-awareness": r"maritime|海洋状況把握|\bAIS\b",
    "disaster-monitoring": r"disaster|bushfire|flood|災害",
    "satellite-iot": r"satellite IoT|衛星IoT",
    "leo-broadband": r"broadband|ブロードバンド",
    "space-robotics": r"robotic arm|ロボットアーム",
}


def notice_text(title: str, description: str, title_translation: str, description_translation: str) -> str:
    """The words of a notice that name what it asks for."""
    return "\n".join(filter(None, (title, description, title_translation, description_translation)))


@dataclass(frozen=True)
class Vocabulary:
    tags: list[CapabilityTag]
    segments: list[Segment]
    areas: list[TechnologyArea]
    patterns: dict  # tag code → pattern over lower-cased text
    context: dict  # tag code → (its segment's code, its technology area's code)
    # (word, tag code): a tag's pattern matches only text holding one of its words
    words: tuple[tuple[str, str], ...] = ()

    @classmethod
    def load(cls) -> "Vocabulary":
        tags = list(CapabilityTag.objects.select_related(None).order_by("pk"))
        patterns = {}
        for tag in tags:
            names = [re.escape(tag.name_en.lower()), re.escape(tag.name_ja.lower())]
            extra = KEYWORDS.get(tag.code)
            # Matched against lower-cased text without re.I, which is several times faster
            # over a whole feed; the keywords hold no escapes that lower-casing would change.
            patterns[tag.code] = re.compile("|".join([*filter(None, names), *([extra.lower()] if extra else [])]))
        words = tuple(
            (word, code)
            for code, pattern in patterns.items()
            for word in dict.fromkeys(_required_word(part) for part in _alternatives(pattern.pattern))
        )
        segments, areas = list(Segment.objects.order_by("pk")), list(TechnologyArea.objects.order_by("pk"))
        segment_codes = {segment.pk: segment.code for segment in segments}
        area_codes = {area.pk: area.code for area in areas}
        context = {
            tag.code: (segment_codes.get(tag.segment_id, ""), area_codes.get(tag.technology_area_id, ""))
            for tag in tags
        }
        return cls(tags, segments, areas, patterns, context, words)

    def tags_in(self, text: str) -> list[str]:
        """The codes of the capabilities `text` names, in the taxonomy's order."""
        lowered = text.lower()
        # Plain substring tests first (a few microseconds for the whole taxonomy): a pattern
        # none of whose words is in the text cannot match, and most notices name few.
        named = {code for word, code in self.words if word in lowered}
        return [code for code, pattern in self.patterns.items() if code in named and pattern.search(lowered)]


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (split at | outside brackets and groups)."""
    parts, current, depth, index = [], "", 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current += pattern[index : index + 2]
            index += 2
            continue
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
        index += 1
    return [*parts, current]


def _required_word(alternative: str) -> str:
    """The longest run of plain characters every match of `alternative` contains ("" when unsure)."""
    runs, run, index = [], "", 0
    while index < len(alternative):
        char = alternative[index]
        if char == "\\":
            following = alternative[index + 1 : index + 2]
            if following.isalnum():  # \b, \d, \s…: an anchor or a class, not a character
                runs.append(run)
                run = ""
            else:
                run += following
            index += 2
            continue
        if char in "?*":  # the character before may be absent
            runs.append(run[:-1])
            run = ""
        elif char == "+":
            runs.append(run)
            run = ""
        elif char == "[":
            runs.append(run)
            run = ""
            index = alternative.find("]", index + 2)
            if index < 0:
                return ""
        elif char in ".^$(){}|]":
            return ""
        else:
            run += char
        index += 1
    runs.append(run)
    return max(runs, key=len)
