"""Free text in English or Japanese read as the concepts of a bilingual glossary.

The glossary (`data/concepts.tsv`) names each space-industry concept once, with its
English and Japanese surface forms, synonyms and abbreviations, and optionally a broader
concept. A text is cut into normalised tokens, and the longest run of tokens that spells a
form is read as that concept:
- Japanese is segmented by SudachiPy (its core dictionary ships in the package; nothing is
  fetched at run time) into normalised forms, so 打上げ and 打ち上げ, or 提供します and
  提供する, read alike; particles, auxiliaries and punctuation are skipped, so
  小型衛星の打ち上げ and 小型衛星打ち上げ read alike;
- English is lower-cased, a few function words are skipped and each word is reduced to a
  simple stem (plurals, British spellings, -ing/-ed), so "ground stations" and
  "Ground Station" read alike.
A need that names the company's own offer as its own ("a bus maker who will integrate our
thrusters", 地上局を使ってくれる事業者) is not read as needing it: the thrusters are what it sells.
Latin words inside Japanese text take the English path. The forms of the glossary are cut
by the same function as the texts, so the two always agree.

Reading is cached per sentence: descriptions repeat their phrasing far more often than
they repeat whole texts.
"""

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse

GLOSSARY_PATH = Path(__file__).with_name("data") / "concepts.tsv"
NO_CONCEPT = "none"  # the glossary row of phrases that name no concept
IDF_POWER = 1.5  # how steeply a concept's weight falls with the share of texts that name it
PLACE_MARKETS = ("market-access", "us-market-access", "japan-market-access")
THIRD_COUNTRIES = "markets-third-countries"  # with its regions (Europe, India…)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
LATIN_WORD = re.compile(r"[0-9a-z]+(?:[&.'][0-9a-z]+)*")
LATIN_ONLY = re.compile(r"^[0-9A-Za-z&.']+$")
# A run of Latin letters and digits inside Japanese text, read whole by the English path:
# SudachiPy would cut H3を into H and 3, TT&Cを into TT and C.
LATIN_RUN = re.compile(r"[0-9A-Za-z]+(?:[&.'\-/][0-9A-Za-z]+)*")
# A full stop ends a sentence after a word, not after an abbreviation such as "U.S." or "e.g.".
CLAUSE_BREAK = re.compile(r"[,;]\s|[、，；]")
SENTENCE_END = re.compile(r"(?<=[。！？!?\n])|(?<=[a-z0-9]{2}\.)\s+|(?<=;)\s+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "we",
        "with",
    ]
)
SKIPPED_JAPANESE = frozenset({"助詞", "助動詞", "補助記号", "空白"})
AFFIXES = frozenset({"接頭辞", "接尾辞"})
# Verbs that only carry the grammar of a sentence (する, している, できる, してくれる, してほしい, 行う):
# skipped like particles, so 衛星を運用する事業者 reads as 衛星運用事業者.
LIGHT_VERBS = frozenset(
    {"為る", "居る", "おる", "有る", "成る", "出来る", "呉れる", "下さる", "頂く", "貰う", "致す", "欲しい", "行う"}
)
KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
DASH_IN_KATAKANA = re.compile(r"(?<=[\u30a1-\u30fa])[-\u2010-\u2015\u2212](?=[\u30a1-\u30fa])")
LONGEST_FORM = 8  # tokens
TYPO_LENGTH = 6  # letters a word needs before a spelling one letter away is read as a glossary word
TRANSLATION_SUPPORT = 2  # concepts a Japanese word and an English stem must share to be translations
TRANSLATION_DICE = 0.3
BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("yse", "yze"), ("tre", "ter"), ("our", "or"))


class Token(NamedTuple):
    text: str  # the normalised token
    start: int  # where it stands in the text, so a match can be quoted as written
    end: int
    affix: bool = False  # a Japanese prefix or suffix (超, 高, 用, 向け, 系, 級): a form may read through it


class Mention(NamedTuple):
    concept: int  # index in the glossary
    phrase: str  # the words of the text that named it, as written


@dataclass(frozen=True)
class Concept:
    id: str
    english: tuple[str, ...]
    japanese: tuple[str, ...]
    broader: str

    @property
    def name_en(self) -> str:
        return self.english[0]

    @property
    def name_ja(self) -> str:
        return self.japanese[0]


# Words whose stem would be another word: nouns in -ing ("marketing" is not "market", "mining"
# not "min", "training" not "train"), "suite" (a sensor suite is no suit) and names ending in s
# (CLAS and SLAS, the QZSS services; Mars).
KEPT_WHOLE = frozenset(
    {"marketing", "housing", "timing", "training", "ring", "string", "bearing", "building", "mining", "suite"}
    | {"clas", "slas", "mars"}
)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if len(word) <= 3 or not word.isalpha() or word in KEPT_WHOLE:
        return word
    for british, american in BRITISH:
        if word.endswith(british) and len(word) > len(british) + 2:
            word = word[: -len(british)] + american
            break
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        word = word[:-1]
        if word in KEPT_WHOLE:  # "buildings" is more than one building, not "build"
            return word
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _english_tokens(text: str, offset: int = 0) -> list[Token]:
    lowered = text.lower()
    return [
        Token(_stem(match.group()), offset + match.start(), offset + match.end())
        for match in LATIN_WORD.finditer(lowered)
        if match.group() not in STOPWORDS
    ]


