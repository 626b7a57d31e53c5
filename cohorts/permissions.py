"""Who may see what in cohorts: one place that views, the API and file downloads share.

An application is seen by its company's members, by program staff, and by reviewers
assigned to it who have no conflict of interest with the company. A reviewer who is a
member of the company, or declared a conflict, never sees it, even if assigned.
"""

from collections.abc import Collection

from django.db.models import Exists, OuterRef, Q, QuerySet

from accelerator.accounts.models import User
from accelerator.companies.models import Membership
from accelerator.permissions import is_program_staff

from .models import (
    Application,
    Cohort,
    Conflict,
    MentorAssignment,
    MentorProfile,
    MentorSession,
    Review,
    ReviewAssignment,
)


def visible_cohorts(user: User | None) -> QuerySet[Cohort]:
    """Cohorts `user` may see: program staff every one, everyone else those that are not drafts."""
    if is_program_staff(user):
        return Cohort.objects.all()
    return Cohort.objects.exclude(status=Cohort.Status.DRAFT)


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
    if is_program_staff(user):
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
    if is_program_staff(user):
        return Review.objects.all()
    reviewed = Review.objects.filter(reviewer=user, submitted_at__isnull=False).values("application")
    return Review.objects.filter(application__in=assigned_to(user).values("pk")).filter(
        Q(reviewer=user) | Q(submitted_at__isnull=False, application__in=reviewed)
    )


def of_member_or_staff(user: User) -> QuerySet[Application]:
    """Applications `user` may open as their company's member, or every one for program staff."""
    return Application.objects.all() if is_program_staff(user) else of_member(user)


def hides_applicant(user: User, application: Application, *, member_company_ids: Collection[int] | None = None) -> bool:
    """Blind review: whether who sent `application` (name, website, people, the deck's file
    name) is hidden from `user`. In a cohort reviewed blind it is hidden from everyone but
    program staff and the company's own members; `member_company_ids`, when given, saves
    asking about membership once per application in a list."""
    if not application.cohort.blind_review or is_program_staff(user):
        return False
    if member_company_ids is None:
        return not is_member(user, application)
    return application.company_id not in member_company_ids


# The mentor program. A mentor sees their own mentees and sessions; a startup's members see
# its mentors and sessions; staff see everything. Private mentor notes are the mentor's alone.


def is_session_mentor(user: User, session: MentorSession) -> bool:
    return user.is_authenticated and session.mentor_id == user.pk


def is_session_startup(user: User, session: MentorSession) -> bool:
    return is_company_member(user, session.company_id)


def visible_mentor_assignments(user: User) -> QuerySet[MentorAssignment]:
    """Staff every assignment; a mentor their published ones; a startup member their startup's published ones."""
    if not user.is_authenticated:
        return MentorAssignment.objects.none()
    if user.is_program_staff:
        return MentorAssignment.objects.all()
    return MentorAssignment.objects.filter(status=MentorAssignment.Status.PUBLISHED).filter(
        Q(mentor_id=user.pk) | Q(company__in=Membership.objects.filter(user=user).values("company"))
    )


def visible_mentor_sessions(user: User) -> QuerySet[MentorSession]:
    """The sessions `user` may open: their own as mentor or startup member; staff all."""
    if not user.is_authenticated:
        return MentorSession.objects.none()
    if user.is_program_staff:
        return MentorSession.objects.all()
    return MentorSession.objects.filter(
        Q(mentor_id=user.pk) | Q(company__in=Membership.objects.filter(user=user).values("company"))
    )


def visible_mentor_profiles(user: User) -> QuerySet[MentorProfile]:
    """Staff every profile; a mentor their own; a startup member the mentors assigned to their startup."""
    if not user.is_authenticated:
        return MentorProfile.objects.none()
    if user.is_program_staff:
        return MentorProfile.objects.all()
    assigned = visible_mentor_assignments(user).values("mentor")
    return MentorProfile.objects.filter(Q(pk=user.pk) | Q(pk__in=assigned))
