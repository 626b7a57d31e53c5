"""The cohort's applications as lists: the staff table, the ranking and the CSV export."""

from functools import cache, lru_cache
from types import MappingProxyType

from django.db import router
from django.db.models import Avg, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django_countries.fields import Country

from accelerator.companies.models import _in_japanese
from accelerator.statements import Compiled

from ..models import Application, Cohort, Criterion, Message, Review
from .counts import Counts, count_applications
from .scores import with_score_spread
from .statuses import SUBMITTED_STATUSES, Status

SORTS = {
    "score": (F("score_mean").desc(nulls_last=True), "company__legal_name", "id"),
    "-score": (F("score_mean").asc(nulls_last=True), "company__legal_name", "id"),
    "submitted": (F("submitted_at").asc(nulls_last=True), "id"),
    "-submitted": (F("submitted_at").desc(nulls_last=True), "-id"),
    "company": ("company__legal_name", "id"),
    "-company": ("-company__legal_name", "-id"),
    "country": ("company__country", "company__legal_name", "id"),
    "-country": ("-company__country", "company__legal_name", "id"),
    "reviews": ("review_count", "company__legal_name", "id"),
    "-reviews": ("-review_count", "company__legal_name", "id"),
}

# The columns the table and the ranking show (answers and snapshots are large): the
# application's, then its company's.
_APPLICATION_FIELDS = (
    "status", "submitted_at", "score_mean", "review_count", "disagreement_flagged", "pending_decision",
)  # fmt: skip
_COMPANY_FIELDS = ("company__legal_name", "company__name_ja", "company__country")
TABLE_FIELDS = (*_APPLICATION_FIELDS, *_COMPANY_FIELDS)


def application_table(
    cohort: Cohort,
    *,
    status: str = "",
    country: str = "",
    pending: str = "",
    flagged: bool = False,
    awaiting_reply: bool = False,
    sort: str = "score",
) -> QuerySet[Application]:
    """The cohort's applications (drafts only when asked for), filtered and sorted, with company and TRL,
    loaded with the columns of `TABLE_FIELDS` only.

    Each carries its `spread` (see `scores.with_score_spread`), `last_message_at` and
    `last_message_from_staff` (None without messages). `awaiting_reply` (stored on the
    application) says the last message in its thread is the company's.
    """
    last_message = Message.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id")
    applications = with_score_spread(
        Application.objects.filter(cohort=cohort)
        .select_related("company")
        .only(*TABLE_FIELDS)
        .annotate(
            trl=KT("snapshot__profile__trl"),
            last_message_at=Subquery(last_message.values("created_at")[:1]),
            last_message_from_staff=Subquery(last_message.values("from_staff")[:1]),
        )
    )
    applications = applications.filter(status=status) if status else applications.exclude(status=Status.DRAFT)
    if country == "other":
        applications = applications.exclude(company__country__in=("US", "JP"))
    elif country:
        applications = applications.filter(company__country=country)
    if pending == "none":
        applications = applications.filter(pending_decision="")
    elif pending == "any":
        applications = applications.exclude(pending_decision="")
    elif pending:
        applications = applications.filter(pending_decision=pending)
    if flagged:
        applications = applications.filter(disagreement_flagged=True)
    if awaiting_reply:
        applications = applications.filter(awaiting_reply=True)
    return applications.order_by(*SORTS.get(sort, SORTS["score"]))


# What the staff table shows of an application, in the order `TableRow` takes it.
TABLE_COLUMNS = (
    "pk",
    *_APPLICATION_FIELDS,
    "trl",
    "spread",
    "last_message_at",
    "last_message_from_staff",
    *_COMPANY_FIELDS,
)


class TableCompany:
    """The company of a `TableRow`: its names and country."""

    __slots__ = ("country_code", "legal_name", "name_ja")

    def __init__(self, legal_name: str, name_ja: str, country: str):
        self.legal_name = legal_name
        self.name_ja = name_ja
        self.country_code = country

    # Made when a row is written, not with every row read (a page's rows are mostly written once).
    @property
    def country(self) -> Country:
        return Country(code=self.country_code)

    @property
    def display_name(self) -> str:
        return self.name_ja if _in_japanese() and self.name_ja else self.legal_name


