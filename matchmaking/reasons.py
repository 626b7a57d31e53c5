"""Turns a suggestion's structured reasons and flags into sentences in the reader's language."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator.companies.models import CapabilityTag, Segment, TechnologyArea


@dataclass(frozen=True)
class Vocabulary:
    """Taxonomy names by code, read once per page or email batch (three queries)."""

    tags: dict
    segments: dict
    areas: dict

    @classmethod
    def load(cls) -> "Vocabulary":
        return cls(
            tags={term.code: term for term in CapabilityTag.objects.all()},
            segments={term.code: term for term in Segment.objects.all()},
            areas={term.code: term for term in TechnologyArea.objects.all()},
        )


def _names(codes, terms: dict) -> str:
    names = [str(terms[code].name) if code in terms else code for code in codes]
    return _(", ").join(names)


def describe_reason(reason: dict, *, company: str, partner: str, vocabulary: Vocabulary) -> str:
    """One reason, told from the point of view of `company`, whose list it is in."""
    kind, codes, value = reason["kind"], reason.get("codes", []), reason.get("value", 0)
    if kind == "offers_need":
        return _("%(company)s offers %(capabilities)s, which %(partner)s needs.") % {
            "company": company,
            "partner": partner,
            "capabilities": _names(codes, vocabulary.tags),
        }
    if kind == "needs_offer":
        return _("%(partner)s offers %(capabilities)s, which %(company)s needs.") % {
            "company": company,
            "partner": partner,
            "capabilities": _names(codes, vocabulary.tags),
        }
    if kind == "text_offers_need":
        return _("What %(company)s describes offering matches what %(partner)s says it needs.") % {
            "company": company,
            "partner": partner,
        }
    if kind == "text_needs_offer":
        return _("What %(partner)s describes offering matches what %(company)s says it needs.") % {
            "company": company,
            "partner": partner,
        }
    if kind == "segments":
        return _("Both work in %(segments)s.") % {"segments": _names(codes, vocabulary.segments)}
    if kind == "technology_areas":
        return _("Shared technology areas: %(areas)s.") % {"areas": _names(codes, vocabulary.areas)}
    if kind == "trl_fit":
        gap = int(value)
        if gap == 0:
            return _("Both are at the same technology readiness level.")
        return ngettext(
            "Technology readiness levels %(gap)d step apart.", "Technology readiness levels %(gap)d steps apart.", gap
        ) % {"gap": gap}
    if kind == "binational":
        return _("A U.S.–Japan pair, the program's focus.")
    return kind


def describe_flag(flag: dict, *, company: str, partner: str) -> str:
    """What a compliance flag means and the step it needs, from `company`'s point of view."""
    owner, other = (company, partner) if flag["side"] == "source" else (partner, company)
    if flag["kind"] == "itar":
        return _(
            "Before technical data goes to %(other)s, the ITAR-controlled offer of %(owner)s needs a DDTC licence "
            "or a Technical Assistance Agreement (TAA)."
        ) % {"owner": owner, "other": other}
    return _(
        "Before the EAR-controlled offer of %(owner)s goes to %(other)s, check whether an export licence is needed."
    ) % {"owner": owner, "other": other}


def flag_step(flag: dict) -> str:
    if flag["step"] == "licence_or_taa":
        return _("Licence or TAA")
    return _("Licence check")


def annotate(suggestions, *, vocabulary: Vocabulary | None = None):
    """Adds `.reason_texts` and `.flag_texts` to each suggestion, in the active language."""
    vocabulary = vocabulary or Vocabulary.load()
    for suggestion in suggestions:
        company, partner = suggestion.company.display_name, suggestion.partner.display_name
        suggestion.reason_texts = [
            describe_reason(reason, company=company, partner=partner, vocabulary=vocabulary)
            for reason in suggestion.reasons
        ]
        suggestion.flag_texts = [
            (flag_step(flag), describe_flag(flag, company=company, partner=partner)) for flag in suggestion.flags
        ]
    return suggestions
