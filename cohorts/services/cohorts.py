"""Creating and editing cohorts, their questions and review rubric."""

import functools
import operator
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from ..models import Cohort, Criterion, Question, Review
from .decisions import seat_counts

# The default rubric. Weights favour what the program exists for: a partner across the
# border must see business value, and the company must be able to clear export control.
DEFAULT_CRITERIA = (
    (
        "technology",
        "Technology",
        "技術",
        Decimal("1.00"),
        "Maturity and differentiation of the technology.",
        "技術の成熟度と差別化。",
    ),
    ("team", "Team", "チーム", Decimal("1.00"), "Ability of the team to deliver.", "チームの実行力。"),
    (
        "business-value",
        "Business value for a cross-border partner",
        "越境パートナーにとっての事業価値",
        Decimal("1.50"),
        "What a U.S. or Japanese partner gains, in business terms.",
        "日米のパートナーが得る事業上の価値。",
    ),
    (
        "market-readiness",
        "Market readiness",
        "市場参入の準備度",
        Decimal("1.00"),
        "Understanding of the partner market, customers and channels.",
        "相手市場・顧客・販路の理解。",
    ),
    (
        "compliance-readiness",
        "Compliance readiness",
        "コンプライアンス準備度",
        Decimal("1.00"),
        "Export-control classification, licences and investment screening in hand.",
        "輸出管理の該非判定、許可、投資審査への備え。",
    ),
)


@transaction.atomic
def create_cohort(*, criteria: bool = True, **fields) -> Cohort:
    """A new cohort with the default review rubric (unless `criteria` is False)."""
    cohort = Cohort(**fields)
    cohort.full_clean()
    cohort.save()
    if criteria:
        Criterion.objects.bulk_create(
            Criterion(
                cohort=cohort,
                code=code,
                label_en=label_en,
                label_ja=label_ja,
                weight=weight,
                guidance_en=guidance_en,
                guidance_ja=guidance_ja,
                position=position,
            )
            for position, (code, label_en, label_ja, weight, guidance_en, guidance_ja) in enumerate(DEFAULT_CRITERIA)
        )
    return cohort


COHORT_FIELDS = (
    "name_en",
    "name_ja",
    "slug",
    "description_en",
    "description_ja",
    "status",
    "program_starts_on",
    "program_ends_on",
    "opens_at",
    "closes_at",
    "review_due_at",
    "seats",
    "min_share_us",
    "min_share_jp",
    "eligible_countries",
    "min_trl",
    "reviewers_per_application",
    "blind_review",
)
QUESTION_FIELDS = ("kind", "label_en", "label_ja", "help_en", "help_ja", "choices_en", "choices_ja", "required")
CRITERION_FIELDS = ("code", "label_en", "label_ja", "guidance_en", "guidance_ja", "weight")


@transaction.atomic
def update_cohort(*, cohort: Cohort, **fields) -> Cohort:
    """Changes a cohort's own fields, checked like a new one (window, country mix, seats)."""
    unknown = set(fields) - set(COHORT_FIELDS)
    if unknown:
        raise ValueError(f"Not a cohort field: {', '.join(sorted(unknown))}")
    if "seats" in fields and cohort.pk is not None:
        _check_seats_hold_the_acceptances(cohort, fields["seats"])
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.full_clean()
    cohort.save()
    return cohort


def _check_seats_hold_the_acceptances(cohort: Cohort, seats: Any) -> None:
    """Refuses fewer seats than the applications accepted or staged to accept.

    The cohort row is locked as staging an acceptance locks it, so a change of seats and
    an acceptance staged at the same moment are counted one after the other.
    """
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not isinstance(seats, int) or isinstance(seats, bool):
        return  # not a number: full_clean reports it
    counts = seat_counts(locked)
    if seats < counts["accepted"] + counts["staged"]:
        raise ValidationError(
            {
                "seats": _(
                    "The cohort needs at least %(needed)d seats: %(accepted)d accepted and %(staged)d staged "
                    "to accept. Clear staged acceptances first to lower the seats."
                )
                % {"needed": counts["accepted"] + counts["staged"], **counts}
            },
            code="seats_below_acceptances",
        )


