"""The review page: what an assigned reviewer reads, the rubric form, and who may open it."""

import pytest
from django.urls import reverse

from cohorts.models import Conflict, Review
from cohorts.services import reviews

from ..factories import make_user
from .conftest import make_submitted

pytestmark = pytest.mark.django_db

SNAPSHOT = {
    "taken_at": "2026-11-20T09:00:00+00:00",
    "company": {"legal_name": "Orbitworks Analytics Inc.", "name_ja": "", "country": "US", "kind": "startup"},
    "profile": {
        "segments": ["earth-observation"],
        "technology_areas": ["tx11"],
        "offers": ["image-analytics"],
        "needs": ["sar-imagery"],
        "offers_text": "Ship detection from SAR within minutes of downlink.",
        "needs_text": "",
        "trl": 7,
    },
    "readiness": {"market-research": 4, "financial-resources": 2},
    "compliance": {
        "itar_registered": False,
        "export_classification": "ear99",
        "classification_detail": "",
        "has_technology_control_plan": True,
        "licences_held": "",
        "cfius_sensitivity": "unknown",
        "fefta_sensitivity": "no",
    },
}
SCORES = {
    "score-technology": "4",
    "score-team": "4",
    "score-business-value": "4",
    "score-market-readiness": "4",
    "score-compliance-readiness": "4",
}


@pytest.fixture
def application(open_cohort, us_company, us_owner, staff, reviewer, second_reviewer):
    question = open_cohort.questions.get(position=1)
    choice = open_cohort.questions.get(position=2)
    application = make_submitted(
        open_cohort,
        us_company,
        by=us_owner,
        answers={str(question.pk): "Tasking SAR analytics within an hour.", str(choice.pk): "Japan"},
        snapshot=SNAPSHOT,
    )
    for person in (reviewer, second_reviewer):
        reviews.assign_reviewer(application=application, reviewer=person, by=staff)
    return application


def _url(application):
    return reverse("cohorts:review", args=[application.pk])


