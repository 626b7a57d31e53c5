"""The staff figures of a cohort's mentoring: mentor load against capacity with average ratings,
sessions per pair, startups without a recent session, and U.S./Japan coverage.

The staff mentoring page and its CSV export read them on every request. Compiled by the
ORM, the three reads (with their conditional aggregates) cost several times what the
database takes to answer them, and every row became three or four model instances; here
they are written once, as one statement of three parts, and the rows are plain values.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property

from django.db import connection
from django.db.models import DateTimeField, DecimalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accelerator.accounts.models import Role, User
from accelerator.companies.models import Company, _in_japanese
from accelerator.written import Rows

from ..models import (
    Application,
    Cohort,
    MentorAssignment,
    MentorMatching,
    MentorProfile,
    MentorSession,
    SessionFeedback,
    Side,
)
from ..models.mentoring import _SIDE_NAMES

_SIDE_OF_COUNTRY = {"US": Side.US, "JP": Side.JAPAN}


def _side_name(side: str) -> str:
    return str(_SIDE_NAMES.get(side, side))


@dataclass(frozen=True)
class MentorLoad:
    """An active mentor with their startups in the cohort (proposed and published) and the
    average rating startups gave their sessions in it."""

    pk: int
    name: str
    country: str
    capacity: int
    is_paused: bool
    load: int
    rating: float | None

    @property
    def side(self) -> str:
        return _SIDE_OF_COUNTRY.get(self.country, Side.OTHER)

    def get_side_display(self) -> str:
        return _side_name(self.side)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class StartupRow:
    """A startup of the cohort, with whether it had a session in the last quiet days."""

    pk: int
    legal_name: str
    name_ja: str
    slug: str
    recent: bool = False

    @property
    def display_name(self) -> str:
        return self.name_ja if _in_japanese() and self.name_ja else self.legal_name

    def __str__(self) -> str:
        return self.legal_name


@dataclass(frozen=True)
class AssignmentRow:
    """A mentor assignment of the cohort with its sessions held and upcoming and the last one held."""

    pk: int
    company_id: int
    company_legal_name: str
    company_name_ja: str
    company_country: str
    mentor_id: int
    mentor_name: str
    side: str
    status: str
    by_hand: bool
    held: int
    upcoming: int
    last_session: dt.datetime | None
    rating_sum: int
    rating_count: int

    @property
    def company_name(self) -> str:
        return self.company_name_ja if _in_japanese() and self.company_name_ja else self.company_legal_name

    @property
    def is_published(self) -> bool:
        return self.status == MentorAssignment.Status.PUBLISHED

    def get_side_display(self) -> str:
        return _side_name(self.side)


@dataclass(frozen=True)
class MentoringFigures:
    """The mentoring section of the staff pages.

    `assignments` (proposed and published) and `startups_by_name` are the rows the figures
    are counted from; the matching page lists them too. `mentors_by_name` are the active
    mentors by name, `loads` the same mentors busiest first.
    """

    loads: Sequence[MentorLoad]
    pairs: Sequence[AssignmentRow]
    at_risk: Sequence[StartupRow]
    coverage: dict[str, int]
    startups: int
    assignments: Sequence[AssignmentRow] = ()
    startups_by_name: Sequence[StartupRow] = ()
    mentors_by_name: Sequence[MentorLoad] = ()


# The three kinds of rows of _statement(), in the order they come.
_MENTOR, _ASSIGNMENT, _STARTUP = 1, 2, 3


@cache
def _statement(vendor: str) -> str:
    """The figures' one statement, table and column names quoted for the database in use.

    Three reads in one round trip: the active mentors, the cohort's assignments with their
    sessions counted, the cohort's startups. Each row starts with its kind, then the sixteen
    columns of an assignment (a mentor or a startup fills the columns of the same kind of
    value and leaves the rest empty), then what each kind is ordered by.
    """
    quote = connection.ops.quote_name
    names = {
        "users": quote(User._meta.db_table),
        "memberships": quote(User.groups.through._meta.db_table),
        "membership_user": quote(User.groups.field.m2m_column_name()),
        "membership_group": quote(User.groups.field.m2m_reverse_name()),
        "groups": quote(User.groups.field.related_model._meta.db_table),
        "profiles": quote(MentorProfile._meta.db_table),
        "assignments": quote(MentorAssignment._meta.db_table),
        "sessions": quote(MentorSession._meta.db_table),
        "feedback": quote(SessionFeedback._meta.db_table),
        "companies": quote(Company._meta.db_table),
        "applications": quote(Application._meta.db_table),
    }
    # The cohort's assignments, by startup, side and id. A session has at most one feedback from
    # the startup: joining it keeps one row per session.
    assignments = """
        SELECT %s, a.id, a.company_id, c.legal_name, c.name_ja, c.country, a.mentor_id, u.display_name, u.email,
            a.side, a.status, a.by_hand,
            COUNT(CASE WHEN s.status = %s AND s.starts_at <= %s THEN s.id END),
            COUNT(CASE WHEN s.status = %s AND s.starts_at > %s THEN s.id END),
            MAX(CASE WHEN s.status = %s AND s.starts_at <= %s THEN s.starts_at END),
            SUM(CASE WHEN s.status = %s THEN f.rating END),
            COUNT(CASE WHEN s.status = %s THEN f.rating END),
            c.legal_name, a.side, a.id
        FROM {assignments} a
        INNER JOIN {companies} c ON c.id = a.company_id
        INNER JOIN {users} u ON u.id = a.mentor_id
        LEFT OUTER JOIN {sessions} s ON s.assignment_id = a.id
        LEFT OUTER JOIN {feedback} f ON f.session_id = s.id AND f.role = %s
        WHERE a.cohort_id = %s
        GROUP BY a.id, a.company_id, c.legal_name, c.name_ja, c.country, a.mentor_id, u.display_name, u.email,
            a.side, a.status, a.by_hand
    """.format(**names)  # noqa: S608 (quoted table names and placeholders only)
    # Active users holding the mentor role, as active_mentors() selects them, by name.
    mentors = """
        SELECT %s, p.user_id, NULL, u.display_name, u.email, p.country, p.capacity, NULL, NULL, NULL, NULL,
            p.is_paused, NULL, NULL, NULL, NULL, NULL,
            u.display_name, '', p.user_id
        FROM {profiles} p INNER JOIN {users} u ON u.id = p.user_id
        WHERE u.is_active = %s AND EXISTS (
            SELECT 1 FROM {memberships} m INNER JOIN {groups} g ON g.id = m.{membership_group}
            WHERE m.{membership_user} = u.id AND g.name = %s)
    """.format(**names)  # noqa: S608 (quoted table names and placeholders only)
    # The startups whose application to the cohort was accepted, as cohort_startups() selects them.
    startups = """
        SELECT %s, c.id, NULL, c.legal_name, c.name_ja, c.slug, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL,
            c.legal_name, '', c.id
        FROM {companies} c
        WHERE EXISTS (SELECT 1 FROM {applications} a WHERE a.cohort_id = %s AND a.company_id = c.id AND a.status = %s)
    """.format(**names)  # noqa: S608 (quoted table names and placeholders only)
    return f"{assignments} UNION ALL {mentors} UNION ALL {startups} ORDER BY 1, 18, 19, 20"


_COHORT_FIELDS = ("id", "name_en", "name_ja", "slug", "status")
_MATCHING_FIELDS = (
    "id", "cohort_id", "weight_expertise", "weight_language", "weight_overlap",
    "suggested_at", "proposed_at", "published_at",
)  # fmt: skip


@cache
def _cohort_statement(vendor: str) -> str:
    quote = connection.ops.quote_name
    cohort = ", ".join(f"h.{quote(name)}" for name in _COHORT_FIELDS)
    matching = ", ".join(f"m.{quote(name)}" for name in _MATCHING_FIELDS)
    return (
        f"SELECT {cohort}, {matching} FROM {quote(Cohort._meta.db_table)} h "  # noqa: S608 (quoted names only)
        f"LEFT OUTER JOIN {quote(MentorMatching._meta.db_table)} m ON m.cohort_id = h.id WHERE h.slug = %s"
    )


def cohort_and_matching(slug: str) -> tuple[Cohort, MentorMatching | None] | None:
    """The cohort with the address name `slug` (its names, slug and status; other fields load
    when read) and its mentor matching, if it has one; None without such a cohort."""
    with connection.cursor() as cursor:
        cursor.execute(_cohort_statement(connection.vendor), [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    cohort = Cohort.from_db(connection.alias, _COHORT_FIELDS, row[: len(_COHORT_FIELDS)])
    values = list(row[len(_COHORT_FIELDS) :])
    if values[0] is None:
        return cohort, None
    for index, name in enumerate(_MATCHING_FIELDS):
        model_field = MentorMatching._meta.get_field(name)
        if isinstance(model_field, DecimalField):
            # SQLite gives a number, PostgreSQL a Decimal: both are shown with the field's places.
            values[index] = Decimal(str(values[index])).quantize(Decimal(1).scaleb(-model_field.decimal_places))
        elif isinstance(model_field, DateTimeField):
            values[index] = _moment(values[index])
    matching = MentorMatching.from_db(connection.alias, _MATCHING_FIELDS, values)
    matching.cohort = cohort
    return cohort, matching


def _moment(value) -> dt.datetime | None:
    """A moment read by hand: SQLite gives it as naive UTC text, PostgreSQL as an aware datetime."""
    if value is None or (isinstance(value, dt.datetime) and value.tzinfo is not None):
        return value
    moment = parse_datetime(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def _assignment(row: tuple) -> AssignmentRow:
    """An assignment from its row of _statement() (after the kind, the columns in its order)."""
    return AssignmentRow(
        pk=row[1],
        company_id=row[2],
        company_legal_name=row[3],
        company_name_ja=row[4],
        company_country=row[5],
        mentor_id=row[6],
        mentor_name=row[7] or row[8],  # the display name, else the email
        side=row[9],
        status=row[10],
        by_hand=bool(row[11]),
        held=row[12],
        upcoming=row[13],
        last_session=_moment(row[14]),
        rating_sum=row[15] or 0,
        rating_count=row[16],
    )


@dataclass(frozen=True)
class MentoringRows:
    """What the mentoring figures are counted from: the statement's rows and the startups with
    a session held in the quiet days. Equal values give equal figures, so `values` names the
    staff page's part; the figures themselves are counted only where they are read."""

    rows: tuple
    recent: frozenset[int]

    @cached_property
    def values(self) -> Rows:
        return Rows((self.rows, self.recent))


