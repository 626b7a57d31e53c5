"""Who sees what of a company: one place that pages, the API and templates share.

Everyone, signed in or not, sees a company's public profile. Its private part (compliance
readiness, the readiness self-assessment and who its members are) is for the company's
members and program staff.
"""

from collections.abc import Collection

from accelerator.accounts.models import User
from accelerator.permissions import is_program_staff

from .models import Company


def is_member(user: User, company: Company) -> bool:
    """Whether `user` belongs to `company` (its prefetched memberships are used when loaded)."""
    return user.is_authenticated and any(membership.user_id == user.pk for membership in company.memberships.all())


def sees_private_part(user: User, company: Company, *, member_company_ids: Collection[int] | None = None) -> bool:
    """Whether `user` sees the private part of `company`: its members and program staff do.

    `member_company_ids` (the companies `user` belongs to), when given, saves asking about
    membership once per company in a list.
    """
    if is_program_staff(user):
        return True
    if member_company_ids is not None:
        return company.pk in member_company_ids
    return is_member(user, company)
