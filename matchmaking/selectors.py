"""Reads for matchmaking, shaped so that query counts stay constant as lists grow."""

from functools import cache, lru_cache
from statistics import median
from typing import Any, cast

from django.db import connections, router
from django.db.models import Count, Max, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404

from accelerator.accounts.models import User
from accelerator.companies.models import CapabilityProfile, Company, Membership
from accelerator.statements import Compiled, instance, loader

from .filters import SuggestionFilter
from .models import InboxItem, Introduction, MatchRun, Suggestion


def suggestions() -> QuerySet[Suggestion]:
    return Suggestion.objects.select_related("company", "partner", "partner__profile").prefetch_related(
        "partner__profile__segments"
    )


def visible_suggestions(user: User) -> QuerySet[Suggestion]:
    """Current suggestions of the user's companies; staff see every company's."""
    current = suggestions().filter(is_active=True)
    if user.is_program_staff:
        return current
    return current.filter(company__memberships__user=user)


def suggestion_for(user: User, pk: int) -> Suggestion:
    """One suggestion the user may see, or 404."""
    return get_object_or_404(visible_suggestions(user), pk=pk)


def company_suggestions(company: Company) -> QuerySet[Suggestion]:
    """A company's current suggestions as its list shows them: the partner's name, country, kind
    and TRL beside each, without the wide text columns nobody on the list reads, and the status
    of the latest introduction between the two companies (`introduction_status`, None if none)."""
    connection = connections[router.db_for_read(Suggestion)]
    quote = connection.ops.quote_name
    # Written by hand: the ORM spent a millisecond building the same subquery on every view.
    # Table names from the models; the company's id is a parameter.
    latest_introduction = RawSQL(  # noqa: S611
        _LATEST_INTRODUCTION_SQL.format(
            introduction=quote(Introduction._meta.db_table), suggestion=quote(Suggestion._meta.db_table)
        ),
        [company.pk, company.pk],
    )
    return (
        Suggestion.objects.filter(company=company, is_active=True)
        .select_related("partner", "partner__profile")
        .only(*LIST_FIELDS)
        .annotate(introduction_status=latest_introduction)
    )


_LATEST_INTRODUCTION_SQL = (
    "SELECT introduction.status FROM {introduction} introduction"
    " WHERE (introduction.requester_id = %s AND introduction.recipient_id = {suggestion}.partner_id)"
    " OR (introduction.requester_id = {suggestion}.partner_id AND introduction.recipient_id = %s)"
    " ORDER BY introduction.created_at DESC, introduction.id DESC LIMIT 1"
)


def first_suggestions(company: Company, size: int) -> tuple[list[Suggestion], int]:
    """The first `size` suggestions the company's list shows unfiltered (company_suggestions()
    through an empty SuggestionFilter: by rank, the dismissed ones hidden) and how many there are.

    The matches page opens on this list on every view. Its statement is the ORM's for that
    queryset, compiled once per process and database for any company (the company's id is a
    parameter), and counts the list in the same query; each row becomes a suggestion with its
    partner and the partner's profile, loaded with the columns the list shows.
    """
    return suggestions_from_values(first_suggestion_values(company, size))


def first_suggestion_values(company: Company, size: int) -> list[tuple]:
    """The rows of first_suggestions() as the database gives them: plain values (JSON as text)."""
    connection = connections[router.db_for_read(Suggestion)]
    statement, params = _first_suggestions_statement(connection.alias, size)
    with connection.cursor() as cursor:
        cursor.execute(statement, [company.pk if param == _ANY_COMPANY else param for param in params])
        return cursor.fetchall()


def suggestions_from_values(rows: list[tuple]) -> tuple[list[Suggestion], int]:
    """The suggestions of first_suggestion_values() rows and how many the list holds."""
    db = router.db_for_read(Suggestion)
    load_suggestion = loader(Suggestion, db, _SUGGESTION_COLUMNS)
    load_partner = loader(Company, db, _PARTNER_COLUMNS)
    load_profile = loader(CapabilityProfile, db, ("company_id", "trl"))
    suggestions = []
    for row in rows:
        suggestion: Any = load_suggestion(row)  # with the latest introduction's status beside its columns
        partner = load_partner(row[_PARTNER_START - 1 : _PROFILE_START])
        if row[_PROFILE_START] is None:
            partner._state.fields_cache["profile"] = None  # as select_related leaves a company without one
        else:
            partner.profile = load_profile(row[_PROFILE_START : _PROFILE_START + 2])
        suggestion.partner = partner
        suggestion.introduction_status = row[_PROFILE_START + 2]
        suggestions.append(suggestion)
    return suggestions, rows[0][-1] if rows else 0


