"""The opportunity filters, shared by the web list, saved searches and /api/v1/opportunities/."""

import datetime as dt
from functools import cache

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accelerator.filter_choices import FilterSelect, country_choices
from accelerator.filter_fields import OneUseFilterForm, form_fields

from .models import MARKER_FIELDS, Classification, ExportMarker, Opportunity, Source, Status

OPEN = "open"
SET_ASIDES = [
    ("SBA", _("Total small business set-aside")),
    ("SBP", _("Partial small business set-aside")),
    ("8A", _("8(a) set-aside")),
    ("HZC", _("HUBZone set-aside")),
    ("SDVOSBC", _("Service-disabled veteran-owned small business set-aside")),
    ("WOSB", _("Women-owned small business set-aside")),
    ("EDWOSB", _("Economically disadvantaged women-owned small business set-aside")),
    ("none", _("No set-aside")),
]
CURRENCIES = [("USD", "USD"), ("JPY", "JPY"), ("AUD", "AUD"), ("GBP", "GBP"), ("EUR", "EUR")]
# The countries whose buyers the feed's sources publish, then the Indo-Pacific and European
# partners whose OCDS publishers may be added.
SOURCE_COUNTRIES = ["US", "JP", "AU", "GB", "CA", "NZ", "KR", "IN", "SG", "PH", "DE", "FR", "IT"]


def _country_choices():
    named = dict(country_choices())
    return [(code, named[code]) for code in SOURCE_COUNTRIES]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = django_filters.ChoiceFilter(
        label=_("Buyer's country"), choices=_country_choices, empty_label=_("Any country"), widget=FilterSelect
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Source.choices, empty_label=_("Any source"), widget=FilterSelect
    )
    buyer = django_filters.CharFilter(label=_("Buyer"), method="filter_buyer")
    classification = django_filters.CharFilter(
        label=_("Classification codes"),
        method="filter_classification",
        help_text=_("NAICS, PSC, CPV or UNSPSC codes, separated by commas; a code matches the codes it begins."),
    )
    set_aside = django_filters.ChoiceFilter(
        label=_("Set-aside"), choices=SET_ASIDES, method="filter_set_aside", empty_label=_("Any"), widget=FilterSelect
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"),
        field_name="value_currency",
        choices=CURRENCIES,
        empty_label=_("Any currency"),
        widget=FilterSelect,
    )
    value_min = django_filters.NumberFilter(
        label=_("Value at least"), field_name="value_amount", lookup_expr="gte", min_value=0
    )
    value_max = django_filters.NumberFilter(
        label=_("Value at most"), field_name="value_amount", lookup_expr="lte", min_value=0
    )
    closes_within = django_filters.NumberFilter(
        label=_("Deadline within (days)"), method="filter_closes_within", min_value=1, max_value=3650
    )
    deadline_after = django_filters.DateFilter(
        label=_("Deadline on or after"),
        method="filter_deadline_after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline on or before"),
        method="filter_deadline_before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open or planned")), *Status.choices],
        method="filter_status",
        empty_label=_("Any status"),
        widget=FilterSelect,
    )
    marker = django_filters.ChoiceFilter(
        label=_("Export-control marker"),
        choices=[*ExportMarker.choices, ("none", _("No marker found"))],
        method="filter_marker",
        empty_label=_("Any"),
        widget=FilterSelect,
    )
    ordering = django_filters.OrderingFilter(
        label=_("Order"),
        fields=(("deadline", "deadline"), ("posted_at", "posted"), ("value_amount", "value")),
        field_labels={
            "deadline": _("Deadline, soonest first"),
            "-deadline": _("Deadline, latest first"),
            "posted_at": _("Posted, oldest first"),
            "-posted": _("Posted, newest first"),
            "value_amount": _("Value, lowest first"),
            "-value": _("Value, highest first"),
        },
        empty_label=None,
        widget=FilterSelect,
    )

    def __init__(self, *args, now: dt.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The moment the deadlines are compared with (open notices, "within N days").
        self.now = now or timezone.now()

    class Meta:
        model = Opportunity
        form = OneUseFilterForm
        fields = [
            "q",
            "country",
            "source",
            "buyer",
            "classification",
            "set_aside",
            "currency",
            "value_min",
            "value_max",
            "closes_within",
            "deadline_after",
            "deadline_before",
            "status",
            "marker",
            "ordering",
        ]

    def search(self, queryset, name, value):
        words = value.split()[:8]
        if not words:
            return queryset
        if connection.vendor == "postgresql":
            # English words through the stored full-text document, every word (Japanese has
            # no spaces between words) as a substring through the trigram index. Both
            # conditions are on the row itself, so PostgreSQL can OR the two indexes' bitmaps,
            # and a row it reads in deadline order costs a tsvector match, not a parse.
            substring = Q()
            for word in words:
                substring &= Q(search_text__icontains=word)
            return queryset.filter(
                Q(search_vector=SearchQuery(" ".join(words), config="english", search_type="websearch")) | substring
            )
        for word in words:
            queryset = queryset.filter(search_text__icontains=word)
        return queryset

    def filter_buyer(self, queryset, name, value):
        return queryset.filter(Q(buyer_name__icontains=value.strip()) | Q(buyer_path__icontains=value.strip()))

    def filter_classification(self, queryset, name, value):
        codes = [code.strip().upper() for code in value.replace("、", ",").split(",") if code.strip()][:20]
        if not codes:
            return queryset
        condition = Q()
        for code in codes:
            condition |= Q(code__istartswith=code)
        return queryset.filter(Exists(Classification.objects.filter(condition, opportunity=OuterRef("pk"))))

    def filter_set_aside(self, queryset, name, value):
        if value == "none":
            return queryset.filter(set_aside_code="")
        # The choices are the codes as SAM.gov writes them, so an exact match (and its index) does.
        return queryset.filter(set_aside_code=value)

    # A day in the reader's zone as a range of moments, which the deadline index answers
    # (a date taken from each row's deadline would be computed row by row).
    def filter_deadline_after(self, queryset, name, value):
        return queryset.filter(deadline__gte=_start_of(value))

    def filter_deadline_before(self, queryset, name, value):
        return queryset.filter(deadline__lt=_start_of(value + dt.timedelta(days=1)))

    def filter_closes_within(self, queryset, name, value):
        now = self.now
        return queryset.filter(deadline__gte=now, deadline__lte=now + dt.timedelta(days=int(value)))

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return open_opportunities(queryset, now=self.now)
        return queryset.filter(status=value)

    def filter_marker(self, queryset, name, value):
        if value == "none":
            return queryset.filter(**dict.fromkeys(MARKER_FIELDS.values(), False))
        return queryset.filter(**{MARKER_FIELDS[value]: True})


def open_opportunities(queryset: QuerySet[Opportunity], *, now: dt.datetime | None = None) -> QuerySet[Opportunity]:
    """Active or planned notices whose deadline, if any, has not passed (by `now`): the list's default."""
    return queryset.filter(status__in=[Status.ACTIVE, Status.PLANNED]).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=now or timezone.now())
    )


def open_filter_fields() -> SafeString:
    """The filter fields of the unfiltered list (open notices, no other filter).

    Every choice is fixed in the code, so they read the same on every such page in one
    language: written once per language.
    """
    return _open_filter_fields(get_language())


@cache
def _open_filter_fields(language: str | None) -> SafeString:
    return form_fields(OpportunityFilter({"status": OPEN}, queryset=Opportunity.objects.none()).form)
