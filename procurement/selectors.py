"""Reads of procurement data, with the figures pages, the API and emails share."""

import datetime as dt
import difflib
import json
import math
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection, connections, router
from django.db.models import (
    Exists,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.base import DEFERRED
from django.db.models.functions import Cast, JSONArray
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country

from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.permissions import is_program_staff
from accelerator.statements import Compiled, converted, instance, loader

from . import permissions
from .models import (
    MARKER_FIELDS,
    Alert,
    Award,
    AwardSupplier,
    BidTeam,
    Classification,
    ExportAuthorisation,
    ImportRun,
    Opportunity,
    OpportunityVersion,
    Registration,
    SavedOpportunity,
    TeamMember,
    TeamTask,
)

LIST_FIELDS = (
    "pk",
    "source",
    "source_id",
    "ocid",
    "country",
    "buyer_name",
    "language",
    "title",
    "title_translation",
    "status",
    "deadline",
    "posted_at",
    "value_amount",
    "value_currency",
    "set_aside",
    "set_aside_code",
    "itar",
    "ear",
    "us_persons_only",
    "controlled_documents",
    "bids_open_at",
    "tenders_opened_at",
    "notice_type",
)


COUNT_LIMIT = 1000


class OpportunityPaginator(Paginator):
    """Counts matches up to COUNT_LIMIT only: a broad filter over the whole feed stops counting
    there instead of reading every row on each page view, and pages past the limit are not offered.
    """

    @cached_property
    def _matches(self) -> int:
        # Without the page's ordering: counting needs no sort, and PostgreSQL is then free to
        # answer from the search and filter indexes instead of walking the deadline index.
        matches: QuerySet = self.object_list.order_by().values("pk")[: COUNT_LIMIT + 1]  # type: ignore[attr-defined]
        return matches.count()

    @property
    def matches_beyond_limit(self) -> bool:
        return self._matches > COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return min(self._matches, COUNT_LIMIT)

    def first_page(self) -> Page:
        """The first page. Shorter than a page, it holds every match: its length is the count,
        and the matches are not counted by a query of their own."""
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self._matches = len(rows)
        return Page(rows, 1, self)


def opportunity_list(queryset: QuerySet[Opportunity], *, saved_by: User | None = None) -> QuerySet[Opportunity]:
    """The rows a list shows, with their classifications (one more query per page).

    With `saved_by`, each row also says whether that person saved it (`is_saved`).
    """
    rows = queryset.only(*LIST_FIELDS).prefetch_related("classifications")
    if saved_by is not None:
        rows = rows.annotate(
            is_saved=Exists(SavedOpportunity.objects.filter(user=saved_by.pk, opportunity=OuterRef("pk")))
        )
    return rows


# What an opportunity card shows (cards.py).
CARD_FIELDS = (
    "pk",
    "source",
    "country",
    "buyer_name",
    "language",
    "title",
    "title_translation",
    "status",
    "deadline",
    "tenders_opened_at",
    "value_amount",
    "value_currency",
    "set_aside",
    *MARKER_FIELDS.values(),
)


def card_rows(queryset: QuerySet[Opportunity], *, saved_by: User | None = None) -> QuerySet[Opportunity]:
    """The rows opportunity cards show, read with their classification codes in one query.

    Each row's `codes` is the comma-separated [primary, scheme, code, label] JSON arrays of its
    classifications, in no order (SQLite orders no aggregate): `codes_of()` reads them. With
    `saved_by`, each row also says whether that person saved it (`is_saved`).
    """
    rows = queryset.only(*CARD_FIELDS).annotate(codes=_codes_of_row())
    if saved_by is not None:
        rows = rows.annotate(
            is_saved=Exists(SavedOpportunity.objects.filter(user=saved_by.pk, opportunity=OuterRef("pk")))
        )
    return rows


def codes_of(codes_column: str | None) -> list[tuple[str, str, str]]:
    """(scheme, code, label) of card_rows()' `codes` column, the main classification first."""
    if not codes_column:
        return []
    codes = json.loads(f"[{codes_column}]")
    codes.sort(key=lambda code: (not code[0], code[1], code[2]))
    return [(scheme, code, label) for _primary, scheme, code, label in codes]


@cache
def _codes_of_row() -> Subquery:
    # Built once: resolving it into a query copies it, and building it took as long as the rest.
    return Subquery(
        Classification.objects.filter(opportunity=OuterRef("pk"))
        .order_by()
        .values("opportunity")
        .annotate(
            codes=StringAgg(Cast(JSONArray("primary", "scheme", "code", "label"), TextField()), delimiter=Value(","))
        )
        .values("codes")
    )


def opportunity_detail(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return queryset.prefetch_related(
        "classifications",
        Prefetch(
            "awards",
            queryset=Award.objects.prefetch_related(
                Prefetch("suppliers", queryset=AwardSupplier.objects.order_by("pk"))
            ),
        ),
    )


def days_left(deadline: dt.datetime | None, *, now: dt.datetime | None = None) -> int | None:
    """Whole days until the deadline, rounded up (0 on its last day); None when passed or absent."""
    if deadline is None:
        return None
    remaining = (deadline - (now or timezone.now())).total_seconds()
    if remaining < 0:
        return None
    return math.floor(remaining / 86400)


def saved_opportunity_ids(user: User, opportunities) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        SavedOpportunity.objects.filter(user=user, opportunity__in=[o.pk for o in opportunities]).values_list(
            "opportunity_id", flat=True
        )
    )


def saved_opportunities(user: User) -> QuerySet[Opportunity]:
    return card_rows(Opportunity.objects.filter(saved_by__user=user)).order_by("deadline", "pk")


# The statements of the notices each recent reader saved, as saved_opportunities() compiles them:
# compiling the query took longer than the database took to answer it.
_saved_statements: OrderedDict[tuple, tuple[str, tuple]] = OrderedDict()


def saved_opportunity_rows(user: User) -> list[Opportunity]:
    """saved_opportunities(user), read with its statement compiled once per process for each reader."""
    db = router.db_for_read(Opportunity)
    key = (db, user.pk)
    found = _saved_statements.get(key)
    if found is None:
        found = _saved_statements[key] = saved_opportunities(user).query.get_compiler(using=db).as_sql()
        while len(_saved_statements) > KEPT_READERS:
            _saved_statements.popitem(last=False)
    else:
        _saved_statements.move_to_end(key)
    return list(Opportunity.objects.db_manager(db).raw(*found))


def unread_alert_count(user: User) -> int:
    return Alert.objects.filter(user=user, read_at__isnull=True).count() if user.is_authenticated else 0


def alerts(user: User) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user).select_related("opportunity", "saved_search")


