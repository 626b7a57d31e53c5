"""Who may do what with procurement data: one place for views, the API and tasks.

Every signed-in person browses opportunities (they are public notices). Only program
staff import source files and see how every company fits a notice; a person sees the fit
of the companies they belong to, and only their own saved searches, saved opportunities
and alerts.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership
from accelerator.permissions import IsProgramStaff, is_program_staff, require_program_staff, staff_required

from .models import Alert, Opportunity, SavedSearch


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
