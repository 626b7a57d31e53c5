"""Bid teams: forming one, inviting partners (double opt-in), roles and shares, leaving, the pipeline.

Every function checks who acts, validates everything before it writes, and raises
`ValidationError` (messages in the user's language) or `PermissionDenied`; nothing is saved
when it does.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership
from accelerator.outbox.services import enqueue
from accelerator.permissions import is_program_staff

from ..models import BidTeam, Opportunity, Status, TeamMember, TeamStage, TeamStructure
from ..permissions import require_lead

HUNDRED = Decimal(100)
NUL = "\x00"
# The stages a team may move to from each stage; closing stages are final.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    TeamStage.FORMING: (TeamStage.BIDDING, TeamStage.WITHDRAWN),
    TeamStage.BIDDING: (TeamStage.SUBMITTED, TeamStage.FORMING, TeamStage.WITHDRAWN),
    TeamStage.SUBMITTED: (TeamStage.WON, TeamStage.LOST, TeamStage.WITHDRAWN),
}
# A bid names its members: once bidding, the team's make-up is fixed until it goes back to forming.
FIXED_STAGES = (TeamStage.BIDDING, TeamStage.SUBMITTED)


def _locked(team: BidTeam) -> BidTeam:
    return BidTeam.objects.select_for_update().get(pk=team.pk)


def _text(errors: dict, name: str, value: str, *, required_message: str | None = None, limit: int = 0) -> str:
    value = (value or "").strip()
    if NUL in value:
        errors.setdefault(name, []).append(_("Remove the null character from this text."))
    elif required_message and not value:
        errors.setdefault(name, []).append(required_message)
    elif limit and len(value) > limit:
        errors.setdefault(name, []).append(_("At most %(limit)d characters.") % {"limit": limit})
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _belongs(user: User, company: Company) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, company=company).exists()


@transaction.atomic
def form_team(
    *,
    actor: User,
    opportunity: Opportunity,
    company: Company,
    name: str = "",
    structure: str = TeamStructure.PRIME,
    third_country_reason: str = "",
    product: str = "",
) -> BidTeam:
    """A new team for `opportunity`, led by `company`, which joins it at once (prime or JV member)."""
    if not _belongs(actor, company):
        raise PermissionDenied(_("You can form a team only for a company you belong to."))
    errors: dict = {}
    name = _text(errors, "name", name, limit=200) or _("%(company)s team") % {"company": company.legal_name}
    reason = _text(errors, "third_country_reason", third_country_reason, limit=2000)
    product = _text(errors, "product", product, limit=200)
    if structure not in TeamStructure.values:
        errors.setdefault("structure", []).append(_("Choose prime contractor or joint venture."))
    if opportunity.status in (Status.CANCELLED, Status.CLOSED, Status.AWARDED):
        errors.setdefault("opportunity", []).append(
            _("This opportunity is %(status)s: it takes no more bids.") % {"status": opportunity.get_status_display()}
        )
    open_team = BidTeam.objects.filter(opportunity=opportunity, lead_company=company).exclude(
        stage__in=BidTeam.CLOSED_STAGES
    )
    if open_team.exists():
        errors.setdefault("opportunity", []).append(
            _("%(company)s already leads an open team for this opportunity.") % {"company": company.legal_name}
        )
    _raise(errors)
    team = BidTeam.objects.create(
        opportunity=opportunity,
        name=name[:200],
        structure=structure,
        lead_company=company,
        created_by=actor,
        third_country_reason=reason,
        product=product,
    )
    TeamMember.objects.create(
        team=team,
        company=company,
        role=TeamMember.Role.PRIME if structure == TeamStructure.PRIME else TeamMember.Role.JV_MEMBER,
        share=HUNDRED,
        status=TeamMember.Status.ACCEPTED,
        invited_by=actor,
        answered_at=timezone.now(),
        answered_by=actor,
    )
    return team


@transaction.atomic
def invite_company(*, actor: User, team: BidTeam, company: Company) -> TeamMember:
    """Invites `company`; one of its own people accepts or declines. A company declined or gone may be asked again."""
    require_lead(actor, team)
    team = _locked(team)
    if team.is_closed:
        raise ValidationError(
            _("This team is %(stage)s: it takes no new members.") % {"stage": team.get_stage_display()}
        )
    if team.stage in FIXED_STAGES:
        raise ValidationError(
            _("The team is %(stage)s: move it back to forming before inviting another company.")
            % {"stage": team.get_stage_display()}
        )
    role = TeamMember.Role.SUBCONTRACTOR if team.structure == TeamStructure.PRIME else TeamMember.Role.JV_MEMBER
    member = TeamMember.objects.select_for_update().filter(team=team, company=company).first()
    if member is not None:
        if member.status == TeamMember.Status.ACCEPTED:
            raise ValidationError({"company": [_("%(company)s is already on this team.") % {"company": company}]})
        if member.status == TeamMember.Status.INVITED:
            raise ValidationError(
                {
                    "company": [
                        _("%(company)s has already been invited and has not answered yet.") % {"company": company}
                    ]
                }
            )
        member.status = TeamMember.Status.INVITED
        member.role, member.share = role, Decimal(0)
        member.invited_by, member.invited_at = actor, timezone.now()
        member.answered_at = member.answered_by = member.left_at = None
        member.save()
    else:
        member = TeamMember.objects.create(team=team, company=company, role=role, invited_by=actor)
    enqueue("procurement.tasks.email_team_invitation", member_id=member.pk)
    return member


@transaction.atomic
def answer_invitation(*, actor: User, member: TeamMember, accept: bool) -> TeamMember:
    """The invited company's own answer: the second half of the double opt-in."""
    if not _belongs(actor, member.company):
        raise PermissionDenied(_("Only people of the invited company answer its invitation."))
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member.pk)
    if member.status != TeamMember.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    team = _locked(member.team)
    if accept and team.is_closed:
        raise ValidationError(
            _("This team is %(stage)s: it takes no new members.") % {"stage": team.get_stage_display()}
        )
    now = timezone.now()
    member.status = TeamMember.Status.ACCEPTED if accept else TeamMember.Status.DECLINED
    member.answered_at, member.answered_by = now, actor
    member.save(update_fields=["status", "answered_at", "answered_by"])
    if accept and team.formed_at is None:
        team.formed_at = now
        team.save(update_fields=["formed_at"])
    return member