# Version history --------------------------------------------------------------------------

FIELD_LABELS = {
    "title": lambda: _("Title"),
    "description": lambda: _("Description"),
    "deadline": lambda: _("Deadline"),
    "deadline_as_published": lambda: _("Deadline as published"),
    "status": lambda: _("Status"),
    "value_amount": lambda: _("Value"),
    "value_currency": lambda: _("Currency"),
    "procurement_method": lambda: _("Procurement method"),
    "procurement_method_details": lambda: _("Procurement method as published"),
    "set_aside": lambda: _("Set-aside"),
    "buyer_name": lambda: _("Buyer"),
    "place_of_performance": lambda: _("Place of performance"),
    "documents": lambda: _("Documents and links"),
    "contacts": lambda: _("Contacts"),
    "classifications": lambda: _("Classifications"),
    "awards": lambda: _("Awards"),
    "posted_at": lambda: _("Posted"),
    "bids_open_at": lambda: _("Bids accepted from"),
    "tenders_opened_at": lambda: _("Opening of tenders"),
    "eligibility": lambda: _("Eligibility notes"),
    "treaties": lambda: _("Treaty coverage"),
    "itar": lambda: _("ITAR wording"),
    "ear": lambda: _("EAR wording"),
    "us_persons_only": lambda: _("U.S. persons only"),
    "controlled_documents": lambda: _("Export-controlled attachments"),
    "reference": lambda: _("Solicitation number"),
    "notice_type": lambda: _("Notice type as published"),
}
LONG_TEXT = {"title", "description"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    words: list[tuple[str, str]] | None = None  # ("equal" | "delete" | "insert", text) for long text


@dataclass
class VersionEntry:
    version: OpportunityVersion
    changes: list[FieldChange]


def _shown(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(_shown_item(item) for item in value)
    return str(value)


def _shown_item(item) -> str:
    if isinstance(item, dict):
        if "code" in item:
            return " ".join(filter(None, (item.get("scheme"), item.get("code"), item.get("label"))))
        if "award_id" in item:
            suppliers = ", ".join(s.get("name", "") for s in item.get("suppliers", []))
            amount = f"{item.get('value_amount') or ''} {item.get('value_currency') or ''}".strip()
            return " ".join(filter(None, (item["award_id"], amount, suppliers)))
        return " ".join(str(v) for v in item.values() if v)
    return str(item)


def _word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Words that stayed, went and came; Japanese, written without spaces, is compared by character."""
    spaced = " " in before.strip() or " " in after.strip()
    old, new = (before.split(), after.split()) if spaced else (list(before), list(after))
    glue = " " if spaced else ""
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", glue.join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", glue.join(old[i1:i2])))
        if j2 > j1:
            segments.append(("insert", glue.join(new[j1:j2])))
    return segments


def version_history(opportunity: Opportunity) -> list[VersionEntry]:
    """Each version, newest first, with what changed from the one before it."""
    versions = list(OpportunityVersion.objects.filter(opportunity=opportunity).order_by("number"))
    entries = []
    previous = None
    for version in versions:
        changes: list[FieldChange] = []
        if previous is not None:
            for field, label in FIELD_LABELS.items():
                before, after = previous.snapshot.get(field), version.snapshot.get(field)
                if before == after:
                    continue
                change = FieldChange(str(label()), _shown(before), _shown(after))
                if field in LONG_TEXT and isinstance(before, str) and isinstance(after, str) and before and after:
                    change.words = _word_diff(before, after)
                changes.append(change)
        entries.append(VersionEntry(version, changes))
        previous = version
    entries.reverse()
    return entries


# Bid teams ------------------------------------------------------------------------------------


def team_members() -> Prefetch:
    """Members with everything the checklist and the gate read, in a constant number of queries."""
    return Prefetch(
        "members",
        queryset=TeamMember.objects.select_related("company", "company__profile")
        .prefetch_related(
            Prefetch("company__procurement_registrations", queryset=Registration.objects.order_by("kind")),
            Prefetch("authorisations", queryset=ExportAuthorisation.objects.order_by("requested_on", "pk")),
            "company__profile__standards",
        )
        .order_by("pk"),
    )


# A notice's long texts and source data, which a list of teams never shows or checks.
NOTICE_TEXTS = (
    "description",
    "description_translation",
    "documents",
    "contacts",
    "raw",
    "search_text",
    "search_vector",
    "capability_tags",
    "record_digests",
)


def team_list(queryset: QuerySet[BidTeam]) -> QuerySet[BidTeam]:
    """Teams with their opportunity and members (checks and gate computable without more queries)."""
    return queryset.select_related("opportunity", "lead_company").prefetch_related(team_members())


# Each team's members, oldest first, as one JSON array: the member, whether its company is the
# reader's, its company and profile's export-control answers, its company's registrations and
# its licences and TAAs. One column of
# the teams' own query, so a list's checklists and gates cost no query per team or relation.
MEMBERS_JSON = """
SELECT COALESCE(JSONB_AGG(JSONB_BUILD_OBJECT(
    'id', m.id, 'company_id', m.company_id, 'role', m.role, 'share', m.share::text, 'status', m.status,
    'legal_name', c.legal_name, 'name_ja', c.name_ja, 'country', c.country, 'size_band', c.size_band,
    'invited_at', m.invited_at,
    'readers', EXISTS (SELECT 1 FROM companies_membership u WHERE u.company_id = m.company_id AND u.user_id = %s),
    'profile', p.company_id IS NOT NULL, 'itar_registered', p.itar_registered,
    'has_technology_control_plan', p.has_technology_control_plan,
    'registrations', (
        SELECT COALESCE(JSONB_AGG(JSONB_BUILD_OBJECT(
            'id', r.id, 'kind', r.kind, 'identifier', r.identifier, 'grade', r.grade,
            'valid_from', r.valid_from, 'expires_on', r.expires_on, 'evidence', r.evidence
        ) ORDER BY r.kind, r.id), '[]')
        FROM procurement_registration r WHERE r.company_id = m.company_id
    ),
    'authorisations', (
        SELECT COALESCE(JSONB_AGG(JSONB_BUILD_OBJECT(
            'id', a.id, 'team_id', a.team_id, 'kind', a.kind, 'reference', a.reference,
            'requested_on', a.requested_on, 'decision', a.decision, 'decided_on', a.decided_on,
            'expires_on', a.expires_on
        ) ORDER BY a.requested_on, a.id), '[]')
        FROM procurement_exportauthorisation a WHERE a.member_id = m.id
    )
) ORDER BY m.id), '[]')::text
FROM procurement_teammember m
JOIN companies_company c ON c.id = m.company_id
LEFT JOIN companies_capabilityprofile p ON p.company_id = m.company_id
WHERE m.team_id = procurement_bidteam.id
"""


# What a team's row, checklist and gate read of its notice, and the names of the company that
# formed the team, as one JSON object.
NOTICE_JSON = """
SELECT JSONB_BUILD_OBJECT(
    'notice', JSONB_BUILD_OBJECT(
        'id', o.id, 'title', o.title, 'title_translation', o.title_translation, 'language', o.language,
        'buyer_name', o.buyer_name, 'country', o.country, 'source', o.source, 'set_aside', o.set_aside,
        'set_aside_code', o.set_aside_code, 'eligibility', o.eligibility, 'itar', o.itar, 'ear', o.ear,
        'us_persons_only', o.us_persons_only, 'controlled_documents', o.controlled_documents,
        'export_evidence', o.export_evidence
    ),
    'lead_company', JSONB_BUILD_OBJECT('id', l.id, 'legal_name', l.legal_name, 'name_ja', l.name_ja)
)::text
FROM procurement_opportunity o, companies_company l
WHERE o.id = procurement_bidteam.opportunity_id AND l.id = procurement_bidteam.lead_company_id
"""


# The newest teams first.
TEAM_ORDER = ("-created_at", "-pk")

# The list's teams, newest first, with their notice and lead company (NOTICE_JSON) and members
# (MEMBERS_JSON); which teams is the permissions' statement of what the reader sees, compiled
# into it on every view. Written once: the ORM built and compiled the rest on every view. The
# columns are what the list shows of a team and what its checklist and gate read.
TEAM_ROW_COLUMNS = ("id", "opportunity_id", "name", "structure", "stage", "lead_company_id", "third_country_reason")
_TEAM_ROWS_HEAD = "\n".join(
    (
        f"SELECT {', '.join(f'procurement_bidteam.{column}' for column in TEAM_ROW_COLUMNS)},",
        f"    ({NOTICE_JSON}) AS notice_json, ({MEMBERS_JSON}) AS members_json",
        "FROM procurement_bidteam",
        "WHERE procurement_bidteam.id IN (",
    )
)
_TEAM_ROWS_TAIL = """)
ORDER BY procurement_bidteam.created_at DESC, procurement_bidteam.id DESC
LIMIT %s
"""


def team_rows(reader: User, limit: int) -> list[BidTeam]:
    """The `limit` newest teams `reader` sees with what their row, checklist and gate read, in one query.

    Each team's members come with what `team_list()` gives them (companies, profiles, registrations,
    licences and TAAs); each member also says whether its company is one of `reader`'s. On
    PostgreSQL the members and their companies are plain rows with the attributes the list, its
    checklist and its gate read, not model instances.
    """
    values = team_row_values(reader, limit)
    if values is None:
        return list(
            team_list(permissions.visible_teams(reader).order_by(*TEAM_ORDER))
            .select_related("lead_company")
            .defer(*(f"opportunity__{name}" for name in NOTICE_TEXTS))[:limit]
        )
    return teams_from_values(values)


def team_row_values(reader: User, limit: int) -> list[tuple] | None:
    """On PostgreSQL, the rows of team_rows() as the database gives them: each team's columns, then
    its notice and lead company and its members as JSON text (plain, hashable values). None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    visible = visible_teams_statement(reader)
    if visible is None:
        return []
    visible_sql, visible_params = visible
    with connections[router.db_for_read(BidTeam)].cursor() as cursor:
        cursor.execute(_TEAM_ROWS_HEAD + visible_sql + _TEAM_ROWS_TAIL, (reader.pk, *visible_params, limit))
        return cursor.fetchall()