_ANY_COMPANY = 2147483647  # the company id the statement is compiled with, replaced by the listed company's
# The statement's columns: the suggestion's, then its partner's (from partner_id on), then the
# partner's profile's and the latest introduction's status; last the number of rows found.
_SUGGESTION_COLUMNS = ("id", "company_id", "status", "rank", "fit", "mutual", "reasons", "flags", "partner_id")
_PARTNER_COLUMNS = ("id", "legal_name", "name_ja", "country", "kind")
_PARTNER_START = len(_SUGGESTION_COLUMNS)
_PROFILE_START = _PARTNER_START + len(_PARTNER_COLUMNS) - 1
_FIRST_COLUMNS = (
    *_SUGGESTION_COLUMNS,
    *(f"partner__{column}" for column in _PARTNER_COLUMNS[1:]),
    "partner__profile__company_id",
    "partner__profile__trl",
    "introduction_status",
)


@cache
def _first_suggestions_statement(db: str, size: int) -> tuple[str, tuple]:
    listed = SuggestionFilter(None, queryset=company_suggestions(Company(pk=_ANY_COMPANY))).qs
    rows = listed.order_by("rank").values_list(*_FIRST_COLUMNS).annotate(found=Window(Count("*")))[:size]
    statement, params = rows.query.get_compiler(using=db).as_sql()
    return statement, tuple(params)


LIST_FIELDS = (
    "company_id",
    "partner_id",
    "rank",
    "fit",
    "mutual",
    "reasons",
    "flags",
    "status",
    "partner__legal_name",
    "partner__name_ja",
    "partner__country",
    "partner__kind",
    "partner__profile__company_id",
    "partner__profile__trl",
)


