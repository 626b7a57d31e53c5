"""Counts over a cohort's applications: each figure names its counts, and a page that shows
several figures counts them all in one scan of the cohort's applications."""

from collections.abc import Mapping

from django.db.models import Aggregate

from ..models import Application, Cohort

Counts = Mapping[str, Aggregate]


def count_applications(cohort: Cohort, *figures: Counts) -> dict[str, int]:
    """The counts of every figure in `figures`, in one query over the cohort's applications.

    Each figure's names carry its own prefix, so that two figures never mix their counts.
    """
    merged: dict[str, Aggregate] = {}
    for figure in figures:
        merged.update(figure)
    return Application.objects.filter(cohort=cohort).aggregate(**merged)