def teams_from_values(values: list[tuple]) -> list[BidTeam]:
    """The teams of team_row_values() rows, with their notice, lead company and members."""
    db = router.db_for_read(BidTeam)
    load = loader(BidTeam, db, TEAM_ROW_COLUMNS)
    teams = []
    for *columns, notice_json, members_json in values:
        team = load(columns)
        team.members_json = members_json  # type: ignore[attr-defined]
        related = json.loads(notice_json)
        BidTeam.opportunity.field.set_cached_value(team, _read(Opportunity, db, **related["notice"]))
        BidTeam.lead_company.field.set_cached_value(team, _read(Company, db, **related["lead_company"]))
        _hold(team, "members", [_member(team, row) for row in json.loads(members_json)])
        teams.append(team)
    return teams


# The statements of the teams each recent reader sees, as permissions.visible_teams() compiles
# them: the statement depends on nothing but who the reader is and whether they are program
# staff (which teams that lets them see is read when it runs), and compiling it took longer
# than the database took to answer the list.
_visible_statements: OrderedDict[tuple, tuple[str, tuple] | None] = OrderedDict()
KEPT_READERS = 1024


def visible_teams_statement(reader: User) -> tuple[str, tuple] | None:
    """The statement selecting the ids of permissions.visible_teams(reader), and its values (None:
    no team), compiled once per process for each reader and role."""
    key = (reader.pk, reader.is_authenticated, is_program_staff(reader))
    if key in _visible_statements:
        _visible_statements.move_to_end(key)
        return _visible_statements[key]
    try:
        found = permissions.visible_teams(reader).order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        found = None
    _visible_statements[key] = found
    while len(_visible_statements) > KEPT_READERS:
        _visible_statements.popitem(last=False)
    return found


