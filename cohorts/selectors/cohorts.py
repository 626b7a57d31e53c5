"""A cohort as program staff see it: its list, its pipeline, its deadline and its applicants' readiness."""

import math
from datetime import datetime
from functools import cache
from types import MappingProxyType
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.companies.models import ReadinessItem

from ..models import Application, Cohort, Criterion, ReadinessTally
from .counts import Counts, count_applications
from .statuses import SUBMITTED_STATUSES, Status

COUNTRIES = (("US", _("U.S.")), ("JP", _("Japan")))
READINESS_SCALE = (1, 2, 3, 4, 5)


def staff_cohorts() -> QuerySet[Cohort]:
    """Every cohort, newest first, with its application counts (descriptions not loaded)."""
    return (
        Cohort.objects.defer("description_en", "description_ja")
        .annotate(
            drafts=Count("applications", filter=Q(applications__status=Status.DRAFT)),
            submitted=Count("applications", filter=Q(applications__status__in=SUBMITTED_STATUSES)),
            accepted=Count("applications", filter=Q(applications__status=Status.ACCEPTED)),
        )
        .order_by("-opens_at", "-id")
    )


@cache
def pipeline_counts() -> Counts:
    """What `pipeline` counts (see `counts.count_applications`)."""
    return MappingProxyType(
        {
            **{f"pipeline_{status}": Q(status=status) for status in Status.values},
            **{f"pipeline_staged_{decision}": Q(pending_decision=decision) for decision in Application.Decision},
        }
    )


def pipeline(cohort: Cohort, counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """How many applications are in each status, then the staged decisions not yet released.

    `counts`, when given, holds `pipeline_counts` counted with other figures' counts.
    """
    if counts is None:
        counts = count_applications(cohort, pipeline_counts())
    rows = [{"code": status, "label": label, "count": counts[f"pipeline_{status}"]} for status, label in Status.choices]
    rows += [
        {
            "code": f"staged_{decision}",
            "label": _("Staged: %(decision)s") % {"decision": label},
            "count": counts[f"pipeline_staged_{decision}"],
            "staged": True,
        }
        for decision, label in Application.Decision.choices
    ]
    return rows


def days_to_deadline(cohort: Cohort, now: datetime | None = None) -> int | None:
    """Whole days, rounded up, until applications close; None once they have."""
    left = (cohort.closes_at - (now or timezone.now())).total_seconds()
    return math.ceil(left / 86400) if left > 0 else None


def criteria_of(cohort: Cohort) -> list[Criterion]:
    return list(cohort.criteria.order_by("position", "id"))


def readiness_items() -> list[ReadinessItem]:
    """The market-readiness items, then the resource items, each in their own order."""
    kinds: list[str] = [ReadinessItem.Kind.MARKET, ReadinessItem.Kind.RESOURCES]
    items = ReadinessItem.objects.filter(kind__in=kinds)
    return sorted(items, key=lambda item: (kinds.index(item.kind), item.position, item.code))


def readiness_picture(cohort: Cohort, items: list[ReadinessItem]) -> list[dict[str, Any]]:
    """For each item, how the cohort's submitted U.S. and Japanese applicants answered it, 1 to 5.

    Read from the cohort's readiness tally (`models.readiness`), which counts each submitted
    applicant's snapshot answers as applications are submitted, withdrawn or deleted and
    companies move country: at most 2 x items x 5 rows, whatever the cohort's size. Answers
    are compared as text, so 3 and "3" count alike.
    """
    if not items:
        return []
    counts = {
        (item, country, answer): applicants
        for country, item, answer, applicants in ReadinessTally.objects.filter(cohort=cohort).values_list(
            "country", "item", "answer", "applicants"
        )
    }
    picture = []
    for item in items:
        by_country = []
        for country, label in COUNTRIES:
            answered = [counts.get((item.code, country, str(score)), 0) for score in READINESS_SCALE]
            by_country.append({"country": country, "label": label, "counts": answered, "total": sum(answered)})
        picture.append({"item": item, "countries": by_country})
    return picture