def user_companies(user: User) -> list[Company]:
    """The user's companies by name, each with `profile_is_empty` (see profile_is_empty()).

    The matches page reads them on every view: one hand-written statement, which also asks
    about each profile, instead of an ORM query and a second statement for the profile.
    """
    connection = connections[router.db_for_read(Company)]
    statement, columns = _user_companies_statement(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(statement, [user.pk])
        rows = cursor.fetchall()
    load = loader(Company, connection.alias, columns)
    companies = []
    for row in rows:
        company: Any = load(row)  # with whether its profile is empty beside its columns
        exists, has_terms, offers_text, needs_text = row[len(columns) :]
        company.profile_is_empty = _is_empty((has_terms, offers_text, needs_text) if exists else None)
        companies.append(company)
    return companies


@cache
def _user_companies_statement(db: str) -> tuple[str, tuple[str, ...]]:
    """The statement of user_companies() on `db`, and the company's columns it reads first (by attribute name)."""
    connection = connections[db]
    quote = connection.ops.quote_name
    fields = Company._meta.concrete_fields
    statement = _USER_COMPANIES_SQL.format(
        columns=", ".join(f"company.{quote(cast(str, field.column))}" for field in fields),
        terms=_profile_terms_sql(connection),
        company=quote(Company._meta.db_table),
        membership=quote(Membership._meta.db_table),
        profile=quote(CapabilityProfile._meta.db_table),
    )
    return statement, tuple(field.attname for field in fields)


_USER_COMPANIES_SQL = (
    "SELECT {columns}, profile.company_id IS NOT NULL AS profile_exists, ({terms}) AS profile_has_terms,"
    " profile.offers_text AS profile_offers_text, profile.needs_text AS profile_needs_text"
    " FROM {company} company INNER JOIN {membership} membership ON membership.company_id = company.id"
    " LEFT OUTER JOIN {profile} profile ON profile.company_id = company.id"
    " WHERE membership.user_id = %s ORDER BY company.legal_name"
)


def company_for_matches(user: User, slug: str | None, companies: list[Company]) -> Company | None:
    """The company whose matches the user looks at: theirs (the first of `companies`, the user's
    own, unless named); staff may name any."""
    if not slug:
        return companies[0] if companies else None
    own = next((company for company in companies if company.slug == slug), None)
    if own is not None:
        return own
    if user.is_program_staff:
        return get_object_or_404(Company.objects.all(), slug=slug)
    raise Http404


def profile_is_empty(company: Company) -> bool:
    """Whether the company's profile names nothing to match: no term ticked and no text written.

    The matches page asks on every view, so the statement is written once instead of being
    compiled by the ORM per request, and it asks whether any term exists rather than counting
    the rows of four joined lists.
    """
    known = getattr(company, "profile_is_empty", None)
    if known is not None:
        return known
    connection = connections[router.db_for_read(CapabilityProfile)]
    table = connection.ops.quote_name(CapabilityProfile._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_PROFILE_SQL.format(terms=_profile_terms_sql(connection), table=table), [company.pk])
        return _is_empty(cursor.fetchone())


def _profile_terms_sql(connection) -> str:
    """Whether the profile named `profile` in the statement has any term ticked."""
    quote = connection.ops.quote_name
    return " OR ".join(
        _ANY_TERM_SQL.format(table=quote(field.m2m_db_table()), column=quote(field.m2m_column_name()))
        for field in (getattr(CapabilityProfile, name).field for name in _PROFILE_TERMS)
    )


def _is_empty(row: tuple[bool, str, str] | None) -> bool:
    if row is None:
        return True
    has_terms, offers_text, needs_text = row
    return not has_terms and not offers_text.strip() and not needs_text.strip()


_PROFILE_TERMS = ("offers", "needs", "segments", "technology_areas")
_ANY_TERM_SQL = "EXISTS (SELECT 1 FROM {table} WHERE {column} = profile.company_id)"
_PROFILE_SQL = (
    "SELECT ({terms}), profile.offers_text, profile.needs_text FROM {table} profile WHERE profile.company_id = %s"
)


def introductions_by_partner(company: Company) -> dict[int, Introduction]:
    """The latest introduction with each other company, keyed by that company's id."""
    latest = {}
    for introduction in Introduction.objects.filter(Q(requester=company) | Q(recipient=company)).order_by("created_at"):
        other = introduction.recipient_id if introduction.requester_id == company.pk else introduction.requester_id
        latest[other] = introduction
    return latest


def visible_introductions(user: User) -> QuerySet[Introduction]:
    introductions = Introduction.objects.select_related("requester", "recipient", "requested_by", "responded_by")
    if user.is_program_staff:
        return introductions
    companies = Membership.objects.filter(user=user).values("company_id")
    return introductions.filter(Q(requester_id__in=companies) | Q(recipient_id__in=companies))


# What the list shows of an introduction: the two companies' names, the status and the times.
INTRODUCTION_ROW_FIELDS = (
    "id",
    "requester_id",
    "recipient_id",
    "status",
    "created_at",
    "responded_at",
    "requester__legal_name",
    "requester__name_ja",
    "recipient__legal_name",
    "recipient__name_ja",
)


def introduction_rows(introductions: QuerySet[Introduction]) -> QuerySet[Introduction]:
    """Introductions as the list shows them (INTRODUCTION_ROW_FIELDS)."""
    return introductions.select_related(None).select_related("requester", "recipient").only(*INTRODUCTION_ROW_FIELDS)


_ANY_USER = -2_147_483_617  # the reader the statement is compiled with, replaced by the listed one's


@lru_cache(maxsize=8)
def _first_introductions_statement(alias: str, program_staff: bool, size: int) -> Compiled:
    reader = User(pk=_ANY_USER, is_superuser=program_staff)
    listed = introduction_rows(visible_introductions(reader)).using(alias).values_list(*INTRODUCTION_ROW_FIELDS)
    return Compiled(listed[:size]) if program_staff else Compiled(listed[:size], user=_ANY_USER)


def first_introduction_values(user: User, size: int) -> list[tuple]:
    """The first `size` rows of introduction_rows(visible_introductions(user)), newest first, as
    plain values (INTRODUCTION_ROW_FIELDS): the statement is the ORM's, compiled once per
    process for program staff and for everyone else, the reader filled in on each view."""
    program_staff = user.is_program_staff
    statement = _first_introductions_statement(router.db_for_read(Introduction), program_staff, size)
    return statement.rows() if program_staff else statement.rows(user=user.pk)


def introductions_from_values(rows: list[tuple]) -> list[Introduction]:
    """The introductions of first_introduction_values() rows, with their two companies' names."""
    db = router.db_for_read(Introduction)
    introductions = []
    for pk, requester_id, recipient_id, status, created_at, responded_at, *names in rows:
        introduction = instance(
            Introduction,
            db,
            id=pk,
            requester_id=requester_id,
            recipient_id=recipient_id,
            status=status,
            created_at=created_at,
            responded_at=responded_at,
        )
        introduction.requester = instance(Company, db, id=requester_id, legal_name=names[0], name_ja=names[1])
        introduction.recipient = instance(Company, db, id=recipient_id, legal_name=names[2], name_ja=names[3])
        introductions.append(introduction)
    return introductions


def introduction_stats(introductions) -> dict:
    """Answer rates and time to respond: the negotiation friction, measured."""
    rows = list(introductions.values_list("status", "created_at", "responded_at"))
    hours = [(responded - created).total_seconds() / 3600 for _status, created, responded in rows if responded]
    counts = dict.fromkeys(Introduction.Status.values, 0)
    for status, _created, _responded in rows:
        counts[status] += 1
    answered = counts["accepted"] + counts["declined"]
    return {
        "total": len(rows),
        "counts": counts,
        "acceptance_rate": round(100 * counts["accepted"] / answered) if answered else None,
        "median_hours": round(median(hours), 1) if hours else None,
        "max_hours": round(max(hours), 1) if hours else None,
    }


def inbox(user: User) -> QuerySet[InboxItem]:
    """The person's own items, newest first; other apps' subjects come in one query per kind of subject."""
    return (
        InboxItem.objects.filter(user=user)
        .select_related(
            "suggestion__company", "suggestion__partner", "introduction__requester", "introduction__recipient"
        )
        .prefetch_related("subject")
    )


def unread_count(user: User) -> int:
    """Unread items of every kind: suggestions, introductions and other apps' news such as procurement alerts.

    Every signed-in page shows this count in its navigation, so the statement is written
    once instead of being compiled by the ORM per request (a quarter of a millisecond);
    it is the same `COUNT(*)` the queryset `.count()` ran, on the same index.
    """
    connection = connections[router.db_for_read(InboxItem)]
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_COUNT_SQL.format(table=connection.ops.quote_name(InboxItem._meta.db_table)), [user.pk])
        return cursor.fetchone()[0]


