"""Every mentor profile as the staff list of mentors shows it, read with one statement.

Compiled by the ORM, the profiles and their prefetched expertise took two queries and most
of the page; the statement here is written once and its rows are plain values.
"""

from dataclasses import dataclass, field
from functools import cache

from django.db import connection

from accelerator.accounts.models import User
from accelerator.companies.models import _in_japanese

from ..models import FunctionalExpertise, MentorProfile, Side

_SIDE_OF_COUNTRY = {"US": Side.US, "JP": Side.JAPAN}


@dataclass
class ListedMentor:
    pk: int
    name: str
    time_zone: str
    country: str
    english: str
    japanese: str
    capacity: int
    is_paused: bool
    # (English, Japanese) names of the mentor's functional expertise, in the vocabulary's order.
    expertise: list[tuple[str, str]] = field(default_factory=list)

    @property
    def side(self) -> str:
        return _SIDE_OF_COUNTRY.get(self.country, Side.OTHER)

    def expertise_names(self) -> list[str]:
        japanese = _in_japanese()
        return [name_ja if japanese and name_ja else name_en for name_en, name_ja in self.expertise]


@cache
def _statement(vendor: str) -> str:
    quote = connection.ops.quote_name
    through = MentorProfile.functional_expertise.through
    expertise_field = MentorProfile.functional_expertise.field
    names = {
        "profiles": quote(MentorProfile._meta.db_table),
        "users": quote(User._meta.db_table),
        "through": quote(through._meta.db_table),
        "profile_column": quote(expertise_field.m2m_column_name()),
        "expertise_column": quote(expertise_field.m2m_reverse_name()),
        "expertise": quote(FunctionalExpertise._meta.db_table),
    }
    return """
        SELECT p.user_id, u.display_name, u.email, p.time_zone, p.country, p.english, p.japanese, p.capacity,
            p.is_paused, e.name_en, e.name_ja
        FROM {profiles} p
        INNER JOIN {users} u ON u.id = p.user_id
        LEFT OUTER JOIN {through} t ON t.{profile_column} = p.user_id
        LEFT OUTER JOIN {expertise} e ON e.id = t.{expertise_column}
        ORDER BY u.display_name ASC, p.user_id ASC, e.position ASC, e.code ASC
    """.format(**names)  # noqa: S608 (quoted table names only)


def listed_mentor_values() -> tuple[tuple, ...]:
    """The rows of every mentor profile by name, with the names of their functional expertise:
    plain values, equal when the staff list of mentors shows the same."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor))
        return tuple(cursor.fetchall())


def mentors_from_values(rows: tuple[tuple, ...]) -> list[ListedMentor]:
    """The mentors of listed_mentor_values(), each with the names of their functional expertise."""
    mentors: dict[int, ListedMentor] = {}
    for pk, display_name, email, time_zone, country, english, japanese, capacity, paused, name_en, name_ja in rows:
        mentor = mentors.get(pk)
        if mentor is None:
            mentor = mentors[pk] = ListedMentor(
                pk, display_name or email, time_zone, country, english, japanese, capacity, bool(paused)
            )
        if name_en is not None:
            mentor.expertise.append((name_en, name_ja))
    return list(mentors.values())
