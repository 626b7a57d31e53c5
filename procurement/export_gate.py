"""The export-control gate of a bid team: one label with its reasons, the next step and its owner.

It combines what the notice's own words say (ITAR or EAR wording, "U.S. persons only",
export-controlled attachments; see `screening`) with each accepted member's country and
compliance readiness (ITAR registration, technology control plan, classification) and the
licences and TAAs staff have recorded for the team. It is guidance for the program's ITAR
Bridge Office and the team, never a block: nothing in the product refuses an action
because of it.
"""

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bid_checks import accepted_members
from .models import BidTeam, ExportAuthorisation, TeamMember

CLEAR, LICENCE_NEEDED, CANNOT_RECEIVE = "clear", "licence_needed", "cannot_receive"
LABELS = {
    CLEAR: gettext_lazy("Clear"),
    LICENCE_NEEDED: gettext_lazy("Licence or TAA needed"),
    CANNOT_RECEIVE: gettext_lazy("A member cannot receive controlled data"),
}
SEVERITY = {CLEAR: 0, LICENCE_NEEDED: 1, CANNOT_RECEIVE: 2}
ITAR_KINDS = (ExportAuthorisation.Kind.TAA, ExportAuthorisation.Kind.DSP5)
EAR_KINDS = (ExportAuthorisation.Kind.EAR_LICENCE, *ITAR_KINDS)


@dataclass
class MemberGate:
    member: TeamMember
    label: str
    reasons: list[str] = field(default_factory=list)
    step: str = ""
    owner: str = ""

    @property
    def label_text(self) -> str:
        return str(LABELS[self.label])


@dataclass
class Gate:
    label: str
    reasons: list[str]
    members: list[MemberGate]

    @property
    def label_text(self) -> str:
        return str(LABELS[self.label])

    @property
    def steps(self) -> list[MemberGate]:
        return [entry for entry in self.members if entry.step]

    @property
    def headline(self) -> str:
        """The label with the member it is about, e.g. "TAA needed before technical data goes to Hoshi SAR"."""
        worst = [entry for entry in self.members if entry.label == self.label and self.label != CLEAR]
        if not worst:
            return self.label_text
        names = ", ".join(entry.member.company.display_name for entry in worst)
        if self.label == CANNOT_RECEIVE:
            return _("%(names)s cannot receive controlled data") % {"names": names}
        return _("A licence or TAA is needed before technical data goes to %(names)s") % {"names": names}


def _profile(member: TeamMember):
    return getattr(member.company, "profile", None)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


BRIDGE_OFFICE = gettext_lazy("The program's ITAR Bridge Office (program staff)")


def _us_sponsor(members: list[TeamMember]) -> tuple[str, bool]:
    """The U.S. member who applies for a TAA or licence (the prime first), and whether it is DDTC-registered."""
    us = [member for member in members if member.company.country.code == "US"]
    us.sort(
        key=lambda member: (
            member.role != TeamMember.Role.PRIME,
            not getattr(_profile(member), "itar_registered", False),
        )
    )
    if not us:
        return "", False
    sponsor = us[0]
    return sponsor.company.display_name, bool(getattr(_profile(sponsor), "itar_registered", False))


def _authorisation(member: TeamMember, kinds) -> ExportAuthorisation | None:
    """The member's telling licence or TAA: a current approval, else the latest request that was not withdrawn."""
    today = timezone.localdate()
    found = sorted(
        (
            a
            for a in member.authorisations.all()
            if a.kind in kinds and a.decision != ExportAuthorisation.Decision.WITHDRAWN
        ),
        key=lambda a: (a.requested_on, a.pk),
        reverse=True,
    )
    for authorisation in found:
        if authorisation.decision == ExportAuthorisation.Decision.APPROVED and not (
            authorisation.expires_on and authorisation.expires_on < today
        ):
            return authorisation
    return next((a for a in found if a.decision != ExportAuthorisation.Decision.APPROVED), None)