def team_list_invitations(user: User, teams: list[BidTeam], limit: int) -> list[TeamMember]:
    """pending_invitations() of `user`, read from the members of `teams` (the first `limit` of their teams).

    A company invited to a team sees it, so every invitation of `user`'s companies is on one of
    their teams; unless the list was cut at `limit`, the teams already hold them all.
    """
    if len(teams) >= limit or not all(hasattr(team, "members_json") for team in teams):
        return list(pending_invitations(user))
    invitations = [
        member
        for team in teams
        for member in team.members.all()
        if member.status == TeamMember.Status.INVITED and member.of_reader  # type: ignore[attr-defined]
    ]
    invitations.sort(key=lambda member: member.invited_at, reverse=True)
    return invitations


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _hold(instance: Model, name: str, objects: list) -> None:
    """Keeps `objects` as what `instance.<name>.all()` returns, the way prefetch_related leaves them."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    instance._prefetched_objects_cache[name] = queryset  # type: ignore[attr-defined]


def _read[M: Model](model: type[M], db: str, **values) -> M:
    """An instance of `model` as a query reading only `values`' fields leaves it (any other loads on access)."""
    attnames = _attnames(model)
    if not values.keys() <= attnames.keys():
        raise TypeError(f"{model.__name__} has no field {', '.join(values.keys() - attnames.keys())}")
    return model.from_db(db, list(attnames), [values.get(name, DEFERRED) for name in attnames])


