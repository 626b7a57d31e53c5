"""What the mentoring home shows a mentor: their sessions, startups and the shortlists they are on.

Every mentor opens this page often. Compiled by the ORM, its six reads cost several times
what the database takes to answer them and built three or four model instances per row;
here the statements are written once and the rows are plain values.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.utils.dateparse import parse_datetime

from accelerator.accounts.models import User
from accelerator.companies.models import Company, Membership, _in_japanese

from ..models import Cohort, MentorAssignment, MentorInterest, MentorProfile, MentorSession, MentorSuggestion


def _bilingual(english: str, japanese: str) -> str:
    return (japanese or english) if _in_japanese() else (english or japanese)


def _moment(value) -> dt.datetime | None:
    """A moment read by hand: SQLite gives it as naive UTC text, PostgreSQL as an aware datetime."""
    if value is None or (isinstance(value, dt.datetime) and value.tzinfo is not None):
        return value
    moment = parse_datetime(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


@dataclass(frozen=True)
class SessionRow:
    pk: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    is_logged: bool
    mentor_name: str
    company_legal_name: str
    company_name_ja: str

    @property
    def company_name(self) -> str:
        return self.company_name_ja if _in_japanese() and self.company_name_ja else self.company_legal_name


@dataclass(frozen=True)
class StartupOfMentor:
    """A startup a mentor is assigned to, or whose shortlist names them, in a running cohort."""

    cohort_id: int
    cohort_name_en: str
    cohort_name_ja: str
    cohort_slug: str
    company_id: int
    company_legal_name: str
    company_name_ja: str
    company_slug: str
    company_country: str = ""
    interested: bool = False

    @property
    def cohort_name(self) -> str:
        return _bilingual(self.cohort_name_en, self.cohort_name_ja)

    @property
    def company_name(self) -> str:
        return self.company_name_ja if _in_japanese() and self.company_name_ja else self.company_legal_name


@cache
def _statements(vendor: str) -> dict[str, str]:
    quote = connection.ops.quote_name
    names = {
        "sessions": quote(MentorSession._meta.db_table),
        "users": quote(User._meta.db_table),
        "companies": quote(Company._meta.db_table),
        "memberships": quote(Membership._meta.db_table),
        "profiles": quote(MentorProfile._meta.db_table),
        "assignments": quote(MentorAssignment._meta.db_table),
        "cohorts": quote(Cohort._meta.db_table),
        "suggestions": quote(MentorSuggestion._meta.db_table),
        "interests": quote(MentorInterest._meta.db_table),
    }
    # The booked sessions the user takes part in, as the mentor or as a member of the startup:
    # all those still to end, and the last twenty that ended, in one read (`upcoming` tells them
    # apart, `nth` numbers the ended ones from the latest).
    sessions = """
        SELECT * FROM (
            SELECT s.id, s.starts_at, s.ends_at, s.status, s.logged_at IS NOT NULL, u.display_name, u.email,
                c.legal_name, c.name_ja, s.ends_at > %s AS upcoming,
                ROW_NUMBER() OVER (PARTITION BY s.ends_at > %s ORDER BY s.starts_at DESC, s.id DESC) AS nth
            FROM {sessions} s
            INNER JOIN {users} u ON u.id = s.mentor_id
            INNER JOIN {companies} c ON c.id = s.company_id
            WHERE s.status = %s AND (s.mentor_id = %s OR s.company_id IN (
                SELECT m.company_id FROM {memberships} m WHERE m.user_id = %s))
        ) booked
        WHERE upcoming OR nth <= 20
        ORDER BY upcoming DESC, starts_at ASC, id ASC
    """.format(**names)  # noqa: S608 (quoted table names and placeholders only)
    return {
        # Whether the user has a mentor profile (and its pause), and belongs to a company.
        "user": """
            SELECT (SELECT p.is_paused FROM {profiles} p WHERE p.user_id = %s),
                EXISTS (SELECT 1 FROM {profiles} p WHERE p.user_id = %s),
                EXISTS (SELECT 1 FROM {memberships} m WHERE m.user_id = %s)
        """.format(**names),  # noqa: S608
        "sessions": sessions,
        # The mentor's published startups in running cohorts, as mentees_of() reads them (by
        # startup), then the shortlists naming the mentor in running cohorts (the newest cohort
        # first, as Cohort orders), each with whether the mentor marked interest: one read, each
        # row starting with its kind, then what each kind is ordered by.
        "startups": """
            SELECT 1, a.cohort_id, h.name_en, h.name_ja, h.slug, a.company_id, c.legal_name, c.name_ja, c.slug,
                c.country, NULL, NULL, NULL, c.legal_name, a.id
            FROM {assignments} a
            INNER JOIN {cohorts} h ON h.id = a.cohort_id
            INNER JOIN {companies} c ON c.id = a.company_id
            WHERE a.mentor_id = %s AND a.status = %s AND h.status = %s
            UNION ALL
            SELECT 2, s.cohort_id, h.name_en, h.name_ja, h.slug, s.company_id, c.legal_name, c.name_ja, c.slug,
                NULL, EXISTS (SELECT 1 FROM {interests} i
                        WHERE i.mentor_id = s.mentor_id AND i.cohort_id = s.cohort_id AND i.company_id = s.company_id),
                h.opens_at, h.id, c.legal_name, NULL
            FROM {suggestions} s
            INNER JOIN {cohorts} h ON h.id = s.cohort_id
            INNER JOIN {companies} c ON c.id = s.company_id
            WHERE s.mentor_id = %s AND h.status = %s
            ORDER BY 1, 12 DESC, 13 DESC, 14, 15
        """.format(**names),  # noqa: S608
    }


def _startup(row, **extra) -> StartupOfMentor:
    """A startup from a row that starts with its cohort's id, names and slug, then its own id, names and slug."""
    cohort_id, cohort_name_en, cohort_name_ja, cohort_slug, company_id, legal_name, name_ja, slug = row[:8]
    return StartupOfMentor(
        cohort_id, cohort_name_en, cohort_name_ja, cohort_slug, company_id, legal_name, name_ja, slug, **extra
    )