@cache
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary().tokenizer(mode=SplitMode.A)


def _japanese_tokens(text: str) -> list[Token]:
    """Latin runs (H3, TT&C, AS9100, 5G) as English words, whole; the rest as SudachiPy cuts it."""
    tokens: list[Token] = []
    position = 0
    for run in LATIN_RUN.finditer(text):
        if run.start() > position:
            tokens.extend(_sudachi_tokens(text[position : run.start()], position))
        tokens.extend(_english_tokens(run.group(), run.start()))
        position = run.end()
    if position < len(text):
        tokens.extend(_sudachi_tokens(text[position:], position))
    return tokens


def _sudachi_tokens(text: str, offset: int) -> list[Token]:
    tokens = []
    for morpheme in _tokenizer().tokenize(text):
        surface = morpheme.surface()
        if LATIN_ONLY.match(surface):
            tokens.extend(_english_tokens(surface, offset + morpheme.begin()))
        elif (part := morpheme.part_of_speech()[0]) not in SKIPPED_JAPANESE:
            text = morpheme.normalized_form().lower()
            if text in LIGHT_VERBS:
                continue
            if len(text) > 2 and text.endswith("ー") and KATAKANA.match(text):
                text = text[:-1]  # スラスター and スラスタ, センサー and センサ: one word spelt two ways
            tokens.append(Token(text, offset + morpheme.begin(), offset + morpheme.end(), part in AFFIXES))
    return tokens


def tokens(text: str) -> list[Token]:
    """The normalised tokens of an English, Japanese or mixed text (NFKC-normalised first)."""
    text = unicodedata.normalize("NFKC", text)
    if not JAPANESE.search(text):
        return _english_tokens(text)
    # A dash typed for the long-vowel mark inside a katakana word (ペイロ－ド, ペイロ-ド) is the mark.
    return _japanese_tokens(DASH_IN_KATAKANA.sub("ー", text))


@lru_cache(maxsize=65536)
def _sentences(text: str) -> tuple[str, ...]:
    """The non-blank sentences of a text, cached: concept reading and pivot words both cut every text."""
    return tuple(sentence for sentence in SENTENCE_END.split(text) if sentence and sentence.strip())


def _clause_ends(sentence: str, found: Sequence[Token]) -> list[int]:
    """For each token, the position of the first token past its clause: after a comma or a
    semicolon followed by a space, or a Japanese 、 (not the comma inside 36,000)."""
    ends, end = [0] * len(found), len(found)
    for position in range(len(found) - 1, -1, -1):
        ends[position] = end
        if position and CLAUSE_BREAK.search(sentence[found[position - 1].end : found[position].start]):
            end = position
    return ends


@lru_cache(maxsize=200_000)
def _sentence_tokens(normalised: str) -> tuple[Token, ...]:
    """tokens() of one NFKC-normalised sentence, cached: concept reading and pivot words share it."""
    return tuple(tokens(normalised))


def _one_letter_short(word: str) -> set[str]:
    return {word[:index] + word[index + 1 :] for index in range(len(word))}