def _foreign_member(member: TeamMember, opportunity, sponsor: str, sponsor_registered: bool) -> MemberGate:
    company = member.company
    name = company.display_name
    profile = _profile(member)
    readiness = []
    if profile is None or not profile.has_technology_control_plan:
        readiness.append(_("%(name)s has no technology control plan on its profile.") % {"name": name})
    if opportunity.us_persons_only:
        return MemberGate(
            member,
            CANNOT_RECEIVE,
            [
                _("The notice restricts its technical data to U.S. persons only; %(name)s is based in %(country)s.")
                % {"name": name, "country": company.country.name},
                *readiness,
            ],
            _(
                "Keep %(name)s's work package outside the restricted data, or ask the contracting officer in writing "
                "whether a foreign-person arrangement is allowed."
            )
            % {"name": name},
            str(BRIDGE_OFFICE),
        )
    itar = opportunity.itar or opportunity.controlled_documents
    kinds = ITAR_KINDS if itar else EAR_KINDS
    authorisation = _authorisation(member, kinds)
    if authorisation is not None and authorisation.decision == ExportAuthorisation.Decision.APPROVED:
        return MemberGate(
            member,
            CLEAR,
            [
                _("%(kind)s %(reference)s approved on %(date)s.")
                % {
                    "kind": authorisation.get_kind_display(),
                    "reference": authorisation.reference,
                    "date": _date(authorisation.decided_on),
                },
                *readiness,
            ],
        )
    if authorisation is not None and authorisation.decision == ExportAuthorisation.Decision.DENIED:
        return MemberGate(
            member,
            CANNOT_RECEIVE,
            [
                _("%(kind)s %(reference)s was denied on %(date)s.")
                % {
                    "kind": authorisation.get_kind_display(),
                    "reference": authorisation.reference,
                    "date": _date(authorisation.decided_on),
                },
                *readiness,
            ],
            _("Share no controlled technical data with %(name)s; discuss a new work split with the team.")
            % {"name": name},
            str(BRIDGE_OFFICE),
        )
    if itar:
        reasons = [
            _(
                "The notice carries ITAR wording or export-controlled attachments; %(name)s is a foreign person "
                "under ITAR."
            )
            % {"name": name},
            *readiness,
        ]
    else:
        reasons = [
            _("The notice carries EAR wording; technical data for %(name)s in %(country)s may need a licence.")
            % {"name": name, "country": company.country.name},
            *readiness,
        ]
    if authorisation is not None:
        reasons.append(
            _("%(kind)s %(reference)s requested on %(date)s; no decision yet.")
            % {
                "kind": authorisation.get_kind_display(),
                "reference": authorisation.reference,
                "date": _date(authorisation.requested_on),
            }
        )
        return MemberGate(
            member,
            LICENCE_NEEDED,
            reasons,
            _("Wait for the decision; send no drawings or technical data to %(name)s until it is approved.")
            % {"name": name},
            str(BRIDGE_OFFICE),
        )
    owner = sponsor or _("The U.S. prime contractor")
    if itar and sponsor and not sponsor_registered:
        step = _(
            "%(sponsor)s registers with DDTC (ITAR part 122), then applies for a TAA naming %(name)s before drawings "
            "or technical data go to it."
        ) % {"sponsor": sponsor, "name": name}
    elif itar:
        step = _("Apply to DDTC for a TAA naming %(name)s before drawings or technical data go to it.") % {"name": name}
    else:
        step = _(
            "Classify the technical data (ECCN) and confirm a licence exception covers %(name)s, or apply to BIS for a "
            "licence, before technical data goes to it."
        ) % {"name": name}
    if not sponsor:
        reasons.append(_("The team has no U.S. member to apply for it; the program's ITAR Bridge Office can advise."))
    return MemberGate(member, LICENCE_NEEDED, reasons, step, str(owner))


def gate(team: BidTeam) -> Gate:
    """The team's export-control label, its reasons, and each member's entry with its step and owner."""
    opportunity = team.opportunity
    members = accepted_members(team)
    markers = [
        str(label)
        for code, label in (
            ("itar", _("ITAR wording")),
            ("ear", _("EAR wording")),
            ("us_persons_only", _("U.S. persons only")),
            ("controlled_documents", _("Export-controlled attachments")),
        )
        if getattr(opportunity, code)
    ]
    if not markers:
        return Gate(
            CLEAR,
            [_("The notice has no export-control wording. Read its documents before sharing technical data.")],
            [MemberGate(member, CLEAR) for member in members],
        )
    reasons = [_("The notice is marked: %(markers)s.") % {"markers": ", ".join(markers)}]
    if opportunity.export_evidence:
        reasons.append(
            _("Wording found: %(phrases)s") % {"phrases": "; ".join(f"“{p}”" for p in opportunity.export_evidence[:4])}
        )
    sponsor, sponsor_registered = _us_sponsor(members)
    entries = []
    for member in members:
        if member.company.country.code == "US":
            profile = _profile(member)
            entry = MemberGate(member, CLEAR, [_("U.S. company: a U.S. person for export control.")])
            if (opportunity.itar or opportunity.controlled_documents) and not getattr(
                profile, "itar_registered", False
            ):
                entry.reasons.append(_("Not registered with DDTC under ITAR."))
            entries.append(entry)
        else:
            entries.append(_foreign_member(member, opportunity, sponsor, sponsor_registered))
    label = max((entry.label for entry in entries), key=SEVERITY.__getitem__, default=CLEAR)
    return Gate(label, reasons, entries)
