"""Pages for program staff: the cohorts, their set-up, the dashboard, the application table and its export."""

import csv
from datetime import UTC
from functools import lru_cache, partial
from typing import cast
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.filter_fields import form_fields
from accelerator.pagination import page_of
from accelerator.permissions import staff_required
from accelerator.statements import Compiled, instance, loaded

from .. import charts, selectors
from ..models import Application, Cohort
from ..services.cohorts import DEFAULT_CRITERIA, save_cohort
from ..services.notes import save_staff_note
from ..staff_forms import (
    ApplicationTableForm,
    BaseRowsFormSet,
    CohortForm,
    CriterionFormSet,
    NewCohortCriterionFormSet,
    QuestionFormSet,
)

PAGE_SIZE = 50
RANKING_SIZE = 10
EASTERN = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def _zones() -> dict:
    return {"eastern": EASTERN, "tokyo": TOKYO}


# What the staff list shows of a cohort, and the application counts selectors.staff_cohorts adds.
_LISTED_COLUMNS = ("id", "slug", "name_en", "name_ja", "status", "opens_at", "closes_at", "seats")
_LISTED_COUNTS = ("drafts", "submitted", "accepted")


@lru_cache(maxsize=8)
def _staff_cohorts_statement(alias: str) -> Compiled:
    """selectors.staff_cohorts() as the list reads it, compiled once per process."""
    return Compiled(selectors.staff_cohorts().using(alias).values_list(*_LISTED_COLUMNS, *_LISTED_COUNTS))


def _listed_cohorts(alias: str, rows: tuple[tuple, ...]) -> list[Cohort]:
    cohorts = []
    shown = len(_LISTED_COLUMNS)
    for row in rows:
        cohort = instance(Cohort, alias, **dict(zip(_LISTED_COLUMNS, row[:shown], strict=True)))
        for name, count in zip(_LISTED_COUNTS, row[shown:], strict=True):
            setattr(cohort, name, count)
        cohorts.append(cohort)
    return cohorts


@staff_required
def staff_list(request):
    statement = _staff_cohorts_statement(router.db_for_read(Cohort))
    # The table is written once per process for its rows (written_once): the cohorts are made
    # from them only when it is.
    rows = tuple(statement.rows())
    cohorts = SimpleLazyObject(partial(_listed_cohorts, statement.alias, rows))
    return render(request, "cohorts/staff/list.html", {"rows": rows, "cohorts": cohorts, **_zones()})


def _default_rubric() -> list[dict]:
    return [
        {
            "code": code,
            "label_en": label_en,
            "label_ja": label_ja,
            "weight": weight,
            "guidance_en": guidance_en,
            "guidance_ja": guidance_ja,
        }
        for code, label_en, label_ja, weight, guidance_en, guidance_ja in DEFAULT_CRITERIA
    ]


def _edit_cohort(request, cohort: Cohort | None):
    instance = cohort or Cohort()
    data = request.POST if request.method == "POST" else None
    form = CohortForm(data, instance=cohort)
    questions = cast(BaseRowsFormSet, QuestionFormSet(data, instance=instance, prefix="questions"))
    if cohort is None:
        rubric = _default_rubric()
        criteria = cast(
            BaseRowsFormSet, NewCohortCriterionFormSet(data, instance=instance, prefix="criteria", initial=rubric)
        )
    else:
        criteria = cast(BaseRowsFormSet, CriterionFormSet(data, instance=instance, prefix="criteria"))
    if request.method == "POST":
        if form.is_valid() and questions.is_valid() and criteria.is_valid():
            fields = {name: form.cleaned_data[name] for name in CohortForm.Meta.fields}
            try:
                with transaction.atomic():
                    saved = save_cohort(
                        cohort=cohort, fields=fields, questions=questions.rows(), criteria=criteria.rows()
                    )
            except ValidationError as error:
                if cohort is not None:
                    cohort.refresh_from_db()
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The cohort is saved."))
                return redirect("cohorts:dashboard", slug=saved.slug)
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "cohorts/staff/edit.html",
        {"cohort": cohort, "form": form, "questions": questions, "criteria": criteria},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def create(request):
    return _edit_cohort(request, None)


@staff_required
def edit(request, slug):
    return _edit_cohort(request, get_object_or_404(Cohort, slug=slug))


