"""Who may see what in cohorts: one place that views, the API and file downloads share.

An application is seen by its company's members, by program staff, and by reviewers
assigned to it who have no conflict of interest with the company. A reviewer who is a
member of the company, or declared a conflict, never sees it, even if assigned.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accelerator.accounts.models import User
from accelerator.companies.models import Membership

from .models import Application, Conflict, Review, ReviewAssignment


def require_staff(user: User, message: str) -> None:
    """Raises PermissionDenied with `message` unless `user` is signed-in program staff."""
    if not (user.is_authenticated and user.is_program_staff):
        raise PermissionDenied(message)


def conflicted(reviewer: User, company_id: int) -> bool:
    return (
        Membership.objects.filter(user=reviewer, company_id=company_id).exists()
        or Conflict.objects.filter(reviewer=reviewer, company_id=company_id).exists()
    )


def without_conflicts(applications: QuerySet[Application], reviewer: User) -> QuerySet[Application]:
    """The applications of `applications` with whose company `reviewer` has no conflict."""
    return applications.exclude(Exists(Membership.objects.filter(user=reviewer, company=OuterRef("company")))).exclude(
        Exists(Conflict.objects.filter(reviewer=reviewer, company=OuterRef("company")))
    )


def assigned_to(reviewer: User) -> QuerySet[Application]:
    """Applications assigned to `reviewer` that they may open (drafts are never reviewed)."""
    assigned = Application.objects.filter(
        Exists(ReviewAssignment.objects.filter(application=OuterRef("pk"), reviewer=reviewer))
    ).exclude(status=Application.Status.DRAFT)
    return without_conflicts(assigned, reviewer)


def of_member(user: User) -> QuerySet[Application]:
    """Applications of the companies `user` belongs to."""
    return Application.objects.filter(Exists(Membership.objects.filter(user=user, company=OuterRef("company"))))


def visible_applications(user: User) -> QuerySet[Application]:
    """Every application `user` may open: staff all; members their company's; reviewers their assignments."""
    if not user.is_authenticated:
        return Application.objects.none()
    if user.is_program_staff:
        return Application.objects.all()
    return Application.objects.filter(Q(pk__in=of_member(user).values("pk")) | Q(pk__in=assigned_to(user).values("pk")))


def is_company_member(user: User, company_id: int) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, company_id=company_id).exists()


def is_member(user: User, application: Application) -> bool:
    return is_company_member(user, application.company_id)


def is_assigned_reviewer(user: User, application: Application) -> bool:
    return user.is_authenticated and assigned_to(user).filter(pk=application.pk).exists()


def visible_reviews(user: User) -> QuerySet[Review]:
    """Every review `user` may read: staff all; applicants none.

    A reviewer reads their own reviews, drafts included, on the applications they may still
    open, and other reviewers' submitted reviews only where their own is submitted, so that
    nobody scores with the others' scores in view.
    """
    if not user.is_authenticated:
        return Review.objects.none()
    if user.is_program_staff:
        return Review.objects.all()
    reviewed = Review.objects.filter(reviewer=user, submitted_at__isnull=False).values("application")
    return Review.objects.filter(application__in=assigned_to(user).values("pk")).filter(
        Q(reviewer=user) | Q(submitted_at__isnull=False, application__in=reviewed)
    )