def _session(row) -> SessionRow:
    pk, starts, ends, status, logged, name, email, legal_name, name_ja = row[:9]
    return SessionRow(pk, _moment(starts), _moment(ends), status, bool(logged), name or email, legal_name, name_ja)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MentorHome:
    is_paused: bool | None  # None: the user has no mentor profile
    upcoming: list[SessionRow]
    past: list[SessionRow]
    mentees: list[StartupOfMentor]
    shortlisted: list[StartupOfMentor]
    is_member: bool


def mentor_home(user: User, now: dt.datetime) -> MentorHome:
    """The user's booked sessions (upcoming, and the last twenty past), and for a mentor their
    startups and the shortlists naming them, in running cohorts; whether they belong to a company."""
    statements = _statements(connection.vendor)
    moment = connection.ops.adapt_datetimefield_value(now)
    booked = MentorSession.Status.BOOKED
    running = Cohort.Status.RUNNING
    mentees: list[StartupOfMentor] = []
    shortlisted: list[StartupOfMentor] = []
    with connection.cursor() as cursor:
        cursor.execute(statements["user"], [user.pk, user.pk, user.pk])
        is_paused, is_mentor, is_member = cursor.fetchone()
        cursor.execute(statements["sessions"], [moment, moment, booked, user.pk, user.pk])
        booked_rows = cursor.fetchall()
        if is_mentor:
            published = MentorAssignment.Status.PUBLISHED
            cursor.execute(statements["startups"], [user.pk, published, running, user.pk, running])
            for row in cursor.fetchall():
                if row[0] == 1:
                    mentees.append(_startup(row[1:], company_country=row[9]))
                else:
                    shortlisted.append(_startup(row[1:], interested=bool(row[10])))
    upcoming = [_session(row) for row in booked_rows if row[9]]
    # The last twenty ended, latest first.
    past = [_session(row) for row in reversed(booked_rows) if not row[9]]
    is_paused = bool(is_paused) if is_mentor else None
    return MentorHome(is_paused, upcoming, past, mentees, shortlisted, bool(is_member))
