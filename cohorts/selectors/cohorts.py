"""A cohort as program staff see it: its list, its pipeline, its deadline and its applicants' readiness."""

import math
from collections import Counter
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.companies.models import Company, ReadinessItem

from ..models import Application, Cohort, Criterion
from .counts import Counts, count_applications
from .statuses import SUBMITTED_STATUSES, Status

COUNTRIES = (("US", _("U.S.")), ("JP", _("Japan")))
READINESS_SCALE = (1, 2, 3, 4, 5)


def staff_cohorts() -> QuerySet[Cohort]:
    """Every cohort, newest first, with its application counts."""
    return Cohort.objects.annotate(
        drafts=Count("applications", filter=Q(applications__status=Status.DRAFT)),
        submitted=Count("applications", filter=Q(applications__status__in=SUBMITTED_STATUSES)),
        accepted=Count("applications", filter=Q(applications__status=Status.ACCEPTED)),
    ).order_by("-opens_at", "-id")


def pipeline_counts() -> Counts:
    """What `pipeline` counts (see `counts.count_applications`)."""
    return {
        **{f"pipeline_{status}": Count("pk", filter=Q(status=status)) for status in Status.values},
        **{
            f"pipeline_staged_{decision}": Count("pk", filter=Q(pending_decision=decision))
            for decision in Application.Decision
        },
    }


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

    Counted in the database: each snapshot's answers are spread into rows with the JSON
    table function of the database (`jsonb_each_text` or SQLite's `json_each`) and grouped
    by country, item and answer, so at most 2 x items x 5 rows come back whatever the
    cohort's size. Answers are compared as text, so 3 and "3" count alike.
    """
    if not items:
        return []
    counts: Counter = Counter()
    for country, code, score, count in _readiness_counts(cohort):
        counts[code, country, str(score)] += count
    picture = []
    for item in items:
        by_country = []
        for country, label in COUNTRIES:
            answered = [counts[item.code, country, str(score)] for score in READINESS_SCALE]
            by_country.append({"country": country, "label": label, "counts": answered, "total": sum(answered)})
        picture.append({"item": item, "countries": by_country})
    return picture


def _readiness_counts(cohort: Cohort) -> list[tuple[str, str, str, int]]:
    """(country, item code, answer, applicants) for the cohort's submitted U.S. and Japanese applicants."""
    applications = Application._meta.db_table
    companies = Company._meta.db_table
    if connection.vendor == "postgresql":
        answers = "jsonb_each_text(application.snapshot -> 'readiness')"
        is_object = "jsonb_typeof(application.snapshot -> 'readiness') = 'object'"
    else:
        answers = "json_each(application.snapshot, '$.readiness')"
        is_object = "json_type(application.snapshot, '$.readiness') = 'object'"
    countries = [code for code, _label in COUNTRIES]
    sql = f"""
        SELECT company.country, answer.key, answer.value, COUNT(*)
        FROM {applications} AS application
        JOIN {companies} AS company ON company.id = application.company_id
        CROSS JOIN {answers} AS answer
        WHERE {is_object}
          AND application.cohort_id = %s
          AND application.status IN ({", ".join(["%s"] * len(SUBMITTED_STATUSES))})
          AND company.country IN ({", ".join(["%s"] * len(countries))})
        GROUP BY company.country, answer.key, answer.value
    """  # noqa: S608 (table names and placeholders only)
    with connection.cursor() as cursor:
        cursor.execute(sql, [cohort.pk, *SUBMITTED_STATUSES, *countries])
        return cursor.fetchall()