@cache
def _attnames(model: type[Model]) -> dict[str, None]:
    """The model's columns in the order its constructor takes them."""
    return dict.fromkeys(field.attname for field in model._meta.concrete_fields)


class _Held(list):
    """A row's related objects, answering all() as the related manager would after prefetching them."""

    def all(self) -> "_Held":
        return self


class _ListProfile:
    """What the gate reads of a member company's capability profile."""

    __slots__ = ("has_technology_control_plan", "itar_registered")

    def __init__(self, itar_registered: bool, has_technology_control_plan: bool):
        self.itar_registered = itar_registered
        self.has_technology_control_plan = has_technology_control_plan


class _ListCompany:
    """What a team list's row, checklist and gate read of a member's company."""

    __slots__ = ("country", "id", "legal_name", "name_ja", "pk", "procurement_registrations", "profile", "size_band")
    display_name = Company.display_name
    __str__ = Company.__str__

    def __init__(self, row: dict):
        self.pk = self.id = row["company_id"]
        self.legal_name = row["legal_name"]
        self.name_ja = row["name_ja"]
        self.country = _country(row["country"])
        self.size_band = row["size_band"]
        self.profile = (
            _ListProfile(row["itar_registered"], row["has_technology_control_plan"]) if row["profile"] else None
        )
        self.procurement_registrations = _Held()

    def get_size_band_display(self) -> str:
        return str(_size_band_labels().get(self.size_band, self.size_band))