_UNREAD_COUNT_SQL = "SELECT COUNT(*) FROM {table} WHERE user_id = %s AND read_at IS NULL"


def runs() -> QuerySet[MatchRun]:
    return MatchRun.objects.select_related("company", "triggered_by")


_RUN_COLUMNS = (
    "id", "kind", "status", "error", "chunks_total", "chunks_done", "companies_count", "suggestions_count",
    "new_suggestions_count", "created_at", "started_at", "finished_at", "company_id", "triggered_by_id",
)  # fmt: skip
RUN_ROW_FIELDS = (
    *_RUN_COLUMNS,
    "company__legal_name",
    "company__name_ja",
    "triggered_by__display_name",
    "triggered_by__email",
)


@lru_cache(maxsize=8)
def _first_runs_statement(alias: str, size: int) -> Compiled:
    return Compiled(runs().using(alias).values_list(*RUN_ROW_FIELDS)[:size])


def first_run_values(size: int) -> list[tuple]:
    """The `size` newest rows of runs() as plain values (RUN_ROW_FIELDS), read with the ORM's
    statement compiled once per process."""
    return _first_runs_statement(router.db_for_read(MatchRun), size).rows()


def runs_from_values(rows: list[tuple]) -> list[MatchRun]:
    """The runs of first_run_values() rows, with the company and the person who started each."""
    db = router.db_for_read(MatchRun)
    listed = []
    for row in rows:
        run = instance(MatchRun, db, **dict(zip(_RUN_COLUMNS, row, strict=False)))
        legal_name, name_ja, display_name, email = row[len(_RUN_COLUMNS) :]
        run.company = (
            None
            if run.company_id is None
            else instance(Company, db, id=run.company_id, legal_name=legal_name, name_ja=name_ja)
        )
        run.triggered_by = (
            None
            if run.triggered_by_id is None
            else instance(User, db, id=run.triggered_by_id, display_name=display_name, email=email)
        )
        listed.append(run)
    return listed


def full_run_is_current() -> bool:
    """Whether the last finished full run started after every company and profile it matched
    was last changed (and saw as many companies as there are now)."""
    run = (
        MatchRun.objects.filter(kind=MatchRun.Kind.FULL, status=MatchRun.Status.SUCCEEDED)
        .order_by("-started_at")
        .first()
    )
    if run is None or run.started_at is None:
        return False
    companies = Company.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    profiles = CapabilityProfile.objects.aggregate(changed=Max("updated_at"))
    changes = [moment for moment in (companies["changed"], profiles["changed"]) if moment]
    return run.companies_count == companies["count"] and all(moment < run.started_at for moment in changes)