class TableRow:
    """An application as the staff table shows it: what `application_table` reads of it
    (the columns of `TABLE_COLUMNS`), with its company."""

    __slots__ = (
        "_row",
        "company",
        "disagreement_flagged",
        "last_message_at",
        "last_message_from_staff",
        "pending_decision",
        "pk",
        "review_count",
        "score_mean",
        "spread",
        "status",
        "submitted_at",
        "trl",
    )

    def __init__(self, row: tuple):
        self._row = row
        (
            self.pk,
            self.status,
            self.submitted_at,
            self.score_mean,
            self.review_count,
            self.disagreement_flagged,
            self.pending_decision,
            self.trl,
            self.spread,
            self.last_message_at,
            self.last_message_from_staff,
            legal_name,
            name_ja,
            country,
        ) = row
        self.company = TableCompany(legal_name, name_ja, country)

    # Equal rows read the same: a page of them can name the part of the page written from them
    # (accelerator.written).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableRow) and self._row == other._row

    def __hash__(self) -> int:
        return hash(self._row)


class StaffTable:
    """The rows of `application_table(cohort, **filters)` as `TableRow`s, for a paginator.

    The staff open the table of a cohort again and again with the same few filters: each
    page of it is read with the statement the ORM compiled for it the first time, kept per
    process (`accelerator.statements.Compiled`), so it is the same query by construction.
    """

    def __init__(self, cohort: Cohort, **filters):
        self.cohort = cohort
        self.filters = filters

    def count(self) -> int:
        return application_table(self.cohort, **self.filters).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, rows: slice) -> list[TableRow]:
        if not isinstance(rows, slice) or rows.step is not None:
            raise TypeError("The staff table is read a page at a time.")
        alias = router.db_for_read(Application)
        key = tuple(sorted(self.filters.items()))
        statement = _table_statement(alias, self.cohort.pk, key, rows.start, rows.stop)
        return [TableRow(row) for row in statement.rows()]


@lru_cache(maxsize=256)
def _table_statement(alias: str, cohort_pk: int, filters: tuple, start: int | None, stop: int | None) -> Compiled:
    applications = application_table(Cohort(pk=cohort_pk), **dict(filters)).using(alias)
    return Compiled(applications.values_list(*TABLE_COLUMNS)[start:stop])


@cache
def awaiting_reply_counts() -> Counts:
    """What `awaiting_reply_count` counts (see `counts.count_applications`)."""
    return MappingProxyType({"awaiting_reply": Q(awaiting_reply=True) & ~Q(status=Status.DRAFT)})


def awaiting_reply_count(cohort: Cohort, counts: dict[str, int] | None = None) -> int:
    """How many of the table's applications (drafts aside) have a thread whose last message is the company's.

    `counts`, when given, holds `awaiting_reply_counts` counted with other figures' counts.
    """
    if counts is None:
        counts = count_applications(cohort, awaiting_reply_counts())
    return counts["awaiting_reply"]


def ranking(cohort: Cohort) -> QuerySet[Application]:
    """Submitted applications, best weighted mean score first."""
    return application_table(cohort).filter(status__in=SUBMITTED_STATUSES)


def applications_for_export(cohort: Cohort, criteria: list[Criterion]) -> QuerySet[Application]:
    """Every non-draft application with its company, its spread and each criterion's mean over submitted reviews."""
    means = {
        f"criterion_{index}": Subquery(
            Review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
            .values("application")
            .annotate(mean=Avg(Cast(KT(f"scores__{criterion.code}"), FloatField())))
            .values("mean")
        )
        for index, criterion in enumerate(criteria)
    }
    return with_score_spread(
        Application.objects.filter(cohort=cohort)
        .exclude(status=Status.DRAFT)
        .select_related("company")
        .defer("snapshot", "company__description_en", "company__description_ja")
        .annotate(**means)
        .order_by(F("score_mean").desc(nulls_last=True), "company__legal_name", "id")
    )