class _ListMember:
    """A member as a team list reads it: its role, share and status, company, licences and TAAs."""

    __slots__ = (
        "authorisations",
        "company",
        "company_id",
        "id",
        "invited_at",
        "of_reader",
        "pk",
        "role",
        "share",
        "status",
        "team",
        "team_id",
    )

    def __init__(self, team: BidTeam, company: "_ListCompany", row: dict):
        self.pk = self.id = row["id"]
        self.team = team
        self.team_id = team.pk
        self.company = company
        self.company_id = company.pk
        self.role = row["role"]
        self.share = Decimal(row["share"])
        self.status = row["status"]
        self.invited_at = dt.datetime.fromisoformat(row["invited_at"])
        self.of_reader = row["readers"]
        self.authorisations = _Held()


@cache
def _size_band_labels() -> dict:
    return dict(Company._meta.get_field("size_band").flatchoices)


def _country(code: str) -> Country:
    """The country as the company's own field gives it."""
    return Company.country.country(code)  # type: ignore[attr-defined]


def _member(team: BidTeam, row: dict) -> TeamMember:
    db = team._state.db or "default"
    company = _ListCompany(row)
    registrations = company.procurement_registrations
    for fields in row["registrations"]:
        registration = _read(
            Registration,
            db,
            id=fields["id"],
            company_id=company.pk,
            kind=fields["kind"],
            identifier=fields["identifier"],
            grade=fields["grade"],
            valid_from=_date(fields["valid_from"]),
            expires_on=_date(fields["expires_on"]),
            evidence=fields["evidence"],
        )
        registrations.append(registration)
    member = _ListMember(team, company, row)
    for fields in row["authorisations"]:
        member.authorisations.append(
            _read(
                ExportAuthorisation,
                db,
                id=fields["id"],
                team_id=fields["team_id"],
                member_id=member.pk,
                kind=fields["kind"],
                reference=fields["reference"],
                requested_on=dt.date.fromisoformat(fields["requested_on"]),
                decision=fields["decision"],
                decided_on=_date(fields["decided_on"]),
                expires_on=_date(fields["expires_on"]),
            )
        )
    return member  # type: ignore[return-value]


def team_detail(queryset: QuerySet[BidTeam]) -> QuerySet[BidTeam]:
    return team_list(queryset).prefetch_related(
        Prefetch("authorisations", queryset=ExportAuthorisation.objects.select_related("member__company")),
    )


def team_tasks(team: BidTeam) -> QuerySet[TeamTask]:
    """The bid room's tasks, open ones first, each with its evidence documents."""
    return team.tasks.select_related("owner").prefetch_related("evidence").order_by("done_at", "due_at", "pk")


