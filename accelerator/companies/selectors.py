"""Reads for companies, shaped so that query counts stay constant as lists grow."""

from functools import lru_cache

from django.db import router
from django.db.models import Count, Prefetch, Q, QuerySet

from accelerator.accounts.models import User
from accelerator.statements import Compiled, instance

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


# The user's id in the kept statement of membership_rows(), put in by each view.
_USER_MARK = -2_147_483_001
MEMBERSHIP_COLUMNS = (
    "role",
    "company_id",
    "company__slug",
    "company__legal_name",
    "company__name_ja",
    "company__country",
)


@lru_cache(maxsize=8)
def _membership_statement(alias: str) -> Compiled:
    # Built from memberships_of(), so the page lists what it lists, compiled once per process.
    return Compiled(memberships_of(User(pk=_USER_MARK)).using(alias).values_list(*MEMBERSHIP_COLUMNS), user=_USER_MARK)


def membership_rows(user: User) -> tuple[tuple, ...]:
    """memberships_of(user) as plain values (MEMBERSHIP_COLUMNS), in its order."""
    return tuple(_membership_statement(router.db_for_read(Membership)).rows(user=user.pk))


def memberships_from_rows(rows: tuple[tuple, ...]) -> list[Membership]:
    """The memberships of membership_rows() with their companies, holding only those columns."""
    alias = router.db_for_read(Membership)
    memberships = []
    for role, company_id, slug, legal_name, name_ja, country in rows:
        membership = instance(Membership, alias, role=role, company_id=company_id)
        membership.company = instance(
            Company, alias, id=company_id, slug=slug, legal_name=legal_name, name_ja=name_ja, country=country
        )
        memberships.append(membership)
    return memberships


def member_company_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("company_id", flat=True))


def directory_counts() -> dict[str, int]:
    return Company.objects.aggregate(
        total=Count("id"), us=Count("id", filter=Q(country="US")), japan=Count("id", filter=Q(country="JP"))
    )
