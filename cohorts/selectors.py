"""What program staff see of a cohort: each figure of the dashboard is one query, whatever the size."""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.accounts.models import User
from accelerator.companies.models import Membership, ReadinessItem

from .models import Application, Cohort, Criterion, Message, Review, ReviewAssignment

Status = Application.Status
# Applications that reached the reviewers and were not taken back.
SUBMITTED_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED, Status.DECLINED)
COUNTRIES = (("US", _("U.S.")), ("JP", _("Japan")))
SCORE_BINS = tuple((Decimal(low) / 2, Decimal(low + 1) / 2) for low in range(2, 10))
READINESS_SCALE = (1, 2, 3, 4, 5)

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


def staff_cohorts() -> QuerySet[Cohort]:
    """Every cohort, newest first, with its application counts."""
    return Cohort.objects.annotate(
        drafts=Count("applications", filter=Q(applications__status=Status.DRAFT)),
        submitted=Count("applications", filter=Q(applications__status__in=SUBMITTED_STATUSES)),
        accepted=Count("applications", filter=Q(applications__status=Status.ACCEPTED)),
    ).order_by("-opens_at", "-id")


def pipeline(cohort: Cohort) -> list[dict[str, Any]]:
    """How many applications are in each status, then the staged decisions not yet released."""
    counts = Application.objects.filter(cohort=cohort).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
        **{f"staged_{decision}": Count("pk", filter=Q(pending_decision=decision)) for decision in Application.Decision},
    )
    rows = [{"code": status, "label": label, "count": counts[status]} for status, label in Status.choices]
    rows += [
        {
            "code": f"staged_{decision}",
            "label": _("Staged: %(decision)s") % {"decision": label},
            "count": counts[f"staged_{decision}"],
            "staged": True,
        }
        for decision, label in Application.Decision.choices
    ]
    return rows


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class CountryMix:
    submitted: int
    submitted_us: int
    submitted_jp: int
    accepted: int
    accepted_us: int
    accepted_jp: int
    target_us: int
    target_jp: int
    seats: int

    @property
    def submitted_other(self) -> int:
        return self.submitted - self.submitted_us - self.submitted_jp

    @property
    def accepted_other(self) -> int:
        return self.accepted - self.accepted_us - self.accepted_jp

    @property
    def share_us(self) -> float:
        return _share(self.submitted_us, self.submitted)

    @property
    def share_jp(self) -> float:
        return _share(self.submitted_jp, self.submitted)

    @property
    def accepted_share_us(self) -> float:
        return _share(self.accepted_us, self.accepted)

    @property
    def accepted_share_jp(self) -> float:
        return _share(self.accepted_jp, self.accepted)

    @property
    def meets_target(self) -> bool:
        return self.share_us >= self.target_us and self.share_jp >= self.target_jp

    @property
    def accepted_meets_target(self) -> bool:
        return self.accepted_share_us >= self.target_us and self.accepted_share_jp >= self.target_jp

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.accepted, 0)


def country_mix(cohort: Cohort) -> CountryMix:
    """Submitted applications by country, and accepts (released or staged) by country, against the targets."""
    submitted = Q(status__in=SUBMITTED_STATUSES)
    # A staged accept takes a seat as soon as it is staged: that is what staff balance.
    accepted = Q(status=Status.ACCEPTED) | Q(
        pending_decision=Application.Decision.ACCEPT, status__in=(Status.SUBMITTED, Status.WAITLISTED)
    )
    counts = Application.objects.filter(cohort=cohort).aggregate(
        submitted=Count("pk", filter=submitted),
        submitted_us=Count("pk", filter=submitted & Q(company__country="US")),
        submitted_jp=Count("pk", filter=submitted & Q(company__country="JP")),
        accepted=Count("pk", filter=accepted),
        accepted_us=Count("pk", filter=accepted & Q(company__country="US")),
        accepted_jp=Count("pk", filter=accepted & Q(company__country="JP")),
    )
    return CountryMix(**counts, target_us=cohort.min_share_us, target_jp=cohort.min_share_jp, seats=cohort.seats)