def test_it_shows_the_application_and_the_rubric(client, reviewer, application):
    client.force_login(reviewer)
    response = client.get(_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Orbitworks Analytics Inc." in page
    assert "Dana Whitfield" in page  # the people, in an open review
    assert "Tasking SAR analytics within an hour." in page
    assert "Where do you want to grow first?" in page and "Japan" in page
    assert "Ship detection from SAR within minutes of downlink." in page
    assert "EAR99" in page
    assert "Agree" in page and "Disagree" in page  # the readiness answers
    assert "Business value for a cross-border partner" in page
    assert "What a U.S. or Japanese partner gains, in business terms." in page
    assert page.count('type="radio"') == 25
    assert "Save draft" in page and "Submit review" in page
    assert "Declare a conflict" in page
    assert "No pitch deck was uploaded." in page


def test_each_score_says_what_it_means(client, reviewer, application):
    client.force_login(reviewer)
    page = client.get(_url(application)).content.decode()
    for score, meaning in ((1, "weak"), (3, "meets expectations"), (5, "excellent")):
        assert f'value="{score}"> {score} <span class="muted small">{meaning}</span>' in page


def test_a_reviewer_saves_a_draft_then_submits(client, reviewer, application):
    client.force_login(reviewer)
    response = client.post(
        _url(application), {"score-team": "3", "comment": "Promising.", "action": "draft"}, follow=True
    )
    assert "Your draft is saved." in response.content.decode()
    assert 'value="3" checked' in response.content.decode()
    response = client.post(
        _url(application),
        {**SCORES, "comment": "Promising.", "recommendation": "accept", "action": "submit"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your review is submitted." in page
    assert "Weighted score 4.00" in page
    assert "Submit review" not in page
    # A submitted review is final: the conflict box is gone with the form.
    assert "Declare a conflict" not in page
    application.refresh_from_db()
    assert application.review_count == 1 and str(application.score_mean) == "4.00"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({**SCORES, "score-team": "0"}, "The score for “Team” must be a whole number from 1 to 5."),
        ({**SCORES, "score-team": "6"}, "The score for “Team” must be a whole number from 1 to 5."),
        ({**SCORES, "score-team": ""}, "Score every criterion before you submit. Missing: Team."),
    ],
)
def test_bad_scores_give_a_message_and_change_nothing(client, reviewer, application, posted, message):
    client.force_login(reviewer)
    response = client.post(
        _url(application), {**posted, "recommendation": "accept", "comment": "Kept", "action": "submit"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert ">Kept</textarea>" in page  # what was typed is kept
    assert not Review.objects.exists()
    application.refresh_from_db()
    assert application.review_count == 0


def test_a_comment_the_database_cannot_store_gives_a_message(client, reviewer, application):
    client.force_login(reviewer)
    response = client.post(
        _url(application), {**SCORES, "recommendation": "accept", "comment": "Good\x00team", "action": "submit"}
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not Review.objects.exists()


def test_other_reviews_stay_hidden_until_the_reviewer_submits(client, reviewer, second_reviewer, application):
    reviews.save_review(
        application=application,
        reviewer=second_reviewer,
        scores={key.removeprefix("score-"): 2 for key in SCORES},
        comment="Export-control questions are unanswered.",
        recommendation="reject",
        submit=True,
    )
    client.force_login(reviewer)
    page = client.get(_url(application)).content.decode()
    assert "Export-control questions are unanswered." not in page
    assert "Ren Reviewer" not in page
    client.post(_url(application), {**SCORES, "recommendation": "accept", "action": "submit"})
    page = client.get(_url(application)).content.decode()
    assert "Export-control questions are unanswered." in page
    assert "Ren Reviewer" in page and "Do not recommend" in page


def test_blind_review_hides_who_the_applicant_is(client, reviewer, application):
    application.company.website = "https://orbitworks.example"
    application.company.save()
    application.cohort.blind_review = True
    application.cohort.save()
    client.force_login(reviewer)
    page = client.get(_url(application)).content.decode()
    assert f"Applicant #{application.pk}" in page
    assert "Orbitworks" not in page
    assert "orbitworks.example" not in page
    assert "Dana Whitfield" not in page and "Sam Ortiz" not in page
    page = client.get(reverse("cohorts:reviews")).content.decode()
    assert f"Applicant #{application.pk}" in page and "Orbitworks" not in page


def test_an_unassigned_reviewer_gets_404(client, application):
    client.force_login(make_user("other.reviewer@example.com", roles=("reviewer",)))
    assert client.get(_url(application)).status_code == 404
    assert client.post(_url(application), {**SCORES, "recommendation": "accept", "action": "submit"}).status_code == 404
    assert not Review.objects.exists()


def test_a_conflicted_reviewer_gets_404_even_when_assigned(client, reviewer, second_reviewer, application, us_company):
    Conflict.objects.create(reviewer=reviewer, company=us_company)
    us_company.memberships.create(user=second_reviewer, role="member")
    for person in (reviewer, second_reviewer):
        client.force_login(person)
        assert client.get(_url(application)).status_code == 404
        assert client.post(_url(application), {**SCORES, "action": "draft"}).status_code == 404
    assert not Review.objects.exists()


@pytest.mark.parametrize("who", ["us_owner", "outsider", "staff"])
def test_people_who_are_not_assigned_get_404(client, request, who, application):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(application)).status_code == 404


def test_a_draft_application_is_never_reviewed(client, reviewer, application):
    application.status = "draft"
    application.submitted_at = None
    application.save()
    client.force_login(reviewer)
    assert client.get(_url(application)).status_code == 404


def test_the_page_reads_in_japanese(client, application, staff, jp_company):
    japanese_reviewer = make_user(
        "reviewer.ja@example.com", roles=("reviewer",), preferred_language="ja", time_zone="Asia/Tokyo"
    )
    reviews.assign_reviewer(application=application, reviewer=japanese_reviewer, by=staff)
    client.force_login(japanese_reviewer)
    page = client.get(_url(application)).content.decode()
    assert "越境パートナーにとっての事業価値" in page
    assert "日米のパートナーが得る事業上の価値。" in page
    assert "まずどの市場で成長したいですか。" in page and "日本" in page
    assert "下書きを保存" in page
    assert "利益相反を申告する" in page
    assert "JST" in page
    assert '1 <span class="muted small">不十分</span>' in page
    assert '5 <span class="muted small">非常に優れている</span>' in page