class Glossary:
    """The concepts and an index from each form's token sequence to its concept."""

    def __init__(self, concepts: list[Concept], words: dict[str, tuple[str, ...]] | None = None):
        self.concepts = tuple(concepts)
        self.index = {concept.id: row for row, concept in enumerate(self.concepts)}
        self.broader = tuple(self.index.get(concept.broader, -1) for concept in self.concepts)
        # The row of phrases that name no concept ("low-power"): read, so their words are not
        # read as a concept, and then dropped.
        self.no_concept = self.index.get(NO_CONCEPT, -1)
        self.forms: dict[tuple[str, ...], int] = {}
        # An English form of several words also read with its head first, as "removal of debris"
        # says "debris removal": keyed (head, modifiers…), read only across an "of".
        self.head_first: dict[tuple[str, ...], int] = {}
        # The words of each form, cut once: the index, the head-first index and the learnt
        # translations all read them, and SudachiPy is most of the time a glossary takes to load.
        self._words: dict[str, tuple[str, ...]] = dict(words or {})
        self._spellings: dict[str, str] = {}
        for row, concept in enumerate(self.concepts):
            for form in concept.english + concept.japanese:
                # A Japanese form is also read as it stands before a particle: SudachiPy cuts
                # 打ち上げ alone as the verb 打つ + 上げる but 打ち上げを as the noun 打ち上げ.
                readings = (form, form + "を") if JAPANESE.search(form) else (form,)
                for reading in readings:
                    key = self._words_of(reading)
                    if key and len(key) <= LONGEST_FORM:
                        self._claim(self.forms, key, row)
        for row, concept in enumerate(self.concepts):
            for form in concept.english:
                key = self._words_of(form)
                if 2 <= len(key) <= LONGEST_FORM:
                    self._claim(self.head_first, (key[-1], *key[:-1]), row)

    def _claim(self, index: dict[tuple[str, ...], int], key: tuple[str, ...], row: int) -> None:
        """The first concept to claim a form keeps it (specific concepts are listed before the
        ones that reuse their words loosely), except from a broader concept of its own: a form
        listed under earthquake damage and under disasters names earthquake damage, which
        counts towards disasters too."""
        held = index.get(key)
        if held is None or (held != row and held in self.lineage[row]):
            index[key] = row

    def warm(self) -> "Glossary":
        """Builds now the indexes a match run reads (concept lineage, the broader and narrower
        matrices, the misspelling index and the learnt translations), which are otherwise built
        on first use: a worker process does this as it starts, not in the first run it serves."""
        for index in ("lineage", "markets", "broader_of", "narrower", "_near_words", "translations"):
            getattr(self, index)
        return self

    @cached_property
    def lineage(self) -> tuple[frozenset[int], ...]:
        """Each concept with every concept it is a kind of, up its chain of broader ones."""
        chains = []
        for row in range(len(self.concepts)):
            chain = {row}
            while self.broader[row] >= 0 and self.broader[row] not in chain:
                row = self.broader[row]
                chain.add(row)
            chains.append(frozenset(chain))
        return tuple(chains)

    @cached_property
    def markets(self) -> frozenset[int]:
        """Markets as places (the U.S., Japan, third countries and their regions): a market a
        company means to reach is what it needs, even where it names whom it will serve there."""
        places = {self.index[code] for code in PLACE_MARKETS if code in self.index}
        abroad = self.index.get(THIRD_COUNTRIES, -1)
        return frozenset(row for row, chain in enumerate(self.lineage) if row in places or abroad in chain)

    @cached_property
    def broader_of(self) -> sparse.csr_matrix:
        """Concepts × concepts: 1 where the column is the row's broader concept."""
        width = len(self.concepts)
        parents = np.array(self.broader, dtype=np.int64)
        children = np.flatnonzero(parents >= 0)
        return sparse.csr_matrix(
            (np.ones(len(children), dtype=np.float32), (children, parents[children])), shape=(width, width)
        )

    @cached_property
    def narrower(self) -> sparse.csr_matrix:
        """Concepts × concepts: each concept's narrower concepts, 1/√k for each of its k. A need
        for a broader concept is met by any of its kinds, so a need spreads over them as a unit."""
        kinds = np.asarray(self.broader_of.sum(axis=0)).ravel()
        spread = sparse.diags((1.0 / np.sqrt(np.maximum(kinds, 1.0))).astype(np.float32))
        return (spread @ self.broader_of.T).tocsr()

    @cached_property
    def _near_words(self) -> dict[str, set[str]]:
        """Each long English word of the forms, and each spelling one letter short of it, with the
        words it may stand for: the index a mistyped word is looked up in."""
        near: dict[str, set[str]] = {}
        for concept in self.concepts:
            for form in concept.english + concept.japanese:
                for word in self._words_of(form):
                    if len(word) >= TYPO_LENGTH and word.isascii() and word.isalpha():
                        for spelling in {word} | _one_letter_short(word):
                            near.setdefault(spelling, set()).add(word)
        return near

    def _spelt(self, word: str) -> str:
        """The glossary word a mistyped English word stands for ("satelite", "propulsoin", "statoin"):
        the one word of the forms one letter away from it (a letter left out, added, changed or two
        swapped), if there is exactly one; the word itself otherwise. Short words are left alone."""
        if len(word) < TYPO_LENGTH or not (word.isascii() and word.isalpha()):
            return word
        if word not in self._spellings:
            near = self._near_words
            if word in near and word in near[word]:
                self._spellings[word] = word
            else:
                found = set(near.get(word, ()))
                for shorter in _one_letter_short(word):
                    found |= near.get(shorter, set())
                self._spellings[word] = found.pop() if len(found) == 1 else word
        return self._spellings[word]

    def _words_of(self, form: str) -> tuple[str, ...]:
        if form not in self._words:
            self._words[form] = tuple(token.text for token in tokens(form))
        return self._words[form]

    def __len__(self) -> int:
        return len(self.concepts)

    @classmethod
    def read(cls, path: Path = GLOSSARY_PATH, words: dict[str, tuple[str, ...]] | None = None) -> "Glossary":
        """The glossary of a TSV file; `words` are its forms already cut into words, if known."""
        concepts = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            identifier, english, japanese, broader = (line.split("\t") + [""] * 4)[:4]
            concepts.append(
                Concept(
                    identifier.strip(),
                    tuple(form.strip() for form in english.split("|") if form.strip()),
                    tuple(form.strip() for form in japanese.split("|") if form.strip()),
                    broader.strip(),
                )
            )
        return cls(concepts, words)

    def read_text(self, text: str) -> tuple[Mention, ...]:
        """The concepts a text names, each once, with the phrase that first named it."""
        found: dict[int, Mention] = {}
        for sentence in _sentences(text or ""):
            for mention in self._read_sentence(sentence):
                found.setdefault(mention.concept, mention)
        return tuple(found.values())

    @lru_cache(maxsize=200_000)  # noqa: B019 - one glossary lives as long as the process
    def _read_sentence(self, sentence: str) -> tuple[Mention, ...]:
        normalised = unicodedata.normalize("NFKC", sentence)
        found = _sentence_tokens(normalised)
        words = [token.text for token in found]
        # A mistyped English word is read as the glossary word it stands for only inside a form
        # of two or more words that then reads on, so a real word one letter from a glossary
        # word ("whether", "expert") is never taken for it on its own.
        spelt = [self._spelt(word) for word in words]
        mistyped = spelt != words
        # Where no form reads the tokens as written, a form may read through the prefixes and
        # suffixes inside them: 衛星用バス as 衛星バス, 小型衛星向け推進系 as 小型衛星 … 推進.
        content = [position for position, token in enumerate(found) if not token.affix]
        content_index = {position: index for index, position in enumerate(content)}
        # A form never reads across a comma or a semicolon: "solar, wind" is not the solar wind.
        ends = _clause_ends(normalised, found)
        mentions, position = [], 0
        while position < len(words):
            end = ends[position]
            concept, length = self._longest(words[:end], position, 1)
            if mistyped:
                fixed, fixed_length = self._longest(spelt[:end], position, max(2, length + 1))
                if fixed is not None:
                    concept, length = fixed, fixed_length
            if concept is not None:
                last = position + length - 1
            else:
                concept, last = self._read_through_affixes(words, content, content_index.get(position), end)
            if concept is None or last == position:
                concept, last = self._read_head_first(normalised, found[:end], words[:end], position) or (concept, last)
            if concept is None:
                position += 1
                continue
            if concept == self.no_concept:
                position = last + 1
                continue
            mentions.append(Mention(concept, normalised[found[position].start : found[last].end].strip()))
            position = last + 1
        return tuple(mentions)

    def _longest(self, words: Sequence[str], position: int, shortest: int) -> tuple[int | None, int]:
        """(concept, length) of the longest form of at least `shortest` words spelt from `position`."""
        for length in range(min(LONGEST_FORM, len(words) - position), shortest - 1, -1):
            concept = self.forms.get(tuple(words[position : position + length]))
            if concept is not None:
                return concept, length
        return None, 0

    def _read_head_first(
        self, sentence: str, found: Sequence[Token], words: Sequence[str], position: int
    ) -> tuple[int, int] | None:
        """(concept, last token position) of the longest form read head first from `position`,
        "integration of payloads" as payload integration, when "of" joins the head to the rest."""
        if position + 1 >= len(found):
            return None
        joint = sentence[found[position].end : found[position + 1].start].lower().split()
        if joint[:1] != ["of"] or not set(joint[1:]) <= {"the", "a", "an"}:
            return None
        words = words[position : position + LONGEST_FORM]
        for length in range(len(words), 1, -1):
            concept = self.head_first.get(tuple(words[:length]))
            if concept is not None:
                last = position + length - 1
                # Not when it would cut a form that reads on past it: "launch of small satellites".
                _after, after = self._longest(words, 1, 1)
                return None if after > length - 1 else (concept, last)
        return None

    def _read_through_affixes(self, words: list[str], content: list[int], index: int | None, end: int) -> tuple:
        """(concept, last token position) of the longest form spelt by the content tokens from
        content[index] on, before position `end`, when affixes stand between them; (None, -1) if none."""
        if index is None:
            return None, -1
        for length in range(min(LONGEST_FORM, len(content) - index), 1, -1):
            span = content[index : index + length]
            if span[-1] >= end or span[-1] - span[0] + 1 == length:
                continue  # no affix inside: the tokens as written were tried already
            concept = self.forms.get(tuple(words[position] for position in span))
            if concept is not None:
                return concept, span[-1]
        return None, -1

    @cached_property
    def translations(self) -> dict[str, tuple[str, ...]]:
        """Japanese words with the English word stems they translate to, learnt from the glossary itself.

        A Japanese word and an English stem that appear together in the forms of at least
        TRANSLATION_SUPPORT concepts, with a Dice coefficient of at least TRANSLATION_DICE over
        concepts, are translations (衛星 → satellite, 地上 → ground, 推進 → propulsion); each
        Japanese word keeps its best two.
        """
        english_count: Counter[str] = Counter()
        japanese_count: Counter[str] = Counter()
        together: Counter[tuple[str, str]] = Counter()
        for concept in self.concepts:
            if concept.id == NO_CONCEPT:
                continue
            english = {word for form in concept.english for word in self._words_of(form)}
            japanese = {word for form in concept.japanese for word in self._words_of(form) if JAPANESE.search(word)}
            english_count.update(english)
            japanese_count.update(japanese)
            together.update((word, stem) for word in japanese for stem in english)
        candidates: dict[str, list[tuple[float, str]]] = {}
        for (word, stem), count in together.items():
            dice = 2 * count / (japanese_count[word] + english_count[stem])
            if count >= TRANSLATION_SUPPORT and dice >= TRANSLATION_DICE:
                candidates.setdefault(word, []).append((dice, stem))
        best = {word: sorted(found, reverse=True)[:2] for word, found in candidates.items()}
        return {word: tuple(stem for _dice, stem in found) for word, found in best.items()}

    def pivot_words(self, text: str) -> list[str]:
        """A text as words of one vocabulary across languages: English stems as they are, Japanese
        words translated to English stems where the glossary teaches how (kept as written where not),
        so 小型衛星の地上局 and "small satellite ground stations" share most of their words."""
        words: list[str] = []
        for sentence in _sentences(text or ""):
            words.extend(self._sentence_pivot_words(sentence))
        return words

    @lru_cache(maxsize=200_000)  # noqa: B019 - one glossary lives as long as the process
    def _sentence_pivot_words(self, sentence: str) -> tuple[str, ...]:
        translations = self.translations
        words: list[str] = []
        for token in _sentence_tokens(unicodedata.normalize("NFKC", sentence)):
            words.extend(translations.get(token.text, (token.text,)))
        return tuple(words)

    def read_code(self, code: str) -> tuple[int, ...]:
        """The concepts a taxonomy code spells ("ground-stations" → ground station), if any."""
        return tuple(mention.concept for mention in self._read_sentence(code.replace("-", " ")))