def score_distribution(cohort: Cohort) -> list[dict[str, Any]]:
    """Submitted applications by weighted mean score, in bins half a point wide; the last holds 5.0."""
    scored = Application.objects.filter(cohort=cohort, status__in=SUBMITTED_STATUSES)
    last = len(SCORE_BINS) - 1
    counts = scored.aggregate(
        unscored=Count("pk", filter=Q(score_mean__isnull=True)),
        **{
            f"bin{index}": Count(
                "pk",
                filter=Q(score_mean__gte=low) & (Q(score_mean__lte=high) if index == last else Q(score_mean__lt=high)),
            )
            for index, (low, high) in enumerate(SCORE_BINS)
        },
    )
    rows = [
        {"low": low, "high": high, "label": f"{low:.1f}–{high:.1f}", "count": counts[f"bin{index}"]}
        for index, (low, high) in enumerate(SCORE_BINS)
    ]
    rows.append({"low": None, "high": None, "label": _("Not scored"), "count": counts["unscored"]})
    return rows


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
    """The cohort's applications (drafts only when asked for), filtered and sorted, with company and TRL.

    Each carries `last_message_at` and `last_message_from_staff` (None without messages):
    an application awaits a reply when the last message in its thread is the company's.
    """
    last_message = Message.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id")
    applications = (
        Application.objects.filter(cohort=cohort)
        .select_related("company")
        .defer("answers", "snapshot", "company__description_en", "company__description_ja")
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
        applications = applications.filter(last_message_from_staff=False)
    return applications.order_by(*SORTS.get(sort, SORTS["score"]))


def awaiting_reply_count(cohort: Cohort) -> int:
    """How many of the table's applications (drafts aside) have a thread whose last message is the company's."""
    return application_table(cohort, awaiting_reply=True).count()


def ranking(cohort: Cohort) -> QuerySet[Application]:
    """Submitted applications, best weighted mean score first."""
    return application_table(cohort).filter(status__in=SUBMITTED_STATUSES)


def reviewer_progress(cohort: Cohort, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per reviewer: applications assigned, reviews submitted, and reviews overdue once reviews are due."""
    now = now or timezone.now()
    done = Review.objects.filter(
        application=OuterRef("application"), reviewer=OuterRef("reviewer"), submitted_at__isnull=False
    )
    rows = list(
        ReviewAssignment.objects.filter(application__cohort=cohort)
        .exclude(application__status__in=(Status.DRAFT, Status.WITHDRAWN))
        .values("reviewer", "reviewer__display_name", "reviewer__email")
        .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Exists(done)))
        .order_by("reviewer__display_name", "reviewer__email")
    )
    past_due = cohort.review_due_at is not None and cohort.review_due_at <= now
    for row in rows:
        row["name"] = row["reviewer__display_name"] or row["reviewer__email"]
        row["open"] = row["assigned"] - row["submitted"]
        row["overdue"] = row["open"] if past_due else 0
    return rows


def readiness_items() -> list[ReadinessItem]:
    """The market-readiness items, then the resource items, each in their own order."""
    kinds = [ReadinessItem.Kind.MARKET, ReadinessItem.Kind.RESOURCES]
    items = ReadinessItem.objects.filter(kind__in=kinds)
    return sorted(items, key=lambda item: (kinds.index(item.kind), item.position, item.code))


def readiness_picture(cohort: Cohort, items: list[ReadinessItem]) -> list[dict[str, Any]]:
    """For each item, how the cohort's submitted U.S. and Japanese applicants answered it, 1 to 5.

    One narrow row per applicant (country and the nine answers as text), counted here: on
    PostgreSQL this is several times faster than ninety filtered counts over the JSON, and
    reading answers as text counts 3 and "3" alike (SQLite hands back numbers: made text here).
    """
    if not items:
        return []
    answers = Application.objects.filter(
        cohort=cohort, status__in=SUBMITTED_STATUSES, company__country__in=[code for code, _label in COUNTRIES]
    ).values_list("company__country", *[KT(f"snapshot__readiness__{item.code}") for item in items])
    counts: Counter = Counter()
    for country, *scores in answers:
        for index, score in enumerate(scores):
            counts[index, country, str(score)] += 1
    picture = []
    for index, item in enumerate(items):
        by_country = []
        for country, label in COUNTRIES:
            answered = [counts[index, country, str(score)] for score in READINESS_SCALE]
            by_country.append({"country": country, "label": label, "counts": answered, "total": sum(answered)})
        picture.append({"item": item, "countries": by_country})
    return picture


def days_to_deadline(cohort: Cohort, now: datetime | None = None) -> int | None:
    """Whole days, rounded up, until applications close; None once they have."""
    left = (cohort.closes_at - (now or timezone.now())).total_seconds()
    return math.ceil(left / 86400) if left > 0 else None


def criteria_of(cohort: Cohort) -> list[Criterion]:
    return list(cohort.criteria.order_by("position", "id"))


def applications_for_export(cohort: Cohort, criteria: list[Criterion]) -> QuerySet[Application]:
    """Every non-draft application with its company and each criterion's mean over submitted reviews."""
    means = {
        f"criterion_{index}": Subquery(
            Review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
            .values("application")
            .annotate(mean=Avg(Cast(KT(f"scores__{criterion.code}"), FloatField())))
            .values("mean")
        )
        for index, criterion in enumerate(criteria)
    }
    return (
        Application.objects.filter(cohort=cohort)
        .exclude(status=Status.DRAFT)
        .select_related("company")
        .defer("snapshot", "company__description_en", "company__description_ja")
        .annotate(**means)
        .order_by(F("score_mean").desc(nulls_last=True), "company__legal_name", "id")
    )


@dataclass(frozen=True)
class ReleaseReach:
    """Who a release of the staged decisions will email: the active members of each company."""

    people: int
    companies_reached: int
    companies_unreachable: list[str]


def release_reach(cohort: Cohort) -> ReleaseReach:
    """The same recipients as the decision email task: every active member of the company."""
    staged = Application.objects.filter(cohort=cohort).exclude(pending_decision="").select_related("company")
    company_ids = [application.company_id for application in staged]
    reached = set(
        Membership.objects.filter(company_id__in=company_ids, user__is_active=True).values_list("company_id", flat=True)
    )
    people = User.objects.filter(memberships__company_id__in=company_ids, is_active=True).distinct().count()
    unreachable = sorted(
        application.company.display_name for application in staged if application.company_id not in reached
    )
    return ReleaseReach(
        people=people, companies_reached=len(set(company_ids)) - len(unreachable), companies_unreachable=unreachable
    )