def _rows_by_id(rows: Sequence[Mapping[str, Any]], existing: dict[int, Any]) -> None:
    for row in rows:
        if row.get("id") is not None and row["id"] not in existing:
            raise ValidationError(_("A row of the form no longer exists. Reload the page and try again."))


@transaction.atomic
def save_questions(*, cohort: Cohort, questions: Sequence[Mapping[str, Any]]) -> list[Question]:
    """Makes the cohort's questions exactly `questions`, in that order.

    Each row holds the question fields and "id" (None for a new question); questions not
    listed are removed. A question that an application has answered stays: removing it
    would silently drop what applicants wrote.
    """
    existing = {question.pk: question for question in cohort.questions.select_for_update()}
    _rows_by_id(questions, existing)
    kept = {row["id"] for row in questions if row.get("id") is not None}
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        answered = cohort.applications.filter(
            functools.reduce(operator.or_, (Q(answers__has_key=str(pk)) for pk in removed))
        )
        if answered.exists():
            raise ValidationError(_("A question that applicants have answered cannot be removed."))
        Question.objects.filter(pk__in=removed).delete()
    saved = []
    for position, row in enumerate(questions, start=1):
        question = existing[row["id"]] if row.get("id") is not None else Question(cohort=cohort)
        for name in QUESTION_FIELDS:
            if name in row:
                setattr(question, name, row[name])
        question.position = position
        question.full_clean()
        if question.kind == Question.Kind.CHOICE and not question.choice_list:
            raise ValidationError(
                _("The question “%(label)s” offers a choice: list the choices, one per line.")
                % {"label": question.label_en}
            )
        question.save()
        saved.append(question)
    return saved


@transaction.atomic
def save_criteria(*, cohort: Cohort, criteria: Sequence[Mapping[str, Any]]) -> list[Criterion]:
    """Makes the cohort's review rubric exactly `criteria`, in that order.

    Once a review is written, scores are stored by criterion code: a scored criterion can
    neither be removed nor renamed, or those scores would no longer count.
    """
    existing = {criterion.pk: criterion for criterion in cohort.criteria.select_for_update()}
    _rows_by_id(criteria, existing)
    if not criteria:
        raise ValidationError(_("The review rubric needs at least one criterion."))
    codes = [row.get("code") for row in criteria]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Each criterion needs its own code."))
    scored_codes = _scored_codes(cohort)
    kept = {row["id"] for row in criteria if row.get("id") is not None}
    for pk, criterion in existing.items():
        renamed = any(row.get("id") == pk and row.get("code") != criterion.code for row in criteria)
        if (pk not in kept or renamed) and criterion.code in scored_codes:
            raise ValidationError(
                _("Reviewers have scored “%(label)s”: it cannot be removed or get another code.")
                % {"label": criterion.label_en}
            )
    Criterion.objects.filter(pk__in=[pk for pk in existing if pk not in kept]).delete()
    # Codes are unique per cohort: park the kept rows' codes so that two rows may swap codes.
    Criterion.objects.filter(pk__in=kept).update(code=Concat(Value("~"), "id"))
    saved = []
    for position, row in enumerate(criteria, start=1):
        criterion = existing[row["id"]] if row.get("id") is not None else Criterion(cohort=cohort)
        for name in CRITERION_FIELDS:
            if name in row:
                setattr(criterion, name, row[name])
        criterion.position = position
        criterion.full_clean(validate_unique=False, validate_constraints=False)
        criterion.save()
        saved.append(criterion)
    return saved


def _scored_codes(cohort: Cohort) -> set[str]:
    codes: set[str] = set()
    for scores in Review.objects.filter(application__cohort=cohort).values_list("scores", flat=True):
        codes.update(scores or {})
    return codes


@transaction.atomic
def save_cohort(
    *,
    cohort: Cohort | None,
    fields: Mapping[str, Any],
    questions: Sequence[Mapping[str, Any]],
    criteria: Sequence[Mapping[str, Any]],
) -> Cohort:
    """Creates (cohort None) or updates a cohort with its questions and rubric, all or nothing."""
    cohort = create_cohort(criteria=False, **fields) if cohort is None else update_cohort(cohort=cohort, **fields)
    save_questions(cohort=cohort, questions=questions)
    save_criteria(cohort=cohort, criteria=criteria)
    return cohort
