"""The glossary against paraphrases of its concepts, written as different founders, engineers and
buyers describe them in either language, without the concept's own name.

Each sentence is about one concept; it counts as read when the glossary reads that concept or a
narrower one (a narrower concept also counts towards its broader one). Two halves: forms were
added looking at the tuning half's misses; the held-back half's were never used to choose a form,
so its figures estimate how the glossary reads descriptions it has not seen. Half of the held-back
half describes the most used concepts again: in a pitch, notice, press or engineer's voice, and as
imperfect profiles are written (non-native English, shorthand, katakana-heavy or formal Japanese).
"""

import random
import re
from pathlib import Path

from matchmaking.concepts import glossary

HERE = Path(__file__).with_name("paraphrases")


def _sentences(half: str) -> list[tuple[str, str, str]]:
    lines = (HERE / f"{half}.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def _read_rate(sentences: list[tuple[str, str, str]]) -> float:
    words = glossary()

    def lineage(row: int) -> set[int]:
        found = set()
        while row >= 0 and row not in found:
            found.add(row)
            row = words.broader[row]
        return found

    read = sum(
        any(words.index[concept] in lineage(mention.concept) for mention in words.read_text(sentence))
        for concept, _language, sentence in sentences
    )
    return read / len(sentences)


def test_every_paraphrase_names_a_glossary_concept():
    for half in ("tuning", "held_back"):
        assert {concept for concept, _l, _s in _sentences(half)} <= set(glossary().index)


def test_paraphrases_read_by_half_and_language():
    lines, rates = ["", "paraphrases read as their concept (or a narrower one)"], {}
    for half in ("tuning", "held_back"):
        sentences = _sentences(half)
        for language in ("en", "ja"):
            chosen = [row for row in sentences if row[1] == language]
            rates[half, language] = _read_rate(chosen)
            lines.append(f"  {half:9} {language}  n={len(chosen):4}  read {rates[half, language]:.0%}")
    print("\n".join(lines))
    # Floors that keep what was measured; the held-back figures are the ones to improve.
    assert min(rates["tuning", "en"], rates["tuning", "ja"]) >= 0.9
    assert min(rates["held_back", "en"], rates["held_back", "ja"]) >= 0.6


def _mistyped(sentence: str, chance: random.Random) -> str:
    """About one word in three of six letters or more typed with one slip: a letter left out,
    two swapped, one added or one changed."""

    def slip(match: re.Match) -> str:
        word = match.group()
        if chance.random() >= 0.3:
            return word
        at, letter = chance.randrange(1, len(word) - 1), chance.choice("aeiourstln")
        return chance.choice(
            [
                word[:at] + word[at + 1 :],
                word[:at] + word[at + 1] + word[at] + word[at + 2 :],
                word[:at] + letter + word[at:],
                word[:at] + letter + word[at + 1 :],
            ]
        )

    return re.sub(r"[A-Za-z]{6,}", slip, sentence)


def test_mistyped_english_paraphrases_are_still_mostly_read():
    chance = random.Random(7)
    english = [row for row in _sentences("held_back") if row[1] == "en"]
    mistyped = [(concept, language, _mistyped(sentence, chance)) for concept, language, sentence in english]
    clean, slipped = _read_rate(english), _read_rate(mistyped)
    print(f"\nheld-back English paraphrases read: {clean:.0%} as typed, {slipped:.0%} with slips")
    assert slipped >= clean - 0.08
