"""Creating and editing cohorts, their questions and review rubric."""

from decimal import Decimal

from django.db import transaction

from ..models import Cohort, Criterion

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


@transaction.atomic
def update_cohort(*, cohort: Cohort, **fields) -> Cohort:
    """Changes `fields` of `cohort`; the whole cohort is validated before anything is saved."""
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.full_clean()
    cohort.save()
    return cohort
