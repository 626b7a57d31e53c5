"""The composition and eligibility checklist of a bid team, recomputed from its data on every read.

One selector used by the team page, the API and tests alike. It reads the accepted
members (with their companies, capability profiles and registrations prefetched, see
`selectors.team_detail`) and the opportunity; it writes nothing. A check that fails says
what is missing and who can fix it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.companies.models import SizeBand

from .fit import SMALL_BUSINESS_SET_ASIDES
from .models import BidTeam, Registration, TeamMember, TeamStructure

OK, WARN, MISSING = "ok", "warn", "missing"
HOME_COUNTRIES = ("US", "JP")
SMALL_BANDS = (SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM)


@dataclass
class Check:
    code: str
    title: str
    status: str
    details: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status != MISSING


def accepted_members(team: BidTeam) -> list[TeamMember]:
    return [member for member in team.members.all() if member.status == TeamMember.Status.ACCEPTED]


def bidders(team: BidTeam, members: list[TeamMember]) -> list[TeamMember]:
    """Who signs the bid: the prime, or every member of a joint venture."""
    if team.structure == TeamStructure.PRIME:
        return [member for member in members if member.role == TeamMember.Role.PRIME]
    return members


def _binational(members: list[TeamMember]) -> Check:
    countries = {member.company.country.code for member in members}
    missing = []
    if "US" not in countries:
        missing.append(_("No U.S. member has accepted yet."))
    if "JP" not in countries:
        missing.append(_("No Japanese member has accepted yet."))
    return Check(
        "binational",
        _("At least one U.S. and one Japanese member"),
        MISSING if missing else OK,
        missing or [_("The team has U.S. and Japanese members.")],
    )


def _third_country(team: BidTeam, members: list[TeamMember]) -> Check | None:
    country = team.opportunity.country
    if not country or country.code in HOME_COUNTRIES:
        return None
    title = _("A member from the buyer's country (%(country)s)") % {"country": country.name}
    local = [member.company.display_name for member in members if member.company.country.code == country.code]
    if local:
        return Check(
            "third_country", title, OK, [_("Serves the buyer from there: %(names)s.") % {"names": ", ".join(local)}]
        )
    if team.third_country_reason:
        return Check(
            "third_country",
            title,
            WARN,
            [_("No member from there; the team's reason: %(reason)s") % {"reason": team.third_country_reason}],
        )
    return Check(
        "third_country",
        title,
        MISSING,
        [
            _("Invite a company from %(country)s, or state how the team serves the buyer without one.")
            % {"country": country.name}
        ],
    )


def _shares(members: list[TeamMember]) -> Check:
    total = sum((member.share for member in members), start=0)
    ok = total == 100
    return Check(
        "shares",
        _("Work shares add up to 100%"),
        OK if ok else MISSING,
        [_("The shares add up to %(total)s%%.") % {"total": f"{total.normalize():f}" if total else "0"}],
    )


def _set_aside(team: BidTeam, signers: list[TeamMember]) -> Check | None:
    opportunity = team.opportunity
    if opportunity.set_aside_code.upper() not in SMALL_BUSINESS_SET_ASIDES:
        return None
    title = _("The set-aside's size rule: %(set_aside)s") % {
        "set_aside": opportunity.set_aside or opportunity.set_aside_code
    }
    problems = []
    for member in signers:
        company = member.company
        if company.country.code != "US":
            problems.append(_("%(company)s bids but is not a U.S. small business.") % {"company": company.display_name})
        elif company.size_band not in SMALL_BANDS:
            problems.append(
                _("%(company)s bids but has %(size)s: check the SBA size standard for the notice's NAICS code.")
                % {"company": company.display_name, "size": company.get_size_band_display()}
            )
    if not signers:
        problems.append(_("Name the prime contractor first."))
    return Check(
        "set_aside", title, MISSING if problems else OK, problems or [_("The bidder is a U.S. small business.")]
    )


def _registration(company, kind: str) -> Registration | None:
    return next((r for r in company.procurement_registrations.all() if r.kind == kind), None)


def _needed_registrations(team: BidTeam, members: list[TeamMember], signers: list[TeamMember]):
    """(company, kind, required grades) the buyer needs, as (member, kind, grades) triples."""
    opportunity = team.opportunity
    country = opportunity.country.code if opportunity.country else ""
    needs = []
    if country == "US" or opportunity.source == "sam":
        needs += [(member, Registration.Kind.SAM, "") for member in signers]
    if country == "JP":
        grades = next(
            (note.get("value", "") for note in opportunity.eligibility if note.get("kind") == "unified_qualification"),
            "",
        )
        needs += [(member, Registration.Kind.UNIFIED_QUALIFICATION, grades) for member in signers]
    if country == "AU" and signers:
        # One ABN covers the bid: the prime's, or the joint venture member's who submits it.
        with_abn = [member for member in signers if _registration(member.company, Registration.Kind.ABN)]
        needs.append((with_abn[0] if with_abn else signers[0], Registration.Kind.ABN, ""))
    needs += [
        (member, Registration.Kind.CORPORATE_NUMBER, "") for member in members if member.company.country.code == "JP"
    ]
    return needs


def _registrations(team: BidTeam, members: list[TeamMember], signers: list[TeamMember]) -> Check | None:
    needs = _needed_registrations(team, members, signers)
    if not needs:
        return None
    today = timezone.localdate()
    status, details = OK, []
    for member, kind, grades in needs:
        company = member.company.display_name
        label = Registration.Kind(kind).label
        registration = _registration(member.company, kind)
        if registration is None:
            status = MISSING
            details.append(
                _("%(company)s: no %(registration)s on its profile.") % {"company": company, "registration": label}
            )
        elif not registration.is_current(today):
            status = MISSING
            details.append(
                _("%(company)s: %(registration)s expired on %(date)s.")
                % {"company": company, "registration": label, "date": registration.expires_on}
            )
        elif grades and registration.grade not in grades.split(","):
            status = MISSING
            details.append(
                _("%(company)s: grade %(grade)s; the notice asks for grade %(grades)s.")
                % {"company": company, "grade": registration.grade or "—", "grades": grades.replace(",", "/")}
            )
        elif not registration.evidence:
            status = WARN if status == OK else status
            details.append(
                _("%(company)s: %(registration)s %(identifier)s recorded without evidence; upload it.")
                % {"company": company, "registration": label, "identifier": registration.identifier}
            )
        else:
            details.append(
                _("%(company)s: %(registration)s %(identifier)s, evidence on file.")
                % {"company": company, "registration": label, "identifier": registration.identifier}
            )
    return Check("registrations", _("Registrations the buyer requires"), status, details)


def checklist(team: BidTeam) -> list[Check]:
    """Every check that applies to `team` as it stands now."""
    members = accepted_members(team)
    signers = bidders(team, members)
    checks: list[Check | None] = []
    if settings.BID_TEAMS_REQUIRE_BINATIONAL:
        checks.append(_binational(members))
    checks += [
        _third_country(team, members),
        _shares(members),
        _set_aside(team, signers),
        _registrations(team, members, signers),
    ]
    return [check for check in checks if check is not None]


def all_passed(checks: list[Check]) -> bool:
    return all(check.passed for check in checks)
