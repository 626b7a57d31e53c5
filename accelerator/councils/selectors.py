"""Reads and derived figures for councils: running times, quorum, progress and the tracker figures.

Each figure has one selector, used alike by the pages, the API and the tests.
"""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connections, router
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership
from accelerator.statements import loader

from . import compiled, permissions
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
    # Companies by an IN over the user's memberships: the same actions as joining them, without
    # the duplicates a join makes, and half the database's time planning the statement.
    companies = Membership.objects.filter(user=user).values("company_id")
    return ActionItem.objects.filter(Q(owner_user=user) | Q(owner_company__in=companies))


def with_owner(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return actions.select_related("owner_user", "owner_company", "decision__council")


def _overdue_actions(user, *, on: date) -> QuerySet[ActionItem]:
    return overdue(permissions.visible_actions(user), on=on)


def action_lists(user, *, on: date) -> tuple[list, list]:
    """The actions `user` owns (by status, then due date) and the overdue ones of those they see
    (by due date).

    Read in one hand-written statement: the actions page shows both on every view, and the
    ORM compiled two queries with four joined models each. Who owns and who sees which action
    still come from `actions_of` and the permissions' queryset, compiled into it (see
    compiled). Each action comes with its decision, council and owner, loaded with the
    columns the list shows.
    """
    shown_sql, shown_params = compiled.ids(_overdue_actions, user, on=on)
    mine_sql, mine_params = compiled.ids(actions_of, user)
    connection = connections[router.db_for_read(ActionItem)]
    statement = _action_lists_statement(connection.vendor).format(mine=mine_sql, shown=shown_sql)
    with connection.cursor() as cursor:
        cursor.execute(statement, [*mine_params, *shown_params])
        rows = cursor.fetchall()
    db = connection.alias
    action_of = loader(ActionItem, db, _ACTION_COLUMNS)
    decision_of = loader(Decision, db, ("id", "council_id", "number"))
    council_of = loader(Council, db, ("id", "slug"))
    user_of = loader(User, db, ("id", "display_name", "email"))
    company_of = loader(Company, db, ("id", "legal_name", "name_ja"))
    mine, shown = [], []
    for row in rows:
        action = action_of(row[:8])
        action.decision = decision_of((action.decision_id, row[8], row[9]))
        action.decision.council = council_of((row[8], row[10]))
        if action.owner_user_id:
            action.owner_user = user_of((action.owner_user_id, row[11], row[12]))
        if action.owner_company_id:
            action.owner_company = company_of((action.owner_company_id, row[13], row[14]))
        if row[15]:
            mine.append(action)
        if row[16]:
            shown.append(action)
    mine.sort(key=lambda action: (action.status, action.due_on, action.pk))
    return mine, shown


@functools.cache
def _action_lists_statement(vendor: str) -> str:
    """The actions page's statement with the tables' names quoted; the permissions' statements go in its braces."""
    quote = connections[router.db_for_read(ActionItem)].ops.quote_name
    return _ACTION_LISTS_SQL.format(
        mine="{mine}",
        shown="{shown}",
        action=quote(ActionItem._meta.db_table),
        decision=quote(Decision._meta.db_table),
        council=quote(Council._meta.db_table),
        user=quote(User._meta.db_table),
        company=quote(Company._meta.db_table),
    )


_ACTION_COLUMNS = ("id", "title_en", "title_ja", "due_on", "status", "decision_id", "owner_user_id", "owner_company_id")
_ACTION_LISTS_SQL = """
WITH mine(id) AS ({mine}), shown(id) AS ({shown})
SELECT action.id, action.title_en, action.title_ja, action.due_on, action.status, action.decision_id,
       action.owner_user_id, action.owner_company_id, decision.council_id, decision.number, council.slug,
       owner.display_name, owner.email, company.legal_name, company.name_ja,
       action.id IN (SELECT id FROM mine), action.id IN (SELECT id FROM shown)
FROM {action} action
JOIN {decision} decision ON decision.id = action.decision_id
JOIN {council} council ON council.id = decision.council_id
LEFT JOIN {user} owner ON owner.id = action.owner_user_id
LEFT JOIN {company} company ON company.id = action.owner_company_id
WHERE action.id IN (SELECT id FROM mine) OR action.id IN (SELECT id FROM shown)
ORDER BY action.due_on, action.id
"""


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


@dataclass
class HomeLists:
    """What the councils' home lists: the councils the reader sees and, when signed in, their next
    meetings, their open actions and the items they proposed."""

    councils: list[Council]
    upcoming: list[Meeting] = field(default_factory=list)
    my_actions: list[ActionItem] = field(default_factory=list)
    my_proposals: list[AgendaItem] = field(default_factory=list)


def _home_councils(user) -> QuerySet[Council]:
    return permissions.visible_councils(user)


def _home_meetings(user, *, now: datetime) -> QuerySet[Meeting]:
    """The meetings of the reader's own councils they see, not yet over."""
    councils = CouncilMembership.objects.filter(user=user).values("council_id")
    return permissions.visible_meetings(user).filter(council__in=councils, ends_at__gte=now)


def _home_actions(user) -> QuerySet[ActionItem]:
    return actions_of(user).exclude(status__in=ActionItem.CLOSED)


def home_lists(user, *, meetings: int = 5, proposals: int = 10) -> HomeLists:
    """The home's lists, read in one hand-written statement (see compiled): the councils by English
    name, the first `meetings` upcoming meetings by start, the open actions by due date and the
    last `proposals` proposals, newest first, each with the columns its list shows.

    Which councils, meetings and actions come still comes from the permissions' querysets,
    compiled into the statement.
    """
    connection = connections[router.db_for_read(Council)]
    councils_sql, councils_params = compiled.ids(_home_councils, user)
    if not user.is_authenticated:
        statement = _home_statement(connection.vendor, signed_in=False).format(councils=councils_sql)
        params = list(councils_params)
    else:
        meetings_sql, meetings_params = compiled.ids(_home_meetings, user, now=timezone.now())
        actions_sql, actions_params = compiled.ids(_home_actions, user)
        statement = _home_statement(connection.vendor, signed_in=True).format(
            councils=councils_sql, meetings=meetings_sql, actions=actions_sql
        )
        params = [*councils_params, *meetings_params, meetings, *actions_params, user.pk, proposals]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    db = connection.alias
    council = loader(Council, db, _HOME_COUNCIL_COLUMNS)
    meeting = loader(Meeting, db, ("id", "council_id", "title_en", "title_ja", "starts_at", "agenda_published_at"))
    meeting_council = loader(Council, db, ("id", "name_en", "name_ja"))
    action = loader(ActionItem, db, ("id", "decision_id", "title_en", "title_ja", "due_on", "status"))
    item = loader(AgendaItem, db, ("id", "meeting_id", "title_en", "title_ja", "status", "response_reason"))
    lists = HomeLists(councils=[])
    for kind, _position, pk, link, one, two, three, four, five, six, moment, other_moment, day in rows:
        if kind == 0:
            lists.councils.append(council((pk, one, two, three, four, five, six)))
        elif kind == 1:
            upcoming = meeting((pk, link, one, two, moment, other_moment))
            upcoming.council = meeting_council((link, three, four))
            lists.upcoming.append(upcoming)
        elif kind == 2:
            lists.my_actions.append(action((pk, link, one, two, day, six)))
        else:
            lists.my_proposals.append(item((pk, link, one, two, six, five)))
    return lists


_HOME_COUNCIL_COLUMNS = ("id", "slug", "name_en", "name_ja", "description_en", "description_ja", "visibility")


@functools.cache
def _home_statement(vendor: str, *, signed_in: bool) -> str:
    """The home's statement with the tables' names quoted; the permissions' statements go in its braces."""
    quote = connections[router.db_for_read(Council)].ops.quote_name
    tables = {
        "council": quote(Council._meta.db_table),
        "meeting": quote(Meeting._meta.db_table),
        "action": quote(ActionItem._meta.db_table),
        "item": quote(AgendaItem._meta.db_table),
    }
    return (_HOME_SQL if signed_in else _HOME_COUNCILS_SQL).format(**tables)


# Four lists in one statement: each row says which list (0 to 3) and its place in it. The
# permissions' statements take the place of {councils}, {meetings} and {actions}.
_COUNCILS_PART = """
SELECT 0 AS kind, ROW_NUMBER() OVER (ORDER BY name_en, slug) AS position, id, CAST(NULL AS INTEGER) AS link,
       slug, name_en, name_ja, description_en, description_ja, visibility,
       CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS moment, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS other_moment,
       CAST(NULL AS DATE) AS day
FROM {council} WHERE id IN ({{councils}})
"""
_HOME_COUNCILS_SQL = _COUNCILS_PART + "ORDER BY kind, position\n"
_HOME_SQL = (
    _COUNCILS_PART  # noqa: S608 (table names and the permissions' statements only)
    + """UNION ALL
SELECT * FROM (
  SELECT 1 AS kind, ROW_NUMBER() OVER (ORDER BY meeting.starts_at, meeting.id) AS position, meeting.id,
         meeting.council_id, meeting.title_en, meeting.title_ja, council.name_en, council.name_ja,
         CAST(NULL AS TEXT), CAST(NULL AS TEXT), meeting.starts_at, meeting.agenda_published_at, CAST(NULL AS DATE)
  FROM {meeting} meeting JOIN {council} council ON council.id = meeting.council_id
  WHERE meeting.id IN ({{meetings}})
) upcoming WHERE position <= %s
UNION ALL
SELECT 2, ROW_NUMBER() OVER (ORDER BY due_on, id), id, decision_id, title_en, title_ja, CAST(NULL AS TEXT),
       CAST(NULL AS TEXT), CAST(NULL AS TEXT), status, CAST(NULL AS TIMESTAMP WITH TIME ZONE),
       CAST(NULL AS TIMESTAMP WITH TIME ZONE), due_on
FROM {action} WHERE id IN ({{actions}})
UNION ALL
SELECT * FROM (
  SELECT 3 AS kind, ROW_NUMBER() OVER (ORDER BY created_at DESC, id DESC) AS position, id, meeting_id, title_en,
         title_ja, CAST(NULL AS TEXT), CAST(NULL AS TEXT), response_reason, status,
         CAST(NULL AS TIMESTAMP WITH TIME ZONE), CAST(NULL AS TIMESTAMP WITH TIME ZONE), CAST(NULL AS DATE)
  FROM {item} WHERE proposed_by_id = %s
) proposed WHERE position <= %s
ORDER BY kind, position
"""
)


def _tracker_decisions(user) -> QuerySet[Decision]:
    return permissions.visible_decisions(user)


def tracker_values(user, *, council: str = "") -> tuple[tuple, ...]:
    """The rows of the decisions the tracker shows (newest first, of the council at address
    `council` if given) and of the councils to choose from (by address), read in one
    hand-written statement with the columns the tracker shows.

    The tracker is public and read on every visit. Which decisions and councils are read
    still comes from the permissions' querysets, compiled into the statement (see compiled).
    Each decision comes with its council's address and its meeting's time zone, and with its
    results and actions, from which the figure selectors below derive the tracker's figures.
    """
    decisions_sql, decisions_params = compiled.ids(_tracker_decisions, user)
    councils_sql, councils_params = compiled.ids(_home_councils, user)
    connection = connections[router.db_for_read(Decision)]
    statement = _tracker_statement(connection.vendor, by_council=bool(council)).format(
        decisions=decisions_sql, councils=councils_sql
    )
    params = [*decisions_params, *([council] if council else []), *councils_params]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return tuple(cursor.fetchall())


def tracker_lists_of(rows: tuple[tuple, ...]) -> tuple[list[Decision], list[Council]]:
    """The decisions the tracker shows, as `tracker_decisions` loads them, and the councils to choose
    from, made from the rows of tracker_values() (plain values, equal when the tracker shows the same)."""
    db = router.db_for_read(Decision)
    decision_of = loader(Decision, db, ("id", "council_id", "meeting_id", "number", "text_en", "text_ja", "decided_on"))
    council_of = loader(Council, db, ("id", "slug"))
    meeting_of = loader(Meeting, db, ("id", "time_zone"))
    result_of = loader(Result, db, ("id", "decision_id", "parent_id", "weight", "progress", "first_progress_at"))
    action_of = loader(ActionItem, db, ("id", "decision_id", "due_on", "status", "started_at"))
    listed_council = loader(Council, db, ("id", "slug", "name_en", "name_ja"))
    by_pk: dict[int, Decision] = {}
    councils = []
    for kind, _position, pk, link, other, number, amount, one, two, three, four, day, moment in rows:
        if kind == 0:
            decision = decision_of((pk, link, other, number, one, two, day))
            decision.council = council_of((link, three))
            decision.meeting = meeting_of((other, four))
            decision._prefetched_objects_cache = {"results": [], "actions": []}  # type: ignore[attr-defined]
            by_pk[pk] = decision
        elif kind == 1:
            result = result_of((pk, link, other, number, amount, moment))
            by_pk[link]._prefetched_objects_cache["results"].append(result)  # type: ignore[attr-defined]
        elif kind == 2:
            action = action_of((pk, link, day, one, moment))
            by_pk[link]._prefetched_objects_cache["actions"].append(action)  # type: ignore[attr-defined]
        else:
            councils.append(listed_council((pk, one, two, three)))
    return list(by_pk.values()), councils


@functools.cache
def _tracker_statement(vendor: str, *, by_council: bool) -> str:
    """The tracker's statement with the tables' names quoted; the permissions' statements go in its braces."""
    quote = connections[router.db_for_read(Decision)].ops.quote_name
    return _TRACKER_SQL.format(
        decision=quote(Decision._meta.db_table),
        council=quote(Council._meta.db_table),
        meeting=quote(Meeting._meta.db_table),
        result=quote(Result._meta.db_table),
        action=quote(ActionItem._meta.db_table),
        by_council=_BY_COUNCIL.format(council=quote(Council._meta.db_table)) if by_council else "",
    )


_BY_COUNCIL = "AND council_id IN (SELECT id FROM {council} WHERE slug = %s)"
# The decisions (0), their results by id (1) and actions by due date (2), and the councils by
# address (3): each row says which list and its place in it. The permissions' statements
# take the place of {decisions} and {councils}.
_TRACKER_SQL = """
WITH shown(id) AS (SELECT id FROM {decision} WHERE id IN ({{decisions}}) {by_council})
SELECT 0 AS kind, ROW_NUMBER() OVER (ORDER BY decision.decided_on DESC, decision.number DESC) AS position,
       decision.id, decision.council_id AS link, decision.meeting_id AS other, decision.number,
       CAST(NULL AS INTEGER) AS amount, decision.text_en, decision.text_ja, council.slug, meeting.time_zone,
       decision.decided_on AS day, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS moment
FROM {decision} decision
JOIN {council} council ON council.id = decision.council_id
JOIN {meeting} meeting ON meeting.id = decision.meeting_id
WHERE decision.id IN (SELECT id FROM shown)
UNION ALL
SELECT 1, ROW_NUMBER() OVER (ORDER BY id), id, decision_id, parent_id, weight, progress, CAST(NULL AS TEXT),
       CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DATE), first_progress_at
FROM {result} WHERE decision_id IN (SELECT id FROM shown)
UNION ALL
SELECT 2, ROW_NUMBER() OVER (ORDER BY due_on, id), id, decision_id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER),
       CAST(NULL AS INTEGER), status, CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), due_on, started_at
FROM {action} WHERE decision_id IN (SELECT id FROM shown)
UNION ALL
SELECT 3, ROW_NUMBER() OVER (ORDER BY slug), id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER),
       CAST(NULL AS INTEGER), slug, name_en, name_ja, CAST(NULL AS TEXT), CAST(NULL AS DATE),
       CAST(NULL AS TIMESTAMP WITH TIME ZONE)
FROM {council} WHERE id IN ({{councils}})
ORDER BY kind, position
"""


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
