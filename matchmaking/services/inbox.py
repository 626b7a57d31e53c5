"""Each member's in-app inbox: new suggestions land there, and members mark items read."""

from collections import defaultdict

from django.utils import timezone

from accelerator.accounts.models import User
from accelerator.companies.models import Membership

from ..models import InboxItem, Suggestion


def announce_suggestions(suggestions: list[Suggestion]) -> None:
    """Puts each suggestion in the inbox of every member of the company it is for, once."""
    members = defaultdict(list)
    company_ids = {s.company_id for s in suggestions}
    for company_id, user_id in Membership.objects.filter(company_id__in=company_ids).values_list(
        "company_id", "user_id"
    ):
        members[company_id].append(user_id)
    items = [
        InboxItem(user_id=user_id, kind=InboxItem.Kind.SUGGESTION, suggestion=suggestion)
        for suggestion in suggestions
        for user_id in members[suggestion.company_id]
    ]
    InboxItem.objects.bulk_create(items, ignore_conflicts=True, batch_size=2000)


def mark_read(*, user: User, item_ids: list[int] | None = None) -> int:
    items = InboxItem.objects.filter(user=user, read_at__isnull=True)
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    return items.update(read_at=timezone.now())