def _share(value) -> Decimal | None:
    try:
        share = Decimal(str(value).strip().rstrip("%").strip())
    except (InvalidOperation, ValueError):
        return None
    if not share.is_finite() or share < 0 or share > HUNDRED or share != share.quantize(Decimal("0.01")):
        return None
    return share


@transaction.atomic
def set_composition(*, actor: User, team: BidTeam, roles: dict[int, str], shares: dict[int, object]) -> BidTeam:
    """Roles and work shares of the accepted members, keyed by member id; shares must sum to 100."""
    require_lead(actor, team)
    team = _locked(team)
    if team.is_closed or team.stage == TeamStage.SUBMITTED:
        raise ValidationError(
            _("The team is %(stage)s: its roles and shares can no longer change.") % {"stage": team.get_stage_display()}
        )
    members = list(team.members.select_related("company").filter(status=TeamMember.Status.ACCEPTED))
    errors: dict = {}
    allowed = (
        (TeamMember.Role.PRIME, TeamMember.Role.SUBCONTRACTOR)
        if team.structure == TeamStructure.PRIME
        else (TeamMember.Role.JV_MEMBER,)
    )
    new_roles: dict[int, str] = {}
    new_shares: dict[int, Decimal] = {}
    for member in members:
        role = roles.get(member.pk, member.role)
        if role not in allowed:
            errors.setdefault("roles", []).append(
                _("%(company)s: choose a role this team's structure has.") % {"company": member.company}
            )
        share = _share(shares.get(member.pk, member.share))
        if share is None:
            errors.setdefault("shares", []).append(
                _("%(company)s: a work share is a percentage from 0 to 100, with at most two decimals.")
                % {"company": member.company}
            )
        else:
            new_shares[member.pk] = share
        new_roles[member.pk] = role
    unknown = (set(roles) | set(shares)) - {member.pk for member in members}
    if unknown:
        errors.setdefault("shares", []).append(_("Only companies that accepted their place have a role and a share."))
    if team.structure == TeamStructure.PRIME and list(new_roles.values()).count(TeamMember.Role.PRIME) != 1:
        errors.setdefault("roles", []).append(_("A prime-led team has exactly one prime contractor."))
    if "shares" not in errors:
        total = sum(new_shares.values(), Decimal(0))
        if total != HUNDRED:
            errors.setdefault("shares", []).append(
                _("The work shares add up to %(total)s%%; they must add up to 100%%.")
                % {"total": f"{total.normalize():f}"}
            )
    _raise(errors)
    for member in members:
        member.role, member.share = new_roles[member.pk], new_shares[member.pk]
    TeamMember.objects.bulk_update(members, ["role", "share"])
    return team