@staff_required
def dashboard(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    counts = selectors.count_applications(
        cohort,
        selectors.pipeline_counts(),
        selectors.country_mix_counts(),
        selectors.seats_counts(),
        selectors.score_distribution_counts(),
        selectors.awaiting_reply_counts(),
    )
    mix = selectors.country_mix(cohort, counts)
    distribution = selectors.score_distribution(cohort, counts)
    picture = selectors.readiness_picture(cohort, selectors.readiness_items())
    return render(
        request,
        "cohorts/staff/dashboard.html",
        {
            "cohort": cohort,
            "pipeline": selectors.pipeline(cohort, counts),
            "mix": mix,
            "seats": selectors.seat_counts(cohort, counts),
            "mix_chart": charts.country_mix_bars(mix),
            "distribution": distribution,
            "histogram": charts.histogram(distribution),
            "ranking": selectors.ranking(cohort)[:RANKING_SIZE],
            "reviewers": selectors.reviewer_load(cohort),
            "picture": picture,
            "readiness_chart": charts.readiness_bars(picture),
            "readiness_scale": selectors.READINESS_SCALE,
            "days_left": selectors.days_to_deadline(cohort),
            "awaiting_reply": selectors.awaiting_reply_count(cohort, counts),
            **_zones(),
        },
    )


# The filter fields depend on nothing but the language and the values chosen in them.
@lru_cache(maxsize=256)
def _table_filter_fields(language: str | None, chosen: tuple[tuple[str, tuple[str, ...]], ...]) -> SafeString:
    return form_fields(ApplicationTableForm(MultiValueDict({name: list(values) for name, values in chosen})))


# So do the filters: the form is built and validated once per choice of values.
@lru_cache(maxsize=256)
def _table_filters(chosen: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, object], ...]:
    form = ApplicationTableForm(MultiValueDict({name: list(values) for name, values in chosen}))
    return tuple(form.filters().items())


# The page names the cohort and links to it; its descriptions are long.
@lru_cache(maxsize=256)
def _table_cohort_statement(alias: str, slug: str) -> Compiled:
    return Compiled(Cohort.objects.using(alias).filter(slug=slug).values_list(*_TABLE_COHORT_FIELDS))


_TABLE_COHORT_FIELDS = ("id", "name_en", "name_ja", "slug")


def _table_cohort(slug: str) -> Cohort:
    alias = router.db_for_read(Cohort)
    rows = _table_cohort_statement(alias, slug).rows()
    if not rows:
        raise Http404
    return loaded(Cohort, alias, **dict(zip(_TABLE_COHORT_FIELDS, rows[0], strict=True)))


@staff_required
def applications(request, slug):
    cohort = _table_cohort(slug)
    chosen = tuple(
        (name, tuple(request.GET.getlist(name))) for name in ApplicationTableForm.base_fields if name in request.GET
    )
    filters = dict(_table_filters(chosen))
    page = page_of(selectors.StaffTable(cohort, **filters), request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = request.GET.copy()
    for name in ("page", "sort"):
        sort_query.pop(name, None)
    return render(
        request,
        "cohorts/staff/applications.html",
        {
            "cohort": cohort,
            "filter_fields": _table_filter_fields(get_language(), chosen),
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": filters.get("sort", "score"),
        },
    )


class _Echo:
    """A file that hands back what is written to it, for the csv writer of a streaming response."""

    def write(self, value: str) -> str:
        return value


def _export_rows(cohort: Cohort):
    criteria = selectors.criteria_of(cohort)
    questions = list(cohort.questions.order_by("position", "id"))
    decisions = dict(Application.Decision.choices)
    statuses = dict(Application.Status.choices)
    yield [
        _("Company"),
        _("Country"),
        _("Status"),
        _("Submitted at (UTC)"),
        _("Weighted mean score"),
        _("Score spread"),
        _("Reviews"),
        _("Staged decision"),
        *[_("Mean score: %(criterion)s") % {"criterion": criterion.label} for criterion in criteria],
        *[question.label for question in questions],
    ]
    for application in selectors.applications_for_export(cohort, criteria).iterator(chunk_size=500):
        submitted_at = application.submitted_at
        yield [
            application.company.legal_name,
            application.company.country.code,
            statuses.get(application.status, application.status),
            submitted_at.astimezone(UTC).isoformat() if submitted_at else "",
            application.score_mean if application.score_mean is not None else "",
            _mean(selectors.spread_of(application)),
            application.review_count,
            decisions.get(application.pending_decision, ""),
            *[_mean(getattr(application, f"criterion_{index}")) for index in range(len(criteria))],
            *[_answer(application.answers.get(str(question.pk))) for question in questions],
        ]


# A cell that starts like a formula would run as one when staff open the file in a
# spreadsheet; a leading apostrophe makes it text (company names and answers are the
# applicants' own words).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _mean(value) -> str:
    """A mean or a spread to two decimals; empty when there is none."""
    return "" if value is None else f"{value:.2f}"


def _answer(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(part) for part in value)
    return str(value)


@staff_required
def export(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    writer = csv.writer(_Echo())

    def lines():
        # The byte order mark makes Excel (notably in Japan) read the file as UTF-8.
        yield "\ufeff"
        for row in _export_rows(cohort):
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{cohort.slug}-applications-{stamp}.csv"'
    return response


@require_POST
@staff_required
def staff_note(request, pk):
    """Writes, changes or (left empty) removes staff's private note on an application."""
    application = get_object_or_404(Application, pk=pk)
    try:
        note = save_staff_note(application=application, body=request.POST.get("body", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The staff note is saved.") if note else _("The staff note is removed."))
    return redirect(f"{application.get_absolute_url()}#staff-note")
