"""Review scores as staff read them: the spread between reviewers and the cohort's score distribution."""

from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

from django.db.models import Case, DecimalField, F, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from ..models import Application, Cohort
from .counts import Counts, count_applications
from .statuses import SUBMITTED_STATUSES

SCORE_BINS = tuple((Decimal(low) / 2, Decimal(low + 1) / 2) for low in range(2, 10))
# A spread of 1.5 points or more between reviewers' weighted scores is worth a discussion.
WIDE_SPREAD = Decimal("1.5")

# With fewer than two reviews nobody disagrees with anybody: there is no spread to show.
SCORE_SPREAD = Case(
    When(review_count__gte=2, then=F("score_spread")),
    default=None,
    output_field=DecimalField(max_digits=4, decimal_places=2),
)


def with_score_spread(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Each application with `spread`: the gap between the highest and the lowest weighted score
    of its submitted reviews, or None until two reviews are in. Pages, the CSV and the API show this."""
    return applications.annotate(spread=SCORE_SPREAD)


def spread_of(application: Application) -> Decimal | None:
    """The spread `with_score_spread` annotated on `application`."""
    spread: Decimal | None = application.spread  # type: ignore[attr-defined]
    return spread


def is_wide_spread(spread: Decimal | None) -> bool:
    return spread is not None and spread >= WIDE_SPREAD


@cache
def score_distribution_counts() -> Counts:
    """What `score_distribution` counts (see `counts.count_applications`)."""
    submitted = Q(status__in=SUBMITTED_STATUSES)
    last = len(SCORE_BINS) - 1
    return MappingProxyType(
        {
            "scores_unscored": submitted & Q(score_mean__isnull=True),
            **{
                f"scores_bin{index}": submitted
                & Q(score_mean__gte=low)
                & (Q(score_mean__lte=high) if index == last else Q(score_mean__lt=high))
                for index, (low, high) in enumerate(SCORE_BINS)
            },
        }
    )


def score_distribution(cohort: Cohort, counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Submitted applications by weighted mean score, in bins half a point wide; the last holds 5.0.

    `counts`, when given, holds `score_distribution_counts` counted with other figures' counts.
    """
    if counts is None:
        counts = count_applications(cohort, score_distribution_counts())
    rows = [
        {"low": low, "high": high, "label": f"{low:.1f}–{high:.1f}", "count": counts[f"scores_bin{index}"]}
        for index, (low, high) in enumerate(SCORE_BINS)
    ]
    rows.append({"low": None, "high": None, "label": _("Not scored"), "count": counts["scores_unscored"]})
    return rows
