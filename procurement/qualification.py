"""Dual qualification: the certificates each member holds and what selling into the buyer's country still needs.

AS9100, EN 9100 and JIS Q 9100 are one aerospace quality standard in three regions and
credit one another (the taxonomy keeps them as one entry); design standards do not:
JAXA's JERG is not accepted for NASA or MIL-STD work, nor ECSS for either. The gaps read
the members' capability profiles (prefetched standards) and the opportunity.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .bid_checks import accepted_members
from .models import BidTeam, TeamMember

QUALITY = "as9100"
# The design standards a buyer's country works to, and the ones that do not replace them.
DESIGN_STANDARDS = {
    "US": ("nasa-std", "mil-std"),
    "JP": ("jaxa-jerg",),
    "AU": ("ecss",),
    "GB": ("ecss",),
}
EU = {"AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PL", "PT", "SE"}


@dataclass
class Gap:
    member: TeamMember
    text: str


@dataclass
class MemberQualification:
    member: TeamMember
    held: list[str]
    gaps: list[Gap]


def _design_standards(country: str) -> tuple[str, ...]:
    return DESIGN_STANDARDS.get(country, ("ecss",) if country in EU else ())


def qualification(team: BidTeam) -> list[MemberQualification]:
    opportunity = team.opportunity
    country = opportunity.country.code if opportunity.country else ""
    needed_design = _design_standards(country)
    rows = []
    for member in accepted_members(team):
        profile = getattr(member.company, "profile", None)
        standards = list(profile.standards.all()) if profile is not None else []
        codes = {standard.code for standard in standards}
        name = member.company.display_name
        gaps = []
        if QUALITY not in codes:
            text = _(
                "%(name)s: AS9100-family quality certification (AS9100, EN 9100 and JIS Q 9100 credit one another)."
            ) % {"name": name}
            if "iso-9001" in codes:
                text += " " + _("ISO 9001 alone does not meet it.")
            gaps.append(Gap(member, text))
        if needed_design and not codes.intersection(needed_design):
            wanted = " / ".join(
                {"nasa-std": "NASA-STD", "mil-std": "MIL-STD", "jaxa-jerg": "JAXA JERG", "ecss": "ECSS"}[code]
                for code in needed_design
            )
            held = [s for s in ("jaxa-jerg", "nasa-std", "mil-std", "ecss") if s in codes]
            text = _("%(name)s: design and verification to %(wanted)s, as the buyer in %(country)s expects.") % {
                "name": name,
                "wanted": wanted,
                "country": opportunity.country.name,
            }
            if held:
                text += " " + _("The standards it holds do not credit for these.")
            gaps.append(Gap(member, text))
        if opportunity.controlled_documents and country == "US" and "nist-800-171" not in codes:
            gaps.append(
                Gap(
                    member,
                    _("%(name)s: NIST SP 800-171 / CMMC to handle the notice's controlled unclassified information.")
                    % {"name": name},
                )
            )
        rows.append(MemberQualification(member, [standard.name for standard in standards], gaps))
    return rows
