"""Saved opportunities, saved searches, and the alerts they bring: new matches and deadline reminders.

An alert is one row per person, opportunity and kind, so whatever a schedule or a worker
repeats, a person hears about a new match, the 7-day and the 48-hour reminder once each,
on the alerts page, in their in-app inbox and in one email.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.outbox.services import enqueue
from matchmaking.services.inbox import Delivery, deliver, mark_read

from ..filters import OpportunityFilter
from ..models import Alert, Opportunity, SavedOpportunity, SavedSearch
from ..tasks import email_alert

# An import batch takes its rows' creation time before it commits: looking back this far
# past the last check catches batches that committed just after it.
LOOK_BACK = dt.timedelta(minutes=30)
REMINDERS = (
    (Alert.Kind.DEADLINE_48_HOURS, dt.timedelta(0), dt.timedelta(hours=48)),
    (Alert.Kind.DEADLINE_7_DAYS, dt.timedelta(hours=48), dt.timedelta(days=7)),
)
SEARCH_KEYS = set(OpportunityFilter.base_filters) - {"ordering"}


@transaction.atomic
def toggle_saved_opportunity(*, user: User, opportunity: Opportunity) -> bool:
    """Saves the opportunity for `user`, or removes it if saved; returns whether it is now saved."""
    deleted, _rows = SavedOpportunity.objects.filter(user=user, opportunity=opportunity).delete()
    if deleted:
        return False
    SavedOpportunity.objects.get_or_create(user=user, opportunity=opportunity)
    return True


def clean_query(query: dict) -> dict:
    """The search's filters, checked as the list checks them; refuses a filter that makes no sense."""
    params = {key: str(value) for key, value in query.items() if key in SEARCH_KEYS and str(value).strip()}
    form = OpportunityFilter(params, queryset=Opportunity.objects.none()).form
    if not form.is_valid():
        raise ValidationError(
            {"query": [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]}
        )
    return params


@transaction.atomic
def save_search(*, user: User, name: str, query: dict, alerts: bool = True) -> SavedSearch:
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ValidationError({"name": _("Name the search, for example “SAR imagery in Japan”.")})
    params = clean_query(query)
    if not params:
        raise ValidationError({"query": _("Choose at least one filter or search word before saving the search.")})
    if SavedSearch.objects.filter(user=user, name=name).exists():
        raise ValidationError({"name": _("You already have a saved search with this name.")})
    return SavedSearch.objects.create(user=user, name=name, query=params, alerts=alerts, checked_at=timezone.now())


@transaction.atomic
def update_search(*, user: User, search: SavedSearch, alerts: bool) -> SavedSearch:
    if search.user_id != user.pk:
        raise ValidationError(_("This saved search is not yours."))
    search.alerts = alerts
    if alerts:
        search.checked_at = timezone.now()  # matches from the time it was off are not news any more
    search.save(update_fields=["alerts", "checked_at"])
    return search


@transaction.atomic
def delete_search(*, user: User, search: SavedSearch) -> None:
    if search.user_id != user.pk:
        raise ValidationError(_("This saved search is not yours."))
    search.delete()


@transaction.atomic
def mark_alerts_read(*, user: User, alert_ids: list[int] | None = None) -> int:
    """Marks alerts read here and in the in-app inbox, so the navigation's count drops with them."""
    alerts = Alert.objects.filter(user=user, read_at__isnull=True)
    if alert_ids is not None:
        alerts = alerts.filter(pk__in=alert_ids)
    keys = [inbox_key(alert) for alert in alerts.only("kind", "opportunity_id")]
    count = alerts.update(read_at=timezone.now())
    mark_read(user=user, keys=keys)
    return count


def mark_read_from_inbox(*, user: User, keys: list[str], **kwargs) -> int:
    """Marks read the alerts whose items the person read in the in-app inbox (`items_read`)."""
    wanted = Q()
    for key in keys:
        app, kind, opportunity_id = [*key.split(":"), "", "", ""][:3]
        if app == "procurement" and kind in Alert.Kind.values and opportunity_id.isdigit():
            wanted |= Q(kind=kind, opportunity_id=int(opportunity_id))
    if not wanted:
        return 0
    return Alert.objects.filter(wanted, user=user, read_at__isnull=True).update(read_at=timezone.now())


