"""The cohort's applications as lists: the staff table, the ranking and the CSV export."""

from django.db.models import Avg, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

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

# The columns the table and the ranking show (answers and snapshots are large).
TABLE_FIELDS = (
    "status",
    "submitted_at",
    "score_mean",
    "review_count",
    "disagreement_flagged",
    "pending_decision",
    "company__legal_name",
    "company__name_ja",
    "company__country",
)


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


def awaiting_reply_counts() -> Counts:
    """What `awaiting_reply_count` counts (see `counts.count_applications`)."""
    return {"awaiting_reply": Q(awaiting_reply=True) & ~Q(status=Status.DRAFT)}


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
