"""Reads and derived figures for councils: running times, quorum, progress and the tracker figures.

Each figure has one selector, used alike by the pages, the API and the tests.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.statements import loaded

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


def action_lists(visible: QuerySet[ActionItem], user, *, on: date | None = None) -> tuple[list, list]:
    """The actions `user` owns (by status, then due date) and the overdue ones of `visible` (by due date).

    Read in one hand-written statement: the actions page shows both on every view, and the
    ORM compiled two queries with four joined models each. Who owns and who sees which action
    still come from `actions_of` and `visible` (the permissions' queryset), compiled into it.
    Each action comes with its decision, council and owner, loaded with the columns the list
    shows.
    """
    shown_sql, shown_params = _pk_statement(overdue(visible, on=on))
    mine_sql, mine_params = _pk_statement(actions_of(user))
    connection = connections[router.db_for_read(ActionItem)]
    quote = connection.ops.quote_name
    statement = _ACTION_LISTS_SQL.format(
        mine=mine_sql,
        shown=shown_sql,
        action=quote(ActionItem._meta.db_table),
        decision=quote(Decision._meta.db_table),
        council=quote(Council._meta.db_table),
        user=quote(User._meta.db_table),
        company=quote(Company._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*mine_params, *shown_params])
        rows = cursor.fetchall()
    db = connection.alias
    mine, shown = [], []
    for row in rows:
        action = loaded(ActionItem, db, **dict(zip(_ACTION_COLUMNS, row[:8], strict=True)))
        decision = loaded(Decision, db, id=action.decision_id, council_id=row[8], number=row[9])
        decision.council = loaded(Council, db, id=row[8], slug=row[10])
        action.decision = decision
        if action.owner_user_id:
            owner = {"id": action.owner_user_id, "display_name": row[11], "email": row[12]}
            action.owner_user = loaded(User, db, **owner)
        if action.owner_company_id:
            company = {"id": action.owner_company_id, "legal_name": row[13], "name_ja": row[14]}
            action.owner_company = loaded(Company, db, **company)
        if row[15]:
            mine.append(action)
        if row[16]:
            shown.append(action)
    mine.sort(key=lambda action: (action.status, action.due_on, action.pk))
    return mine, shown


def _pk_statement(queryset: QuerySet) -> tuple[str, tuple]:
    """The statement that selects the ids of `queryset`'s rows (one that matches nothing when it is empty)."""
    try:
        return queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return "SELECT CAST(NULL AS INTEGER) WHERE 1 = 0", ()


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


def council_list(councils: QuerySet[Council], *, by_name: bool = False) -> list[Council]:
    """The councils of `councils` by address (or by English name), read in one hand-written statement
    with the columns lists show: their address, names, descriptions and who sees their pages.

    Lists of councils are on the home and the tracker; the ORM compiled the query on every
    view. Which councils come still comes from `councils` (the permissions' queryset),
    compiled into the statement.
    """
    shown_sql, shown_params = _pk_statement(councils)
    connection = connections[router.db_for_read(Council)]
    statement = _COUNCILS_SQL.format(
        shown=shown_sql,
        council=connection.ops.quote_name(Council._meta.db_table),
        order="name_en, slug" if by_name else "slug",
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, shown_params)
        rows = cursor.fetchall()
    return [loaded(Council, connection.alias, **dict(zip(_COUNCIL_COLUMNS, row, strict=True))) for row in rows]


_COUNCIL_COLUMNS = ("id", "slug", "name_en", "name_ja", "description_en", "description_ja", "visibility")
_COUNCILS_SQL = """
WITH shown(id) AS ({shown})
SELECT id, slug, name_en, name_ja, description_en, description_ja, visibility
FROM {council} WHERE id IN (SELECT id FROM shown) ORDER BY {order}
"""


def meeting_list(meetings: QuerySet[Meeting], *, limit: int) -> list[Meeting]:
    """The first `limit` meetings of `meetings` by start, each with its council's names, read in one
    hand-written statement with the columns a list of meetings shows. Which meetings come
    still comes from `meetings`, compiled into it."""
    shown_sql, shown_params = _pk_statement(meetings)
    connection = connections[router.db_for_read(Meeting)]
    quote = connection.ops.quote_name
    statement = _MEETINGS_SQL.format(
        shown=shown_sql, meeting=quote(Meeting._meta.db_table), council=quote(Council._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*shown_params, limit])
        rows = cursor.fetchall()
    db = connection.alias
    found = []
    for row in rows:
        meeting = loaded(Meeting, db, **dict(zip(_MEETING_COLUMNS, row[:6], strict=True)))
        meeting.council = loaded(Council, db, id=meeting.council_id, name_en=row[6], name_ja=row[7])
        found.append(meeting)
    return found


_MEETING_COLUMNS = ("id", "council_id", "title_en", "title_ja", "starts_at", "agenda_published_at")
_MEETINGS_SQL = """
WITH shown(id) AS ({shown})
SELECT meeting.id, meeting.council_id, meeting.title_en, meeting.title_ja, meeting.starts_at,
       meeting.agenda_published_at, council.name_en, council.name_ja
FROM {meeting} meeting JOIN {council} council ON council.id = meeting.council_id
WHERE meeting.id IN (SELECT id FROM shown) ORDER BY meeting.starts_at, meeting.id LIMIT %s
"""


def action_titles(actions: QuerySet[ActionItem]) -> list[ActionItem]:
    """The actions of `actions` by due date with their titles, dates and statuses (and their
    decisions' ids, for links), read in one hand-written statement. Which actions come still
    comes from `actions`, compiled into it."""
    shown_sql, shown_params = _pk_statement(actions)
    connection = connections[router.db_for_read(ActionItem)]
    statement = _ACTION_TITLES_SQL.format(shown=shown_sql, action=connection.ops.quote_name(ActionItem._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(statement, shown_params)
        rows = cursor.fetchall()
    db = connection.alias
    found = []
    for row in rows:
        action = loaded(ActionItem, db, **dict(zip(_ACTION_TITLE_COLUMNS, row, strict=True)))
        action.decision = loaded(Decision, db, id=action.decision_id)
        found.append(action)
    return found


_ACTION_TITLE_COLUMNS = ("id", "decision_id", "title_en", "title_ja", "due_on", "status")
_ACTION_TITLES_SQL = """
WITH shown(id) AS ({shown})
SELECT id, decision_id, title_en, title_ja, due_on, status
FROM {action} WHERE id IN (SELECT id FROM shown) ORDER BY due_on, id
"""


def proposals_of(user, *, limit: int) -> list[AgendaItem]:
    """The last `limit` agenda items `user` proposed, newest first, with the columns their list
    shows (and their meetings' ids, for links), read in one hand-written statement."""
    connection = connections[router.db_for_read(AgendaItem)]
    statement = _PROPOSALS_SQL.format(item=connection.ops.quote_name(AgendaItem._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(statement, [user.pk, limit])
        rows = cursor.fetchall()
    db = connection.alias
    found = []
    for row in rows:
        item = loaded(AgendaItem, db, **dict(zip(_PROPOSAL_COLUMNS, row, strict=True)))
        item.meeting = loaded(Meeting, db, id=item.meeting_id)
        found.append(item)
    return found


_PROPOSAL_COLUMNS = ("id", "meeting_id", "title_en", "title_ja", "status", "response_reason")
_PROPOSALS_SQL = """
SELECT id, meeting_id, title_en, title_ja, status, response_reason
FROM {item} WHERE proposed_by_id = %s ORDER BY created_at DESC, id DESC LIMIT %s
"""


def tracker_list(decisions: QuerySet[Decision]) -> list[Decision]:
    """The decisions of `decisions` (newest first) as `tracker_decisions` loads them, read in two
    hand-written statements with the columns the tracker shows.

    The tracker is public and read on every visit; the ORM compiled three queries of three
    joined models for it. Which decisions are read still comes from `decisions` (the
    permissions' queryset), compiled into the first statement. Each decision comes with its
    council's address and its meeting's time zone, and with its results and actions, from
    which the figure selectors below derive the tracker's figures.
    """
    shown_sql, shown_params = _pk_statement(decisions)
    connection = connections[router.db_for_read(Decision)]
    quote = connection.ops.quote_name
    tables = {
        "decision": quote(Decision._meta.db_table),
        "council": quote(Council._meta.db_table),
        "meeting": quote(Meeting._meta.db_table),
        "result": quote(Result._meta.db_table),
        "action": quote(ActionItem._meta.db_table),
    }
    db = connection.alias
    with connection.cursor() as cursor:
        cursor.execute(_TRACKER_DECISIONS_SQL.format(shown=shown_sql, **tables), shown_params)
        found = cursor.fetchall()
        by_pk: dict[int, Decision] = {}
        for pk, council_id, meeting_id, number, text_en, text_ja, decided_on, slug, time_zone in found:
            decision = loaded(
                Decision,
                db,
                id=pk,
                council_id=council_id,
                meeting_id=meeting_id,
                number=number,
                text_en=text_en,
                text_ja=text_ja,
                decided_on=decided_on,
            )
            decision.council = loaded(Council, db, id=council_id, slug=slug)
            decision.meeting = loaded(Meeting, db, id=meeting_id, time_zone=time_zone)
            decision._prefetched_objects_cache = {"results": [], "actions": []}  # type: ignore[attr-defined]
            by_pk[pk] = decision
        if not by_pk:
            return []
        placeholders = ", ".join(["%s"] * len(by_pk))
        cursor.execute(_TRACKER_FIGURES_SQL.format(decisions=placeholders, **tables), [*by_pk, *by_pk])
        for kind, pk, decision_id, parent_id, weight, progress, moment, status, due_on in cursor.fetchall():
            decision = by_pk[decision_id]
            if kind == "result":
                values = {
                    "id": pk,
                    "decision_id": decision_id,
                    "parent_id": parent_id,
                    "weight": weight,
                    "progress": progress,
                    "first_progress_at": moment,
                }
                decision._prefetched_objects_cache["results"].append(loaded(Result, db, **values))  # type: ignore[attr-defined]
            else:
                values = {
                    "id": pk,
                    "decision_id": decision_id,
                    "due_on": due_on,
                    "status": status,
                    "started_at": moment,
                }
                decision._prefetched_objects_cache["actions"].append(loaded(ActionItem, db, **values))  # type: ignore[attr-defined]
    return list(by_pk.values())


_TRACKER_DECISIONS_SQL = """
WITH shown(id) AS ({shown})
SELECT decision.id, decision.council_id, decision.meeting_id, decision.number, decision.text_en, decision.text_ja,
       decision.decided_on, council.slug, meeting.time_zone
FROM {decision} decision
JOIN {council} council ON council.id = decision.council_id
JOIN {meeting} meeting ON meeting.id = decision.meeting_id
WHERE decision.id IN (SELECT id FROM shown)
ORDER BY decision.decided_on DESC, decision.number DESC
"""
# Actions by due date, then results by pk, as tracker_decisions orders each.
_TRACKER_FIGURES_SQL = """
SELECT 'result', id, decision_id, parent_id, weight, progress, first_progress_at, NULL, CAST(NULL AS DATE)
FROM {result} WHERE decision_id IN ({decisions})
UNION ALL
SELECT 'action', id, decision_id, NULL, NULL, NULL, started_at, status, due_on
FROM {action} WHERE decision_id IN ({decisions})
ORDER BY 1, 9, 2
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
