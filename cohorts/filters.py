"""Filters for /api/v1/cohorts/, /api/v1/applications/ and /api/v1/reviews/."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Application, Cohort, Review


def _by_cohort(queryset: QuerySet, cohort_path: str, value: str) -> QuerySet:
    """A cohort is named by its id (ASCII digits: int() also reads "١" and fails on "²") or its slug."""
    if value.isascii() and value.isdigit():
        return queryset.filter(**{f"{cohort_path}_id": int(value)})
    return queryset.filter(**{f"{cohort_path}__slug": value})


class CohortFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Cohort.Status.choices, empty_label=_("Any status"))

    class Meta:
        model = Cohort
        fields = ["status"]


class ApplicationFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(label=_("Cohort (id or web address name)"), method="filter_cohort")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Application.Status.choices, empty_label=_("Any status")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="company__country",
        choices=lambda: [(country.code, country.name) for country in countries],
        empty_label=_("Any country"),
    )

    class Meta:
        model = Application
        fields = ["cohort", "status", "country"]

    def filter_cohort(self, queryset, name, value):
        return _by_cohort(queryset, "cohort", value)


class ReviewFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(label=_("Cohort (id or web address name)"), method="filter_cohort")
    application = django_filters.NumberFilter(label=_("Application id"), field_name="application_id")
    submitted = django_filters.BooleanFilter(label=_("Submitted"), method="filter_submitted")

    class Meta:
        model = Review
        fields = ["cohort", "application", "submitted"]

    def filter_cohort(self, queryset, name, value):
        return _by_cohort(queryset, "application__cohort", value)

    def filter_submitted(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=not value)