def mentoring_rows(cohort: Cohort, *, quiet_days: int = 21, now: dt.datetime | None = None) -> MentoringRows:
    """One query (_statement): the active mentors, the cohort's assignments with their sessions
    counted and their startups' ratings added up, the cohort's startups; and which startups had
    a session held in the last `quiet_days` days."""
    now = now or timezone.now()
    moment = connection.ops.adapt_datetimefield_value(now)
    booked = MentorSession.Status.BOOKED
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(connection.vendor),
            [
                _ASSIGNMENT, booked, moment, booked, moment, booked, moment, booked, booked,
                SessionFeedback.Role.STARTUP, cohort.pk,
                _MENTOR, True, Role.MENTOR,
                _STARTUP, cohort.pk, Application.Status.ACCEPTED,
            ],
        )  # fmt: skip
        rows = tuple(cursor.fetchall())
    # A session's startup is its assignment's: the last session held of each of a startup's
    # assignments tells whether it had one within the quiet days.
    since = now - dt.timedelta(days=quiet_days)
    recent = frozenset(
        row[2] for row in rows if row[0] == _ASSIGNMENT and (last := _moment(row[14])) is not None and last >= since
    )
    return MentoringRows(rows, recent)


def mentoring_figures(cohort: Cohort, *, quiet_days: int = 21, now: dt.datetime | None = None) -> MentoringFigures:
    """Mentor load against capacity with average ratings, sessions per pair, startups
    without a session in the last `quiet_days` days, and U.S./Japan coverage."""
    return figures_from_rows(mentoring_rows(cohort, quiet_days=quiet_days, now=now))