def pending_invitations(user: User) -> QuerySet[TeamMember]:
    """Invitations waiting for an answer from a company `user` belongs to."""
    if not user.is_authenticated:
        return TeamMember.objects.none()
    return (
        TeamMember.objects.filter(status=TeamMember.Status.INVITED, company__memberships__user=user)
        .select_related("team__opportunity", "team__lead_company", "company")
        .order_by("-invited_at")
    )


# What the imports page shows of a run: its counts and state, not its stored file or skipped records.
RUN_FIELDS = ("pk", "source", "file_name", "state", "created", "updated", "unchanged", "skipped", "created_at")


def recent_runs(limit: int) -> QuerySet[ImportRun]:
    return ImportRun.objects.only(*RUN_FIELDS)[:limit]


_RUN_COLUMNS = ("id", *RUN_FIELDS[1:])


@cache
def _recent_runs_statement(alias: str, limit: int) -> Compiled:
    return Compiled(ImportRun.objects.using(alias).values_list(*_RUN_COLUMNS)[:limit])


def recent_run_values(limit: int) -> list[tuple]:
    """The rows of recent_runs(limit) as plain values, read with the ORM's statement compiled once per process."""
    return _recent_runs_statement(router.db_for_read(ImportRun), limit).rows()


def runs_from_values(rows: list[tuple]) -> list[ImportRun]:
    """The runs of recent_run_values() rows, with the columns the imports page shows."""
    db = router.db_for_read(ImportRun)
    return [instance(ImportRun, db, **dict(zip(_RUN_COLUMNS, row, strict=True))) for row in rows]


@cache
def _last_runs_sql(fetchers: int) -> str:
    """The newest run of each of `fetchers` fetchers named, with the columns the imports page shows.

    Written by hand: the ORM compiled its window and the filter on it anew on every page view,
    which took most of the page's own time.
    """
    quote = connection.ops.quote_name
    # The fields' columns are named as the fields are.
    columns = ("id", *RUN_FIELDS[1:], "fetcher", "refusal")
    return _LAST_RUNS_SQL.format(
        columns=", ".join(quote(column) for column in columns),
        table=quote(ImportRun._meta.db_table),
        fetcher=quote("fetcher"),
        created_at=quote("created_at"),
        id=quote("id"),
        names=", ".join(["%s"] * fetchers),
    )


_LAST_RUNS_SQL = """
    SELECT {columns} FROM (
        SELECT {columns},
            ROW_NUMBER() OVER (PARTITION BY {fetcher} ORDER BY {created_at} DESC, {id} DESC) AS recency
        FROM {table} WHERE {fetcher} IN ({names})
    ) AS runs
    WHERE recency = 1
"""


def _window_ends(names: tuple[str, ...]) -> dict[str, dt.datetime]:
    """fetching.last_window_ends(names), read with its statement compiled once per process."""
    db = router.db_for_read(ImportRun)
    sql, params = _window_ends_statement(db, names)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {fetcher: converted(db, ImportRun, "window_end", end) for fetcher, end in rows}


@cache
def _window_ends_statement(db: str, names: tuple[str, ...]) -> tuple[str, tuple]:
    """The statement of fetching.window_ends(names): its values (the names, the finished state) never
    change, and compiling it took longer than running it."""
    from .services.fetching import window_ends

    return window_ends(names).query.get_compiler(using=db).as_sql()


def live_sources() -> list[dict]:
    """Each live fetcher (a fixed few): whether the settings turn it on, its last run and last full window."""
    from .services.fetching import is_on

    names = [name for name, _label in ImportRun.Fetcher.choices]
    last_runs = {run.fetcher: run for run in ImportRun.objects.raw(_last_runs_sql(len(names)), names)}
    fetched_until = _window_ends(tuple(names))
    return [
        {
            "name": name,
            "label": label,
            "on": is_on(name),
            "last_run": last_runs.get(name),
            "fetched_until": fetched_until.get(name),
        }
        for name, label in ImportRun.Fetcher.choices
    ]