def inbox_key(alert: Alert) -> str:
    """Names the alert's inbox item by what it says, so a rerun, or an alert made again, adds none."""
    return f"procurement:{alert.kind}:{alert.opportunity_id}"


def _send(alerts: list[Alert]) -> None:
    """Puts each alert in its person's in-app inbox and queues its email, once each."""
    deliver(
        Delivery(
            user_id=alert.user_id,
            kind=alert.kind,
            subject=alert.opportunity,
            key=inbox_key(alert),
            payload={"saved_search": alert.saved_search.name} if alert.saved_search else None,
        )
        for alert in alerts
    )
    for alert in alerts:
        enqueue(email_alert.name, alert_id=alert.pk)


@transaction.atomic
def alert_new_matches(*, now: dt.datetime | None = None) -> int:
    """Alerts each saved search's owner to opportunities that arrived since the last check."""
    now = now or timezone.now()
    created: list[Alert] = []
    searches = (
        SavedSearch.objects.select_for_update(skip_locked=True, of=("self",)).filter(alerts=True).select_related("user")
    )
    for search in searches:
        since = (search.checked_at or search.created_at) - LOOK_BACK
        arrived = Opportunity.objects.filter(created_at__gt=since)
        matches = OpportunityFilter(search.query, queryset=arrived).qs.values_list("pk", flat=True)[:200]
        known = set(
            Alert.objects.filter(
                user=search.user, kind=Alert.Kind.NEW_MATCH, opportunity__in=list(matches)
            ).values_list("opportunity_id", flat=True)
        )
        fresh = [
            Alert(user=search.user, opportunity_id=pk, kind=Alert.Kind.NEW_MATCH, saved_search=search)
            for pk in matches
            if pk not in known
        ]
        Alert.objects.bulk_create(fresh, ignore_conflicts=True)
        created.extend(
            Alert.objects.select_related("opportunity", "saved_search").filter(
                user=search.user,
                kind=Alert.Kind.NEW_MATCH,
                emailed_at__isnull=True,
                opportunity_id__in=[alert.opportunity_id for alert in fresh],
            )
        )
        search.checked_at = now
        search.save(update_fields=["checked_at"])
    _send(created)
    return len(created)


@transaction.atomic
def remind_deadlines(*, now: dt.datetime | None = None) -> int:
    """7-day and 48-hour reminders for opportunities people saved or were alerted to, once each."""
    now = now or timezone.now()
    created: list[Alert] = []
    for kind, nearest, farthest in REMINDERS:
        due = Opportunity.objects.filter(
            deadline__gt=now + nearest, deadline__lte=now + farthest, status__in=["active", "planned"]
        )
        followers = set(SavedOpportunity.objects.filter(opportunity__in=due).values_list("user_id", "opportunity_id"))
        followers |= set(
            Alert.objects.filter(kind=Alert.Kind.NEW_MATCH, opportunity__in=due).values_list(
                "user_id", "opportunity_id"
            )
        )
        if not followers:
            continue
        reminded = set(
            Alert.objects.filter(Q(kind=kind) | Q(kind=Alert.Kind.DEADLINE_48_HOURS), opportunity__in=due).values_list(
                "user_id", "opportunity_id"
            )
        )
        fresh = [
            Alert(user_id=user_id, opportunity_id=opportunity_id, kind=kind)
            for user_id, opportunity_id in sorted(followers - reminded)
        ]
        Alert.objects.bulk_create(fresh, ignore_conflicts=True)
        created.extend(
            Alert.objects.select_related("opportunity", "saved_search").filter(
                kind=kind,
                emailed_at__isnull=True,
                user_id__in=[a.user_id for a in fresh],
                opportunity_id__in=[a.opportunity_id for a in fresh],
            )
        )
    _send(created)
    return len(created)