@transaction.atomic
def leave_team(*, actor: User, member: TeamMember) -> TeamMember:
    """A member company leaves; its share goes back to the team to divide again."""
    if not (_belongs(actor, member.company) or is_program_staff(actor)):
        raise PermissionDenied(_("Only the company's own people take it off a team."))
    member = TeamMember.objects.select_for_update().select_related("company").get(pk=member.pk)
    team = _locked(member.team)
    if member.company_id == team.lead_company_id:
        raise ValidationError(_("The company that formed the team cannot leave it; withdraw the team instead."))
    if member.status not in (TeamMember.Status.ACCEPTED, TeamMember.Status.INVITED):
        raise ValidationError(_("%(company)s is not on this team.") % {"company": member.company})
    if team.stage in FIXED_STAGES and member.status == TeamMember.Status.ACCEPTED:
        raise ValidationError(
            _(
                "%(company)s cannot leave while the team is %(stage)s: the bid names it. "
                "The team's lead moves it back to forming (or withdraws it) first."
            )
            % {"company": member.company, "stage": team.get_stage_display()}
        )
    member.status, member.share, member.left_at = TeamMember.Status.LEFT, Decimal(0), timezone.now()
    member.save(update_fields=["status", "share", "left_at"])
    return member


@transaction.atomic
def change_stage(*, actor: User, team: BidTeam, stage: str) -> BidTeam:
    """Moves the team along its pipeline: forming → bidding → submitted → won, lost or withdrawn."""
    require_lead(actor, team)
    team = _locked(team)
    if stage not in NEXT_STAGES.get(team.stage, ()):
        raise ValidationError(
            {
                "stage": [
                    _("A team that is %(current)s cannot become %(stage)s.")
                    % {
                        "current": team.get_stage_display(),
                        "stage": TeamStage(stage).label if stage in TeamStage.values else stage,
                    }
                ]
            }
        )
    accepted = list(team.members.filter(status=TeamMember.Status.ACCEPTED))
    if stage in (TeamStage.BIDDING, TeamStage.SUBMITTED):
        if len(accepted) < 2:
            raise ValidationError({"stage": [_("A team needs at least two companies that accepted before it bids.")]})
        total = sum((member.share for member in accepted), Decimal(0))
        if total != HUNDRED:
            raise ValidationError(
                {
                    "stage": [
                        _("The work shares add up to %(total)s%%; set them to 100%% first.")
                        % {"total": f"{total.normalize():f}"}
                    ]
                }
            )
    now = timezone.now()
    team.stage, team.stage_changed_at = stage, now
    if stage == TeamStage.SUBMITTED:
        team.submitted_at = now
    if stage in BidTeam.CLOSED_STAGES:
        team.closed_at = now
    team.save(update_fields=["stage", "stage_changed_at", "submitted_at", "closed_at"])
    return team


@transaction.atomic
def update_team(
    *, actor: User, team: BidTeam, name: str, third_country_reason: str, product: str | None = None
) -> BidTeam:
    """Renames the team and updates its reason and offered product (left as it is when None)."""
    require_lead(actor, team)
    errors: dict = {}
    name = _text(errors, "name", name, required_message=_("Give the team a name."), limit=200)
    reason = _text(errors, "third_country_reason", third_country_reason, limit=2000)
    product = team.product if product is None else _text(errors, "product", product, limit=200)
    _raise(errors)
    team = _locked(team)
    team.name, team.third_country_reason, team.product = name, reason, product
    team.save(update_fields=["name", "third_country_reason", "product"])
    return team
