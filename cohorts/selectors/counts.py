"""Counts over a cohort's applications: each figure names what it counts, and a page that shows
several figures counts them all in one pass over the cohort's applications."""

from collections.abc import Mapping

from django.db.models import Count, Q, Sum

from ..models import Application, Cohort

# What each figure counts: a name (prefixed with the figure's own, so that two figures never
# mix their counts) for each condition on the columns below.
Counts = Mapping[str, Q]
# The columns the conditions may use. The applications are first grouped by them, so that each
# condition is checked once per group (a few hundred) instead of once per application.
COUNTED_BY = ("status", "pending_decision", "company_country", "awaiting_reply", "score_mean")


def count_applications(cohort: Cohort, *figures: Counts) -> dict[str, int]:
    """How many of the cohort's applications meet each condition of each figure in `figures`, in one query."""
    conditions: dict[str, Q] = {}
    for figure in figures:
        conditions.update(figure)
    groups = Application.objects.filter(cohort=cohort).values(*COUNTED_BY).annotate(applications=Count("pk")).order_by()
    return groups.aggregate(
        **{name: Sum("applications", filter=condition, default=0) for name, condition in conditions.items()}
    )