@cache
def glossary() -> Glossary:
    """The glossary shipped with the app, read once per process.

    Cutting its twenty thousand forms into words is most of the time a glossary takes to load,
    so the words are kept in a JSON file in the user's cache directory, named by a digest of the
    glossary, this module and the SudachiPy dictionary: any change to one of them cuts the forms
    again. Where the file cannot be read or written, the forms are simply cut.
    """
    kept: Path | None = None
    words = None
    try:
        kept = _kept_words_path()
        words = {form: tuple(cut) for form, cut in json.loads(kept.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError, AttributeError, RuntimeError):
        words = None
    read = Glossary.read(words=words)
    if words is None and kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            written = kept.with_suffix(f".{os.getpid()}.tmp")
            written.write_text(json.dumps(read._words, ensure_ascii=False), encoding="utf-8")
            os.replace(written, kept)
        except OSError:
            pass
    return read


def _kept_words_path() -> Path:
    digest = hashlib.sha256()
    digest.update(GLOSSARY_PATH.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(f"{metadata.version('SudachiPy')} {metadata.version('SudachiDict-core')}".encode())
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache_home / "accelerator" / f"glossary-words-{digest.hexdigest()[:24]}.json"


BROADER_WEIGHT = 0.5  # a concept also counts this much towards its broader concept
FULL_DESCRIPTION = 6  # concepts a side may name before each one counts for less


@dataclass(frozen=True)
class ConceptModel:
    """Which glossary concepts a population uses, and how informative each one is.

    Fitted once on a population's offers and needs; a changed profile is then read with the
    same columns and weights (`transform`). A concept's weight falls with the share of
    profiles that name it (smoothed inverse document frequency, scaled to at most 1 and raised
    to IDF_POWER, so a concept said in passing by many weighs far less than a specific one), so
    generic concepts such as market access count less than a ground station. A side's
    vector is not normalised by its length: naming up to FULL_DESCRIPTION concepts costs
    nothing, so a company that describes itself fully keeps full credit for each match;
    past that, each concept counts for less, so a long list of everything is no hub.
    """

    glossary: Glossary
    columns: np.ndarray  # the glossary concept of each column
    weights: np.ndarray  # per column, in (0, 1]
    tag_concepts: tuple[tuple[int, ...], ...]  # the concepts each taxonomy tag spells

    @property
    def width(self) -> int:
        return len(self.columns)

    @classmethod
    def fit(cls, texts: Sequence[str], tags: sparse.csr_matrix, tag_codes: Sequence[str]) -> tuple:
        """Fits on the texts (offers and needs of every profile) and their taxonomy tags, row-aligned.

        The rows are every profile's offers, then the same profiles' needs, in the same order.
        Returns (model, vectors, mentions): one weighted sparse row and the mentions per text.
        """
        words = glossary()
        tag_concepts = tuple(words.read_code(code) for code in tag_codes)
        mentions = _without_own(words, texts, _read_all(words, texts), tags, tag_concepts)
        raw, named = _raw(words, mentions, tags, tag_concepts)
        frequency = np.asarray((raw > 0).sum(axis=0)).ravel()
        used = np.flatnonzero(frequency)
        documents = max(len(texts), 1)
        idf = np.log((1 + documents) / (1 + frequency[used])) + 1.0
        weights = ((idf / (np.log(1 + documents) + 1.0)) ** IDF_POWER).astype(np.float32)
        model = cls(words, used, weights, tag_concepts)
        return model, model._vectors(raw, named), mentions

    def transform(self, texts: Sequence[str], tags: sparse.csr_matrix) -> tuple:
        """The vectors and mentions of texts read with the fitted columns and weights."""
        mentions = _without_own(self.glossary, texts, _read_all(self.glossary, texts), tags, self.tag_concepts)
        raw, named = _raw(self.glossary, mentions, tags, self.tag_concepts)
        return self._vectors(raw, named), mentions

    def _vectors(self, raw: sparse.csr_matrix, named: sparse.csr_matrix) -> sparse.csr_matrix:
        """Rows of raw (offers, then needs) in the fitted columns, each need spread over the kinds
        of what it names (see _needed_kinds), weighted by how informative each concept is."""
        matrix = raw[:, self.columns].tocsr().astype(np.float32)
        half = matrix.shape[0] // 2
        kinds = sparse.vstack(
            [sparse.csr_matrix((half, self.width), dtype=np.float32), self._needed_kinds(named[half:])], format="csr"
        )
        matrix = matrix.maximum(kinds).tocsr()
        scale = 1.0 / np.sqrt(np.maximum(1.0, np.diff(named.indptr) / FULL_DESCRIPTION))
        return sparse.diags(scale.astype(np.float32)) @ matrix @ sparse.diags(np.sqrt(self.weights))

    def _needed_kinds(self, named_needs: sparse.csr_matrix) -> sparse.csr_matrix:
        """What each need is met by besides what it names: the narrower concepts of each concept
        it names, so a bus maker that needs electric propulsion is offered what it needs by a
        maker of Hall thrusters. An offer already counts BROADER_WEIGHT towards its broader
        concept; the rest, 1 − BROADER_WEIGHT, is spread over the need's k kinds as a unit
        (1/√k each), so the only kind of a concept meets a need for it in full and one of many
        kinds less. Each kind earns what the need is worth as written (the need's weight, not
        the kind's), so a generic need ("parts", market access) earns little from each specific
        maker and is no hub. Offers are not spread: what two companies both offer, and so how
        much they compete, stays as it was."""
        narrower = self.glossary.narrower[self.columns][:, self.columns].tocsr()
        spread = sparse.diags((1.0 - BROADER_WEIGHT) * self.weights) @ narrower @ sparse.diags(1.0 / self.weights)
        return (named_needs[:, self.columns] @ spread).tocsr().astype(np.float32)


# What marks a thing named in a need as the company's own, not something it lacks: "a bus
# maker who will integrate our thruster", "customers for our imagery", "to become a
# distributor", "teams who need life tests" (what its customers need), "we plan to manufacture
# star trackers" (what it will do itself), 地上局を使ってくれる事業者, 望遠鏡の納入先, 当社のカメラ,
# 代理店になりたい, 寿命試験を必要とする企業, 国内で製造したい. Read only where the company
# offers that concept too.
OWN_BEFORE = re.compile(
    r"(?:\b(?:our|my)\s+(?:[\w-]+\s+)?"
    r"|\b(?:customers?|buyers?|users?|resellers?)\s+(?:for|of)\s+"
    r"|\bwho\s+(?:will\s+|would\s+|can\s+)?(?:buy|use|resell|sell|distribute|carry|integrate|fly|host|adopt)\s+"
    r"|\b(?:who|that)\s+(?:will\s+|would\s+|may\s+|still\s+)?(?:need|want|require)s?\s+(?:[\w-]+\s+){0,2}"
    r"|\b(?:become|becoming|be|act\s+as|serve\s+as)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
    r"|\b(?:want|wants|plan|plans|hope|aim|like|intend)\s+to\s+(?:(?:manufacture|produce|make|build|offer|provide)\s+)?"
    r"|(?:自社|当社|弊社)の?)$",
    re.IGNORECASE,
)
OWN_AFTER = re.compile(
    r"^(?:(?:を|も)[^。、,.]{0,8}(?:くれる|くれ|ください|頂ける|いただける)|(?:に|と)(?:なり|なる|して)"
    r"|の(?:納入先|販売先|売り先|導入先|顧客|お客様|買い手|ユーザー)"
    r"|(?:を必要と(?:する|している)|が必要な)[^。、,.]{0,8}?"
    r"(?:顧客|お客|企業|事業者|会社|メーカー|チーム|団体|機関|大学|研究者|開発者|ユーザー))"
)
# What the company wants to do itself: 国内で製造したい. Not a phrase that is itself a verb with
# its object (製造を委託したい), whose verb says who does it.
DOING_AFTER = re.compile(r"^(?:し|を行い|を手がけ|を始め)たい")
# A market the company means to enter is its own, whether or not it offers that yet: "to enter
# the Earth observation market", 量産に参入したい.
ENTERING = re.compile(r"\benter|\bexpand|参入", re.IGNORECASE)
ENTERING_BEFORE = re.compile(r"\b(?:enter|entering|expand\s+into|expanding\s+into)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
ENTERING_AFTER = re.compile(r"^(?:市場)?(?:に|へ|への)参入")
# What the company has spare is its own offer, whether or not it names it among its offers:
# "we have open chamber time", "spare capacity on our line", 真空槽に空きがあります.
SPARE = re.compile(r"\b(?:open|spare|unused|idle|excess)\b|空き|空いて", re.IGNORECASE)
SPARE_BEFORE = re.compile(
    r"\b(?:we\s+(?:still\s+|also\s+)?have\s+(?:some\s+)?(?:open|spare|unused|idle|excess)"
    r"|(?:spare|unused|idle|excess)\s+(?:\w+\s+)?(?:on|in|at)\s+our)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
SPARE_AFTER = re.compile(r"^(?:に|の|にも)空き(?:が(?!な|無)|枠|時間|容量)|^(?:が|も)空いて(?!いな|おらず)")
# What the company means to do with what it needs is its own doing, whether or not it offers
# that yet: "radar scenes licensed so we can resell derived products", 自社で再販できるように.
# So is whom it means to serve with it: "so students can fly a rover on screen",
# 子どもたちが画面の上で探査機を操縦できるような.
PURPOSE = re.compile(
    r"\bso\s+(?:that\s+)?[\w-]+(?:\s+[\w-]+)?\s+can\b|\b(?:lets?|letting|allows?|allowing|enables?|enabling)\s+us\b|るよう",
    re.I,
)
PURPOSE_BEFORE = re.compile(
    r"\b(?:so\s+(?:that\s+)?we\s+can|(?:lets?|letting)\s+us|(?:allows?|allowing|enables?|enabling)\s+us\s+to)"
    r"\s+(?:(?:then|also|finally)\s+)?$",
    re.IGNORECASE,
)
PURPOSE_AFTER = re.compile(r"^(?:が)?(?:でき|出来)るよう")
SERVED_BEFORE = re.compile(r"\bso\s+(?:that\s+)?(?:our\s+|their\s+|the\s+)?$", re.IGNORECASE)
SERVED_AFTER = re.compile(r"^\s+can\b", re.IGNORECASE)
SERVED_AFTER_JA = re.compile(r"^(?:たち|達|ら)?が[^。、,.]{0,20}?(?:でき|出来)るよう")
# Whom the company serves is its own market, not something it lacks: 自治体へ届けたい,
# 自治体の防災案件向けに観測データを仕入れたい, and the head of a compound that ends in 向け
# (光学観測所向け: observatories, not optical imaging). A market it means to reach (米国向けの販路)
# stays a need.
# Nor is it what the company offers: 製薬企業向けに結晶化を受託 offers crystallisation, not drug makers.
SERVING = re.compile(r"向け|へ届け|に届け|へ納め|に納め")
SERVING_CUES = ("向け", "届け", "納め")
SERVING_AFTER = re.compile(
    r"^[\u3400-\u9fff\u30a1-\u30ff]{0,4}?(?:(?:の|で)[^。、,.をがは]{0,8}?)?(?:向け|(?:へ|に)(?:届け|納め))"
)
# What the company gives someone is its own offer too: "to supply cells to battery makers",
# "investing in startups", スタートアップへの出資, 海外メーカーへのセル供給. Only the object of a
# verb of giving that goes to someone, so "a partner to supply cells" and "distribution
# partners in Japan" stay needs, and only a giving noun after への, so 米国への販路 stays one.
GIVING_BEFORE = re.compile(
    r"\b(?:supply|supplying|sell|selling|provide|providing)\s+(?:(?!and\b|or\b)[\w-]+\s+)?$", re.I
)
GIVING_AFTER = re.compile(r"^\s+(?:to|into)\s", re.IGNORECASE)
GIVING_GERUND = re.compile(r"^(?:investing|supplying|selling|providing)\s+(?:in|into|to)\s", re.IGNORECASE)
GIVING_NOUN = re.compile(r"出資|投資|供給|販売|提供|納入|納品|輸出")
OWN_REACH = 40  # characters before a phrase searched for OWN_BEFORE


class Marks(NamedTuple):
    """Which kinds of wording a needs text has at all, so a phrase is searched only for those."""

    entering: bool
    spare: bool
    purpose: bool
    serving: bool


# Each kind with cues, one of which its wording always holds: a plain substring test first
# spares most texts the search of the pattern itself.
MARKS = (
    (("enter", "expand", "参入"), ENTERING),
    (("open", "spare", "unused", "idle", "excess", "空"), SPARE),
    (("so", "let", "allow", "enabl", "るよう"), PURPOSE),
    (SERVING_CUES, SERVING),
)


def _without_own(words: Glossary, texts: Sequence[str], mentions: list, tags: sparse.csr_matrix, tag_concepts) -> list:
    """The mentions with, in each needs text, the company's own offer taken out where the text
    marks it as the company's (see OWN_BEFORE): a bus maker who will integrate our thruster
    needs a bus, not a thruster. The offer may be named in the need by a broader concept.
    In each offers text, whom the company serves is taken out (see SERVING): a protein
    crystalliser that works 製薬企業向けに offers crystals, not drug makers. A market as a place
    stays in both. Rows: offers of every profile, then their needs."""
    half, lineage = len(texts) // 2, words.lineage
    markets = words.markets
    tags = tags.tocsr()
    tag_lineage = [frozenset().union(*(lineage[concept] for concept in concepts)) for concepts in tag_concepts]
    read = list(mentions)
    for row in range(half):
        offers, text = mentions[row], texts[row] or ""
        if offers and any(cue in text for cue in SERVING_CUES):
            served = _only_served(words, text) - markets
            kept = tuple(mention for mention in offers if mention.concept not in served)
            read[row] = kept or offers
    for row in range(half):
        needs = mentions[half + row]
        if not needs:
            continue
        # "our thrusters" from a maker of Hall-effect thrusters: a broader word for its own offer.
        offered = set().union(
            *(lineage[mention.concept] for mention in mentions[row]),
            *(tag_lineage[tag] for tag in tags.indices[tags.indptr[row] : tags.indptr[row + 1]]),
        )
        text = texts[half + row] or ""
        lowered = text.lower()
        marks = Marks(*(any(cue in lowered for cue in cues) and bool(mark.search(text)) for cues, mark in MARKS))
        if offered.isdisjoint([mention.concept for mention in needs]) and not any(marks):
            continue
        text = unicodedata.normalize("NFKC", text)
        read[half + row] = tuple(mention for mention in needs if not _own(text, mention, offered, markets, marks))
    return read


def _own(text: str, mention: Mention, offered: set[int], markets: frozenset[int], marks: Marks) -> bool:
    at = text.find(mention.phrase)
    if at < 0:
        return False
    before, after = text[max(0, at - OWN_REACH) : at], text[at + len(mention.phrase) :]
    if marks.entering and (ENTERING_BEFORE.search(before) or ENTERING_AFTER.match(after)):
        return True
    if marks.spare and (SPARE_BEFORE.search(before) or SPARE_AFTER.match(after)):
        return True
    if marks.purpose and (PURPOSE_BEFORE.search(before) or PURPOSE_AFTER.match(after)):
        return True
    served = marks.purpose and (
        SERVED_AFTER_JA.match(after) or (SERVED_BEFORE.search(before) and SERVED_AFTER.match(after))
    )
    if mention.concept not in markets and (served or (marks.serving and _serving(text, mention))):
        return True
    return mention.concept in offered and bool(
        OWN_BEFORE.search(before)
        or OWN_AFTER.match(after)
        or (GIVING_BEFORE.search(before) and GIVING_AFTER.match(after))
        or GIVING_GERUND.match(text[at:])
        or (DOING_AFTER.match(after) and "を" not in mention.phrase)
        or (before.endswith("への") and GIVING_NOUN.search(mention.phrase + after[:4]))
    )


def _only_served(words: Glossary, text: str) -> set[int]:
    """The concepts an offers text names only as whom the company serves: 小型衛星向けの
    ホールスラスタ names small satellites so; a chip maker that writes NB-IoT向けチップ and, in
    another sentence, NB-IoT chips names NB-IoT as its own."""
    served, offered = set(), set()
    for sentence in _sentences(text):
        normalised = unicodedata.normalize("NFKC", sentence)
        for mention in words._read_sentence(sentence):
            (served if _serving(normalised, mention) else offered).add(mention.concept)
    return served - offered


def _serving(text: str, mention: Mention) -> bool:
    """Whether the text names the mention as whom the company serves: 製薬企業向けに, 自治体へ届け."""
    at = text.find(mention.phrase)
    return at >= 0 and bool(SERVING_AFTER.match(text[at + len(mention.phrase) :]))


def _read_all(words: Glossary, texts: Sequence[str]) -> list[tuple[Mention, ...]]:
    seen: dict[str, tuple[Mention, ...]] = {}
    return [seen[text] if text in seen else seen.setdefault(text, words.read_text(text)) for text in texts]


def _raw(
    words: Glossary, mentions, tags: sparse.csr_matrix, tag_concepts
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Rows × glossary: 1 for a concept named (in text or by a tag), BROADER_WEIGHT for its
    broader one; and the concepts each row names, 1 each."""
    count, width = len(mentions), len(words)
    lengths = np.fromiter((len(found) for found in mentions), dtype=np.int64, count=count)
    text_rows = np.repeat(np.arange(count, dtype=np.int64), lengths)
    text_columns = np.fromiter(
        (mention.concept for found in mentions for mention in found), dtype=np.int64, count=int(lengths.sum())
    )
    in_text = sparse.csr_matrix(
        (np.ones(len(text_rows), dtype=np.float32), (text_rows, text_columns)), shape=(count, width)
    )
    spelt = [(tag, concept) for tag, concepts in enumerate(tag_concepts) for concept in concepts]
    tag_matrix = sparse.csr_matrix(
        (
            np.ones(len(spelt), dtype=np.float32),
            (np.array([t for t, _c in spelt], dtype=np.int64), np.array([c for _t, c in spelt], dtype=np.int64)),
        ),
        shape=(tags.shape[1], width),
    )
    named = (in_text + tags.tocsr().astype(np.float32) @ tag_matrix).tocsr()
    named.data[:] = 1.0
    named.eliminate_zeros()
    broader = (named @ words.broader_of).tocsr()
    broader.data[:] = BROADER_WEIGHT
    # A concept named directly counts 1, however many of its narrower concepts are named too.
    broader = broader - broader.multiply(named)
    broader.eliminate_zeros()
    raw = (named + broader).tocsr()
    return raw, named
