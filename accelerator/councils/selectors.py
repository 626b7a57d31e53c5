"""Reads and derived figures for councils: running times, quorum, progress and the tracker figures.

Each figure has one selector, used alike by the pages, the API and the tests.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Council,
    CouncilMembership,
    Decision,
    Meeting,
    Minute,
    Motion,
    Result,
    Vote,
)

# --- Agenda and running times -------------------------------------------------------------


@dataclass
class AgendaRow:
    """An agenda item with its number ("2.1"), depth and computed start and end."""

    item: AgendaItem
    number: str
    depth: int
    starts_at: datetime
    ends_at: datetime
    overruns: bool
    children: list["AgendaRow"] = field(default_factory=list)


def scheduled_items(meeting: Meeting) -> list[AgendaItem]:
    """The accepted items of `meeting` (documents, presenters and minutes loaded), in order."""
    return list(
        meeting.items.filter(status=AgendaItem.Status.ACCEPTED)
        .select_related("presenter", "minute")
        .prefetch_related("documents")
        .order_by("order", "pk")
    )


def agenda_rows(meeting: Meeting, items: list[AgendaItem] | None = None) -> list[AgendaRow]:
    """The agenda as a tree in running order.

    Items run one after another depth first: a parent's own time comes first, then its
    children's. An item overruns when it ends after the meeting does.
    """
    items = scheduled_items(meeting) if items is None else items
    by_parent: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    clock = meeting.starts_at

    def walk(parent_id: int | None, prefix: str, depth: int) -> list[AgendaRow]:
        nonlocal clock
        rows = []
        for index, item in enumerate(by_parent.get(parent_id, []), start=1):
            starts_at = clock
            clock = clock + timedelta(minutes=item.duration_minutes)
            row = AgendaRow(item, f"{prefix}{index}", depth, starts_at, clock, clock > meeting.ends_at)
            row.children = walk(item.pk, f"{prefix}{index}.", depth + 1)
            rows.append(row)
        return rows

    return walk(None, "", 0)


def flatten(rows: list[AgendaRow]) -> list[AgendaRow]:
    flat = []
    for row in rows:
        flat.append(row)
        flat.extend(flatten(row.children))
    return flat


def agenda_minutes(meeting: Meeting, *, excluding: AgendaItem | None = None) -> int:
    """Minutes the accepted agenda takes, without `excluding` (an item being edited)."""
    items = meeting.items.filter(status=AgendaItem.Status.ACCEPTED)
    if excluding is not None and excluding.pk:
        items = items.exclude(pk=excluding.pk)
    return sum(items.values_list("duration_minutes", flat=True))


def pending_proposals(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.items.filter(status=AgendaItem.Status.PENDING).select_related("proposed_by")


# --- Attendance, quorum, votes -----------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    present: int
    required: int

    @property
    def met(self) -> bool:
        return self.present >= self.required


def quorum(meeting: Meeting) -> Quorum:
    """Voting members (chair and members) present at `meeting`, against the council's quorum."""
    voting = CouncilMembership.objects.filter(council_id=meeting.council_id, role__in=CouncilMembership.VOTING_ROLES)
    present = Attendance.objects.filter(
        meeting=meeting, status__in=Attendance.PRESENT_STATUSES, user__in=voting.values("user")
    ).count()
    return Quorum(present=present, required=meeting.council.quorum)


def council_people(council: Council) -> QuerySet[CouncilMembership]:
    return council.memberships.select_related("user").order_by("role", "user__display_name", "user__email")


def attendance_by_user(meeting: Meeting) -> dict[int, str]:
    return dict(meeting.attendance.values_list("user_id", "status"))


def meeting_motions(meeting: Meeting) -> list[Motion]:
    return list(
        meeting.motions.select_related("item", "moved_by").prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("member"))
        )
    )


def minutes_of(meeting: Meeting) -> QuerySet[Minute]:
    return Minute.objects.filter(item__meeting=meeting)


def next_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """Later meetings of the same council, where `meeting`'s minutes may be approved."""
    return Meeting.objects.filter(council_id=meeting.council_id, starts_at__gt=meeting.starts_at).order_by("starts_at")


