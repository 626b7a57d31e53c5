"""Turns a suggestion's structured reasons, fit and flags into sentences in the reader's language.

A reason quotes the phrase each company wrote for the capability that matched, as written;
where that phrase is in the other language, the glossary's name for the concept follows in
the reader's language, so "地上局" reads as “地上局” (ground station) in English and an
English "downlink" as 「downlink」（ダウンリンク） in Japanese.
"""

import re
import weakref
from dataclasses import dataclass

from django.db import connections, router
from django.urls import reverse
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from accelerator import kept
from accelerator.companies.models import CapabilityTag, Segment, TechnologyArea

from .concepts import glossary
from .engine import FIT_BANDS

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
BINATIONAL = {"US", "JP"}


@dataclass(frozen=True, slots=True)
class Term:
    """A taxonomy term's two names, as a reason names it."""

    name_en: str
    name_ja: str

    @property
    def name(self) -> str:
        return self.name_ja if _japanese_reader() and self.name_ja else self.name_en


@dataclass(frozen=True)
class Vocabulary:
    """Taxonomy names by code, read once per page or email batch (one query)."""

    tags: dict
    segments: dict
    areas: dict

    @classmethod
    def load(cls) -> "Vocabulary":
        connection = connections[router.db_for_read(CapabilityTag)]
        statement = " UNION ALL ".join(
            _TAXONOMY_SQL.format(taxonomy=taxonomy, table=connection.ops.quote_name(model._meta.db_table))
            for taxonomy, model in _TAXONOMIES
        )
        terms: dict[str, dict] = {taxonomy: {} for taxonomy, _model in _TAXONOMIES}
        with connection.cursor() as cursor:
            cursor.execute(statement)
            for taxonomy, code, name_en, name_ja in cursor.fetchall():
                terms[taxonomy][code] = Term(name_en, name_ja)
        return cls(**terms)

    @classmethod
    def kept(cls) -> "Vocabulary":
        """The vocabulary as load() reads it, kept in the cache and held in the process
        (`accelerator.kept`): the matches page names terms on every view; a renamed term shows
        in its reasons on the next one."""
        return cls.kept_with([])[0]

    @classmethod
    def kept_with(cls, keys) -> tuple["Vocabulary", tuple[dict, int]]:
        """kept(), and what kept.get_many(keys) answers, read in the same round trip."""
        found, generation = kept.get_many_held(keys, {_KEPT_KEY: cls.load})
        return found.pop(_KEPT_KEY), (found, generation)


# The three taxonomies a reason names, read in one hand-written statement: every matches page
# and email batch reads them, and the ORM compiled three queries (or a union) on each.
_TAXONOMIES = (("tags", CapabilityTag), ("segments", Segment), ("areas", TechnologyArea))
_TAXONOMY_SQL = "SELECT '{taxonomy}', code, name_en, name_ja FROM {table}"
_KEPT_KEY = "match-vocabulary"


def _japanese_reader() -> bool:
    return (get_language() or "en").startswith("ja")


def in_sentence(name: str) -> str:
    """A taxonomy name as it reads inside a sentence: "Ground station services" → "ground station
    services", while "SAR satellites", "LEO broadband" and Japanese names keep their case."""
    if _japanese_reader() or len(name) < 2 or not name[0].isupper() or not name[1].islower():
        return name
    return name[0].lower() + name[1:]


def _names(codes, terms: dict, *, titles: bool = False) -> str:
    """The terms' names joined; `titles` keeps names that are titles as written (NASA's
    technology areas: "Software, Modeling, Simulation, and Information Processing")."""
    names = [(str if titles else in_sentence)(str(terms[code].name)) if code in terms else code for code in codes]
    return _(", ").join(names)


def _concept_name(concept_id: str) -> str:
    words = glossary()
    row = words.index.get(concept_id)
    if row is None:
        return concept_id
    concept = words.concepts[row]
    return concept.name_ja if _japanese_reader() else concept.name_en


def quote(phrase: str, concept_id: str = "") -> str:
    """A company's own phrase in quotation marks, glossed in the reader's language when it is
    written in the other one; the concept's name alone when the company only ticked a tag."""
    japanese = _japanese_reader()
    if not phrase:
        return _concept_name(concept_id) if concept_id else ""
    quoted = f"「{phrase}」" if japanese else f"“{phrase}”"
    if concept_id and bool(JAPANESE.search(phrase)) != japanese:
        name = _concept_name(concept_id)
        quoted += f"（{name}）" if japanese else f" ({name})"
    return quoted