def figures_from_rows(read: MentoringRows) -> MentoringFigures:
    """The figures counted from the rows of mentoring_rows(): loads, ratings, coverage and the
    startups at risk."""
    rows, recent = read.rows, read.recent
    assignments = [_assignment(row) for row in rows if row[0] == _ASSIGNMENT]
    mentor_rows = [
        (row[1], row[3], row[4], row[5], row[6], row[11]) for row in rows if row[0] == _MENTOR
    ]  # id, name, email, country, capacity, pause
    startup_rows = [(row[1], row[3], row[4], row[5]) for row in rows if row[0] == _STARTUP]  # id, names, slug
    load: dict[int, int] = {}
    ratings: dict[int, list[int]] = {}
    for assignment in assignments:
        load[assignment.mentor_id] = load.get(assignment.mentor_id, 0) + 1
        total = ratings.setdefault(assignment.mentor_id, [0, 0])
        total[0] += assignment.rating_sum
        total[1] += assignment.rating_count
    mentors_by_name = []
    for pk, display_name, email, country, capacity, is_paused in mentor_rows:
        rating_sum, rating_count = ratings.get(pk, (0, 0))
        mentors_by_name.append(
            MentorLoad(
                pk,
                display_name or email,
                country,
                capacity,
                bool(is_paused),
                load.get(pk, 0),
                rating_sum / rating_count if rating_count else None,
            )
        )
    # Busiest first, then by name (a stable sort keeps the name order among equal loads).
    loads = sorted(mentors_by_name, key=lambda mentor: -mentor.load)
    pairs = [assignment for assignment in assignments if assignment.is_published]
    startups = [
        StartupRow(pk, legal_name, name_ja, slug, pk in recent) for pk, legal_name, name_ja, slug in startup_rows
    ]
    at_risk = [startup for startup in startups if not startup.recent]
    us = {pair.company_id for pair in pairs if pair.side == Side.US}
    japan = {pair.company_id for pair in pairs if pair.side == Side.JAPAN}
    coverage = {"us": len(us), "jp": len(japan), "both": len(us & japan)}
    return MentoringFigures(
        loads,
        pairs,
        at_risk,
        coverage,
        len(startups),
        assignments,
        startups,
        mentors_by_name,
    )