def upcoming_meetings(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(ends_at__gte=timezone.now()).select_related("council").order_by("starts_at")


def past_meetings(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(ends_at__lt=timezone.now()).select_related("council").order_by("-starts_at")


# --- Actions -------------------------------------------------------------------------------


def today() -> date:
    return timezone.localdate()


def overdue(actions: QuerySet[ActionItem], *, on: date | None = None) -> QuerySet[ActionItem]:
    """Actions still open past their due date."""
    return actions.exclude(status__in=ActionItem.CLOSED).filter(due_on__lt=on or today())


def days_overdue(action: ActionItem, *, on: date | None = None) -> int:
    """Days an open action is past its due date (0 when not overdue or closed)."""
    if action.is_closed:
        return 0
    return max(0, ((on or today()) - action.due_on).days)


def actions_of(user) -> QuerySet[ActionItem]:
    """Actions `user` owns in person or through one of their companies."""
    if not user.is_authenticated:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(Q(owner_user=user) | Q(owner_company__memberships__user=user)).distinct()


def with_owner(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return actions.select_related("owner_user", "owner_company", "decision__council")


def reminder_due_before(*, on: date, days_ahead: int) -> QuerySet[ActionItem]:
    """Open actions due within `days_ahead` days that have had no reminder before the due date."""
    return ActionItem.objects.exclude(status__in=ActionItem.CLOSED).filter(
        reminded_before_at__isnull=True, due_on__gte=on, due_on__lte=on + timedelta(days=days_ahead)
    )


def reminder_due_after(*, on: date) -> QuerySet[ActionItem]:
    """Open actions past their due date that have had no reminder after it."""
    return overdue(ActionItem.objects.all(), on=on).filter(reminded_after_at__isnull=True)


# --- Tracker ---------------------------------------------------------------------------------


def result_progress(results: list[Result]) -> dict[int, float]:
    """Each result's progress in percent: its own for a leaf, the weighted mean of its children's for a parent."""
    children: dict[int | None, list[Result]] = {}
    for result in results:
        children.setdefault(result.parent_id, []).append(result)
    progress: dict[int, float] = {}

    def of(result: Result) -> float:
        if result.pk not in progress:
            kids = children.get(result.pk, [])
            if kids:
                total = sum(kid.weight for kid in kids)
                progress[result.pk] = sum(of(kid) * kid.weight for kid in kids) / total
            else:
                progress[result.pk] = float(result.progress)
        return progress[result.pk]

    for result in results:
        of(result)
    return progress


def decision_progress(results: list[Result]) -> float | None:
    """A decision's progress: the weighted mean of its top-level results (None without results)."""
    top = [result for result in results if result.parent_id is None]
    if not top:
        return None
    progress = result_progress(results)
    return sum(progress[result.pk] * result.weight for result in top) / sum(result.weight for result in top)


def tracker_decisions(decisions: QuerySet[Decision], *, action_owners: bool = False) -> QuerySet[Decision]:
    """Decisions with what the tracker's figures need, in a constant number of queries.

    Every figure is derived from the decision's results and actions, which come along
    (a handful per decision), instead of from aggregates over joins of both: the figure
    selectors below read them from there. `action_owners` also loads who owns each action,
    for pages that list the actions.
    """
    actions = with_owner(ActionItem.objects.all()) if action_owners else ActionItem.objects.all()
    return (
        decisions.select_related("council", "meeting", "item")
        .prefetch_related(
            Prefetch("results", queryset=Result.objects.order_by("pk")),
            Prefetch("actions", queryset=actions.order_by("due_on", "pk")),
        )
        .order_by("-decided_on", "-number")
    )


def _loaded(decision: Decision, relation: str) -> list | None:
    """The decision's `relation` rows when tracker_decisions brought them along, else None."""
    cache = getattr(decision, "_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None


def days_to_first_action(decision: Decision) -> int | None:
    """Days from the decision to the first of its actions being started (None while none has),
    both dates taken in the meeting's time zone, where the decision's date is."""
    actions = _loaded(decision, "actions")
    if actions is None:
        started = decision.actions.aggregate(first=Min("started_at"))["first"]
    else:
        started = min((action.started_at for action in actions if action.started_at is not None), default=None)
    if started is None:
        return None
    return max(0, (timezone.localdate(started, decision.meeting.zone) - decision.decided_on).days)


def days_to_first_progress(decision: Decision) -> int | None:
    """Days from the decision to the first progress recorded on any of its results."""
    results = _loaded(decision, "results")
    if results is None:
        first = decision.results.aggregate(first=Min("first_progress_at"))["first"]
    else:
        first = min(
            (result.first_progress_at for result in results if result.first_progress_at is not None), default=None
        )
    if first is None:
        return None
    return max(0, (timezone.localdate(first, decision.meeting.zone) - decision.decided_on).days)


def _overdue_due_dates(decision: Decision, on: date) -> list[date]:
    """The due dates of the decision's open actions that are past due on `on`."""
    actions = _loaded(decision, "actions")
    if actions is None:
        return list(overdue(decision.actions.all(), on=on).values_list("due_on", flat=True))
    return [action.due_on for action in actions if not action.is_closed and action.due_on < on]


def decision_days_overdue(decision: Decision, *, on: date | None = None) -> int:
    """Days the decision's most overdue open action is past due (0 when none is)."""
    on = on or today()
    earliest = min(_overdue_due_dates(decision, on), default=None)
    return (on - earliest).days if earliest else 0


def decision_overdue_count(decision: Decision, *, on: date | None = None) -> int:
    """How many of the decision's open actions are past due."""
    return len(_overdue_due_dates(decision, on or today()))


def results_review_due(*, on: date) -> QuerySet[Result]:
    """Results whose review date has come and whose reminder for that date has not gone out."""
    return Result.objects.filter(review_on__lte=on).filter(
        Q(review_reminded_on__isnull=True) | ~Q(review_reminded_on=F("review_on"))
    )


def secretariat_of(council: Council) -> QuerySet[CouncilMembership]:
    return council.memberships.filter(role=CouncilMembership.Role.SECRETARIAT).select_related("user")


def council_decisions(council: Council) -> QuerySet[Decision]:
    return tracker_decisions(council.decisions.all())


def has_pending_proposals(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.annotate(
        pending=Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), status=AgendaItem.Status.PENDING))
    )
