"""Reads for companies, shaped so that query counts stay constant as lists grow."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accelerator.accounts.models import User

from .models import Company, Invitation, Membership, ReadinessAnswer


def directory_companies() -> QuerySet[Company]:
    """Companies with what a directory row or API item shows, in a fixed number of queries."""
    return Company.objects.select_related("profile").prefetch_related(
        "profile__segments", "profile__technology_areas", "profile__offers", "profile__needs", "profile__standards"
    )


def directory_cards() -> QuerySet[Company]:
    """Companies with what a directory card shows (profile and segments): the web page's rows."""
    return Company.objects.select_related("profile").prefetch_related("profile__segments")


def company_detail(*, slug: str) -> QuerySet[Company]:
    return (
        directory_companies()
        .prefetch_related(
            Prefetch("readiness_answers", queryset=ReadinessAnswer.objects.select_related("item")),
            Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("-role", "created_at")),
            Prefetch("invitations", queryset=Invitation.objects.filter(accepted_at__isnull=True)),
        )
        .filter(slug=slug)
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("company", "company__profile")
        .order_by("company__legal_name")
    )


def member_company_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("company_id", flat=True))


def directory_counts() -> dict[str, int]:
    return Company.objects.aggregate(
        total=Count("id"), us=Count("id", filter=Q(country="US")), japan=Count("id", filter=Q(country="JP"))
    )
