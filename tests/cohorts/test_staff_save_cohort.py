"""The services behind the cohort form: questions and rubric saved whole, in order, or not at all."""

import pytest
from django.core.exceptions import ValidationError

from cohorts.services.cohorts import save_cohort, save_criteria, save_questions, update_cohort

pytestmark = pytest.mark.django_db


def rubric(cohort) -> list[dict]:
    return [
        {
            "id": criterion.pk,
            "code": criterion.code,
            "label_en": criterion.label_en,
            "label_ja": criterion.label_ja,
            "weight": criterion.weight,
        }
        for criterion in cohort.criteria.order_by("position")
    ]


def test_two_criteria_may_swap_codes_and_order(open_cohort):
    rows = rubric(open_cohort)
    technology_pk, team_pk = rows[0]["id"], rows[1]["id"]
    rows[0]["code"], rows[1]["code"] = "team", "technology"
    rows.reverse()
    save_criteria(cohort=open_cohort, criteria=rows)
    saved = list(open_cohort.criteria.order_by("position").values_list("pk", "code"))
    assert saved[-2:] == [(team_pk, "technology"), (technology_pk, "team")]
    assert saved[0][1] == "compliance-readiness"


def test_questions_are_reordered_and_a_new_one_added(open_cohort):
    first, second = open_cohort.questions.order_by("position")
    save_questions(
        cohort=open_cohort,
        questions=[
            {"id": second.pk},
            {"id": None, "kind": "number", "label_en": "Employees?", "label_ja": "従業員数は？", "required": False},
            {"id": first.pk},
        ],
    )
    assert list(open_cohort.questions.order_by("position").values_list("label_en", flat=True)) == [
        second.label_en,
        "Employees?",
        first.label_en,
    ]


def test_a_stale_row_changes_nothing(open_cohort):
    with pytest.raises(ValidationError, match="no longer exists"):
        save_cohort(
            cohort=open_cohort,
            fields={"seats": 30},
            questions=[{"id": 999999, "label_en": "Gone"}],
            criteria=rubric(open_cohort),
        )
    open_cohort.refresh_from_db()
    assert open_cohort.seats == 10 and open_cohort.questions.count() == 2


def test_a_choice_question_needs_its_choices(open_cohort):
    with pytest.raises(ValidationError, match="offers a choice"):
        save_questions(
            cohort=open_cohort,
            questions=[{"id": None, "kind": "choice", "label_en": "Pick", "label_ja": "選択", "choices_en": ""}],
        )
    assert open_cohort.questions.count() == 2


def test_the_rubric_is_never_empty(open_cohort):
    with pytest.raises(ValidationError, match="at least one criterion"):
        save_criteria(cohort=open_cohort, criteria=[])
    assert open_cohort.criteria.count() == 5


def test_update_checks_the_window(open_cohort):
    with pytest.raises(ValidationError):
        update_cohort(cohort=open_cohort, closes_at=open_cohort.opens_at)
    open_cohort.refresh_from_db()
    assert open_cohort.closes_at > open_cohort.opens_at