SENTENCE_FULL_STOP = re.compile(r"(?:[。．]|(?<=[a-z0-9)\]])\.)$")


def _without_full_stop(excerpt: str) -> str:
    """A quoted sentence without its own full stop, as a quotation inside a sentence reads
    (「…したい」に, “… operators”,); an abbreviation's stop ("U.S.") stays."""
    return SENTENCE_FULL_STOP.sub("", excerpt.rstrip())


def _tag_names(codes, vocabulary: Vocabulary) -> str:
    """Taxonomy names as a term inside a sentence: 「…」 in Japanese, naturally cased in English."""
    names = _names(codes, vocabulary.tags)
    return f"「{names}」" if _japanese_reader() and names else names


def _sides(reason: dict, vocabulary: Vocabulary) -> tuple[str, str]:
    """What the offering side offers and what the needing side needs, as the reader reads them."""
    offers, needs = [], []
    concepts = reason.get("concepts", [])
    offering_first = reason["kind"] in ("offers_need", "text_offers_need")
    # Up to two concepts, each offered in words of its own: a phrase that named a concept and
    # its broader one ("鉄道": railways, infrastructure monitoring) is quoted once.
    quoted: set[str] = set()
    for concept_id, source_phrase, target_phrase in concepts:
        offered, needed = (source_phrase, target_phrase) if offering_first else (target_phrase, source_phrase)
        if len(offers) == 2 or (offered and offered in quoted):
            continue
        quoted.add(offered)
        offers.append(quote(offered, concept_id))
        if needed and needed != offered and needed not in quoted:
            quoted.add(needed)
            needs.append(quote(needed, concept_id))
    if not offers:
        offers.append(_tag_names(reason.get("codes", []), vocabulary))
    elif reason.get("codes") and not any(source or target for _id, source, target in concepts):
        offers = [_tag_names(reason["codes"], vocabulary)]
    return _both(offers), _both(needs)


def _both(phrases: list[str]) -> str:
    """One or two quoted phrases as a sentence names them: “A” and “B”, 「A」と「B」."""
    if len(phrases) == 2:
        return pgettext("two quoted phrases", "%(first)s and %(second)s") % {
            "first": phrases[0],
            "second": phrases[1],
        }
    return _(", ").join(phrases)


def describe_reason(reason: dict, *, company: str, partner: str, vocabulary: Vocabulary) -> str:
    """One reason, told from the point of view of `company`, whose list it is in."""
    kind, codes, value = reason["kind"], reason.get("codes", []), reason.get("value", 0)
    if kind in ("offers_need", "needs_offer"):
        offerer, needer = (company, partner) if kind == "offers_need" else (partner, company)
        offer, need = _sides(reason, vocabulary)
        if need:
            return _("%(offerer)s offers %(offer)s, which %(needer)s needs: %(need)s.") % {
                "offerer": offerer,
                "needer": needer,
                "offer": offer,
                "need": need,
            }
        return _("%(offerer)s offers %(offer)s, which %(needer)s needs.") % {
            "offerer": offerer,
            "needer": needer,
            "offer": offer,
        }
    if kind in ("text_offers_need", "text_needs_offer"):
        offerer, needer = (company, partner) if kind == "text_offers_need" else (partner, company)
        phrases = reason.get("concepts") or [["", "", ""]]
        _concept, source_text, target_text = phrases[0]
        offered, needed = (source_text, target_text) if kind == "text_offers_need" else (target_text, source_text)
        return _("What %(offerer)s offers, %(offer)s, answers what %(needer)s is looking for: %(need)s.") % {
            "offerer": offerer,
            "needer": needer,
            "offer": quote(_without_full_stop(offered)),
            "need": quote(_without_full_stop(needed)),
        }
    if kind == "segments":
        return _("Both work in %(segments)s.") % {"segments": _names(codes, vocabulary.segments)}
    if kind == "technology_areas":
        return _("Shared technology areas: %(areas)s.") % {"areas": _names(codes, vocabulary.areas, titles=True)}
    if kind == "trl_fit":
        gap = int(value)
        if gap == 0:
            return _("Both are at the same technology readiness level.")
        return ngettext(
            "Technology readiness levels %(gap)d step apart.", "Technology readiness levels %(gap)d steps apart.", gap
        ) % {"gap": gap}
    if kind == "binational":  # stored by earlier runs; shown as a badge now
        return ""
    return kind


