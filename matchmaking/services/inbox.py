"""Each person's in-app inbox, shared by the platform: new suggestions land there, other apps
deliver their news about a subject (a procurement alert about an opportunity) by key, and
people mark items read."""

from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.dispatch import Signal
from django.utils import timezone

from accelerator.accounts.models import User
from accelerator.companies.models import Membership

from ..models import InboxItem, RunResult, Suggestion

# Sent with `user` and `keys` when a person marks items that other apps delivered read here,
# so the app (procurement's alerts page) marks its own record of them read too.
items_read = Signal()


class Delivery(NamedTuple):
    """One item for one person: `key` names it, so delivering it again adds nothing."""

    user_id: int
    kind: str
    subject: models.Model
    key: str
    payload: dict | None = None


def announce_suggestions(run_id: int) -> None:
    """Puts each suggestion the run announces (see `runs._store`) in the inbox of every member
    of the company it is for, once: one statement, whatever the number of suggestions."""
    quote = connection.ops.quote_name
    item, suggestion, result, membership = (
        quote(model._meta.db_table) for model in (InboxItem, Suggestion, RunResult, Membership)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {item} (user_id, kind, suggestion_id, {quote('key')}, payload, created_at) "  # noqa: S608
            f"SELECT m.user_id, %s, s.id, '', '{{}}', %s FROM {result} AS r "
            f"JOIN {suggestion} AS s ON s.company_id = r.company_id AND s.partner_id = r.partner_id "
            f"JOIN {membership} AS m ON m.company_id = r.company_id "
            "WHERE r.run_id = %s AND r.announce ON CONFLICT DO NOTHING",
            [InboxItem.Kind.SUGGESTION, timezone.now(), run_id],
        )


def deliver(deliveries: Iterable[Delivery]) -> int:
    """Puts each delivery in its person's inbox unless an item with its key is already there.

    Returns how many items are new; a task that runs again after a failure delivers nothing twice.
    """
    deliveries = list(deliveries)
    if not deliveries:
        return 0
    types = ContentType.objects.get_for_models(*{type(d.subject) for d in deliveries})
    keys = {(d.user_id, d.key) for d in deliveries}
    known = set(
        InboxItem.objects.filter(
            user_id__in={user_id for user_id, _key in keys}, key__in={key for _user_id, key in keys}
        ).values_list("user_id", "key")
    )
    items = [
        InboxItem(
            user_id=d.user_id,
            kind=d.kind,
            subject_type=types[type(d.subject)],
            subject_id=d.subject.pk,
            key=d.key,
            payload=d.payload or {},
        )
        for d in deliveries
        if (d.user_id, d.key) not in known
    ]
    InboxItem.objects.bulk_create(items, ignore_conflicts=True, batch_size=2000)
    return len(items)


def mark_read(*, user: User, item_ids: list[int] | None = None, keys: Iterable[str] | None = None) -> int:
    """Marks the person's items read: all, those with `item_ids`, or those another app delivered with `keys`."""
    items = InboxItem.objects.filter(user=user, read_at__isnull=True)
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    if keys is not None:
        items = items.filter(key__in=list(keys))
    delivered = list(items.exclude(key="").values_list("key", flat=True))
    count = items.update(read_at=timezone.now())
    if delivered:
        items_read.send(sender=InboxItem, user=user, keys=delivered)
    return count
