"""Who may do what with procurement data: one place for views, the API and tasks.

Every signed-in person browses opportunities (they are public notices). Only program
staff import source files and see how every company fits a notice; a person sees the fit
of the companies they belong to, and only their own saved searches, saved opportunities
and alerts.

Bid teams are private: a team is seen by the people of its member companies (invited or
accepted) and by program staff; anyone else gets a 404, as if it did not exist. Its bid
room (tasks, documents, messages, the export-control gate) opens to accepted members only.
The company that formed the team edits its composition; staff record licences and TAAs.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership
from accelerator.permissions import IsProgramStaff, is_program_staff, require_program_staff, staff_required

from .models import Alert, BidTeam, Opportunity, SavedSearch, TeamMember


def visible_opportunities(user: User) -> QuerySet[Opportunity]:
    if not user.is_authenticated:
        return Opportunity.objects.none()
    return Opportunity.objects.all()


def can_import(user: User) -> bool:
    return is_program_staff(user)


def require_import(user: User) -> None:
    require_program_staff(user, _("Only program staff import procurement files."))


def can_see_all_fits(user: User) -> bool:
    return is_program_staff(user)


def companies_of(user: User) -> QuerySet[Company]:
    """The companies whose fit `user` may see: their own (all of them for program staff)."""
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user).order_by("legal_name")


def may_edit_procurement_profile(user: User, company: Company) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_program_staff:
        return True
    return Membership.objects.filter(user=user, company=company, role=Membership.Role.OWNER).exists()


def saved_searches_of(user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user) if user.is_authenticated else SavedSearch.objects.none()


def alerts_of(user: User) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user) if user.is_authenticated else Alert.objects.none()


# Importing: the project's one staff check, for function views and the API.
importer_required = staff_required
CanImport = IsProgramStaff


# Bid teams ------------------------------------------------------------------------------------

SEES_TEAM = (TeamMember.Status.INVITED, TeamMember.Status.ACCEPTED)


def visible_teams(user: User) -> QuerySet[BidTeam]:
    """Teams of companies `user` belongs to (invited or accepted), every team for program staff."""
    if is_program_staff(user):
        return BidTeam.objects.all()
    if not user.is_authenticated:
        return BidTeam.objects.none()
    mine = TeamMember.objects.filter(team=OuterRef("pk"), status__in=SEES_TEAM, company__memberships__user=user)
    return BidTeam.objects.filter(Exists(mine))


def team_companies(user: User, team: BidTeam, statuses=SEES_TEAM) -> list[int]:
    """Ids of `user`'s companies on `team` with one of `statuses`."""
    if not user.is_authenticated:
        return []
    return list(
        team.members.filter(status__in=statuses, company__memberships__user=user).values_list("company_id", flat=True)
    )


def is_team_member(user: User, team: BidTeam) -> bool:
    """A person of a company that accepted its place on the team."""
    return bool(team_companies(user, team, (TeamMember.Status.ACCEPTED,)))


def enters_room(user: User, team: BidTeam) -> bool:
    """The bid room (tasks, documents, messages, the gate): accepted members and program staff."""
    return is_program_staff(user) or is_team_member(user, team)


def leads_team(user: User, team: BidTeam) -> bool:
    """Edits the team's composition: people of the company that formed it, and program staff."""
    if is_program_staff(user):
        return True
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, company_id=team.lead_company_id).exists()


def team_or_404(user: User, pk: int) -> BidTeam:
    team = visible_teams(user).select_related("opportunity", "lead_company").filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def room_or_404(user: User, pk: int) -> BidTeam:
    """The team, for someone allowed into its bid room; 404 for anyone else, invited or not."""
    team = team_or_404(user, pk)
    if not enters_room(user, team):
        raise Http404
    return team


def require_room(user: User, team: BidTeam) -> None:
    if not enters_room(user, team):
        raise PermissionDenied(_("Only the team's members and program staff can do this."))


def require_lead(user: User, team: BidTeam) -> None:
    if not leads_team(user, team):
        raise PermissionDenied(_("Only the company that formed the team changes its members, roles and shares."))