def fit_band(suggestion) -> str:
    """ "strong", "good" or "possible": the band of the suggestion's 0–100 fit."""
    return next(name for floor, name in FIT_BANDS if suggestion.fit >= floor)


def fit_label(suggestion, words: dict | None = None) -> str:
    """ "Strong fit · 82/100 · mutual: each side gains", in the reader's language."""
    words = words or fit_words()
    return words["label"] % {
        "band": words[fit_band(suggestion)],
        "score": suggestion.fit,
        "direction": words["mutual" if suggestion.mutual else "one-way"],
    }


def fit_words() -> dict[str, str]:
    """The words of a fit label in the active language, translated once for a whole list."""
    return {
        "strong": pgettext("match fit", "Strong fit"),
        "good": pgettext("match fit", "Good fit"),
        "possible": pgettext("match fit", "Possible fit"),
        "mutual": _("mutual: each side gains"),
        "one-way": _("one-way: one side gains"),
        "label": _("%(band)s · %(score)s/100 · %(direction)s"),
    }


def describe_flag(flag: dict, *, company: str, partner: str) -> str:
    """What a compliance flag means and the step it needs, from `company`'s point of view."""
    owner, other = (company, partner) if flag["side"] == "source" else (partner, company)
    if flag["kind"] == "itar":
        return _(
            "Before %(owner)s shares ITAR-controlled technical data or hardware with %(other)s, it needs a DSP-5 "
            "export licence or a Technical Assistance Agreement (TAA) approved by the State Department (DDTC)."
        ) % {"owner": owner, "other": other}
    return _(
        "Before %(owner)s sends its EAR-controlled offer to %(other)s, check its ECCN against the destination: "
        "some items need a Commerce Department (BIS) licence, EAR99 items usually none."
    ) % {"owner": owner, "other": other}


def flag_step(flag: dict) -> str:
    if flag["step"] == "licence_or_taa":
        return _("DSP-5 licence or TAA")
    return _("EAR licence check")


def guidance_url() -> str:
    return reverse("matchmaking:itar_bridge")


def annotate(suggestions, *, vocabulary: Vocabulary | None = None):
    """Adds `.reason_texts`, `.flag_texts`, `.fit_text`, `.fit_band` and `.binational` to each
    suggestion, in the active language. Reasons about what each side gains come first.

    With a `vocabulary` that lives on (Vocabulary.kept()), each reason's and flag's sentence
    is kept beside it per language and pair of names: a list page tells the same few
    hundred reasons on every view, each a dozen translations and look-ups.
    """
    told = _told(vocabulary) if vocabulary is not None else {}
    vocabulary = vocabulary or Vocabulary.load()
    words = fit_words()
    language = get_language()
    for suggestion in suggestions:
        company, partner = suggestion.company.display_name, suggestion.partner.display_name
        texts = []
        for reason in suggestion.reasons:
            key = (language, company, partner, repr(reason))
            text = told.get(key)
            if text is None:
                text = told[key] = describe_reason(reason, company=company, partner=partner, vocabulary=vocabulary)
            if text:
                texts.append(text)
        suggestion.reason_texts = texts
        flag_texts = []
        for flag in suggestion.flags:
            key = (language, company, partner, "flag", repr(flag))
            text = told.get(key)
            if text is None:
                text = told[key] = (flag_step(flag), describe_flag(flag, company=company, partner=partner))
            flag_texts.append(text)
        suggestion.flag_texts = flag_texts
        suggestion.fit_text = fit_label(suggestion, words)
        suggestion.fit_band = fit_band(suggestion)
        suggestion.binational = {str(suggestion.company.country), str(suggestion.partner.country)} == BINATIONAL
    return suggestions


# The sentences told with the vocabulary kept last, by language, names and reason (or flag).
_told_with: list = [lambda: None, {}]
_MOST_TOLD = 20_000


def _told(vocabulary: Vocabulary) -> dict:
    if _told_with[0]() is not vocabulary or len(_told_with[1]) > _MOST_TOLD:
        _told_with[:] = [weakref.ref(vocabulary), {}]
    return _told_with[1]
