"""Staff create and edit cohorts, their questions and rubric, on the web."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Criterion, Question, Review

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


COHORT = {
    "name_en": "Lunar Cohort 2028",
    "name_ja": "月面コホート2028",
    "slug": "lunar-2028",
    "description_en": "Lunar surface businesses across the Pacific.",
    "description_ja": "月面ビジネスの日米連携。",
    "status": "draft",
    "program_starts_on": "2028-04-03",
    "program_ends_on": "2028-06-30",
    "opens_at": "2027-12-01T09:00",
    "closes_at": "2028-01-31T17:00",
    "review_due_at": "2028-02-20T17:00",
    "seats": "8",
    "min_share_us": "40",
    "min_share_jp": "40",
    "eligible_countries": ["US", "JP"],
    "min_trl": "4",
    "reviewers_per_application": "3",
}


def new_cohort_post(**changes) -> dict:
    post = dict(COHORT)
    post |= management("questions", 2, 0)
    post |= {
        "questions-0-kind": "choice",
        "questions-0-label_en": "Which market first?",
        "questions-0-label_ja": "最初の市場は？",
        "questions-0-choices_en": "U.S.\nJapan",
        "questions-0-choices_ja": "米国\n日本",
        "questions-0-required": "on",
        # The blank row as a browser sends it: the default kind, the "required" box ticked.
        "questions-1-kind": "short_text",
        "questions-1-required": "on",
    }
    post |= management("criteria", 2, 0)
    post |= {
        "criteria-0-code": "technology",
        "criteria-0-label_en": "Technology",
        "criteria-0-label_ja": "技術",
        "criteria-0-weight": "2",
        "criteria-1-code": "team",
        "criteria-1-label_en": "Team",
        "criteria-1-label_ja": "チーム",
        "criteria-1-weight": "1",
    }
    return post | changes


def test_the_new_cohort_form_offers_the_default_rubric(client, staff):
    client.force_login(staff)
    page = client.get(reverse("cohorts:create")).content.decode()
    assert 'value="business-value"' in page
    assert "In your time zone" in page
    # Rows are added in the browser from the formset's empty form.
    assert 'data-formset-add="questions"' in page and 'name="questions-__prefix__-label_en"' in page


def test_staff_create_a_cohort_with_questions_and_rubric(client, staff):
    client.force_login(staff)
    response = client.post(reverse("cohorts:create"), new_cohort_post())
    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="lunar-2028")
    assert response["Location"] == reverse("cohorts:dashboard", args=[cohort.slug])
    assert sorted(country.code for country in cohort.eligible_countries) == ["JP", "US"]
    assert cohort.opens_at.isoformat() == "2027-12-01T09:00:00+00:00"  # the staff user's zone is UTC
    question = cohort.questions.get()
    assert (question.kind, question.label_ja, question.position) == ("choice", "最初の市場は？", 1)
    assert list(cohort.criteria.values_list("code", "weight")) == [("technology", 2), ("team", 1)]
    assert "The cohort is saved." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_at": "2027-11-01T09:00"}, "Applications must close after they open."),
        (
            {"min_share_us": "60", "min_share_jp": "50"},
            "The U.S. and Japanese minimum shares add up to more than 100%.",
        ),
        ({"program_ends_on": "2028-01-01"}, "The program must end on or after its first day."),
        ({"seats": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"questions-0-choices_en": ""}, "List the choices, one per line."),
        ({"criteria-1-code": "technology"}, "Each criterion needs its own code."),
    ],
)
def test_bad_input_shows_the_message_and_saves_nothing(client, staff, changes, message):
    client.force_login(staff)
    response = client.post(reverse("cohorts:create"), new_cohort_post(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved" in page
    assert not Cohort.objects.exists() and not Question.objects.exists() and not Criterion.objects.exists()


def edit_post(cohort, **changes) -> dict:
    post = {
        **COHORT,
        "slug": cohort.slug,
        "status": cohort.status,
        "opens_at": "2027-01-01T09:00",
        "closes_at": "2027-02-01T09:00",
        "program_starts_on": "2027-04-05",
        "program_ends_on": "2027-06-25",
        "review_due_at": "",
        **changes,
    }
    questions = list(cohort.questions.order_by("position"))
    post |= management("questions", len(questions), len(questions))
    for index, question in enumerate(questions):
        post |= {
            f"questions-{index}-id": str(question.pk),
            f"questions-{index}-cohort": str(cohort.pk),
            f"questions-{index}-kind": question.kind,
            f"questions-{index}-label_en": question.label_en,
            f"questions-{index}-label_ja": question.label_ja,
            f"questions-{index}-choices_en": question.choices_en,
            f"questions-{index}-choices_ja": question.choices_ja,
        }
    criteria = list(cohort.criteria.order_by("position"))
    post |= management("criteria", len(criteria), len(criteria))
    for index, criterion in enumerate(criteria):
        post |= {
            f"criteria-{index}-id": str(criterion.pk),
            f"criteria-{index}-cohort": str(cohort.pk),
            f"criteria-{index}-code": criterion.code,
            f"criteria-{index}-label_en": criterion.label_en,
            f"criteria-{index}-label_ja": criterion.label_ja,
            f"criteria-{index}-weight": str(criterion.weight),
        }
    return post


def test_staff_edit_a_cohort_and_remove_a_question(client, staff, open_cohort):
    client.force_login(staff)
    assert "What would a partner" in client.get(reverse("cohorts:edit", args=[open_cohort.slug])).content.decode()
    post = edit_post(open_cohort, seats="12", name_en="Binational Cohort 2027 (extended)")
    post["questions-1-DELETE"] = "on"
    post["criteria-0-weight"] = "3"
    response = client.post(reverse("cohorts:edit", args=[open_cohort.slug]), post)
    assert response.status_code == 302
    open_cohort.refresh_from_db()
    assert open_cohort.seats == 12 and open_cohort.name_en == "Binational Cohort 2027 (extended)"
    assert open_cohort.questions.count() == 1
    assert open_cohort.criteria.get(code="technology").weight == 3


def test_an_answered_question_cannot_be_removed(client, staff, open_cohort, jp_application):
    _first, second = open_cohort.questions.order_by("position")
    jp_application.answers = {str(second.pk): "Japan"}
    jp_application.save()
    client.force_login(staff)
    post = edit_post(open_cohort, seats="12")
    post["questions-1-DELETE"] = "on"
    response = client.post(reverse("cohorts:edit", args=[open_cohort.slug]), post)
    assert "A question that applicants have answered cannot be removed." in response.content.decode()
    open_cohort.refresh_from_db()
    assert open_cohort.seats == 10 and open_cohort.questions.count() == 2


def test_a_scored_criterion_keeps_its_code(client, staff, open_cohort, jp_application, reviewer):
    Review.objects.create(application=jp_application, reviewer=reviewer, scores={"technology": 4})
    client.force_login(staff)
    post = edit_post(open_cohort)
    post["criteria-0-code"] = "tech"
    response = client.post(reverse("cohorts:edit", args=[open_cohort.slug]), post)
    assert "Reviewers have scored “Technology”" in response.content.decode()
    assert open_cohort.criteria.filter(code="technology").exists()


def test_the_edit_form_reads_in_japanese(client, staff, open_cohort):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("cohorts:edit", args=[open_cohort.slug]), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "審査基準" in page
    assert "応募フォームの質問" in page
