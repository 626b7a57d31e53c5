"""Applying through /api/v1/applications/: start, save a draft, submit, withdraw, decline."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.models import Application, Cohort, StatusChange
from cohorts.services.applications import start_application

from .conftest import make_cohort
from .fixtures_api import api
from .pitch_decks import answer_key, pdf_upload, png_named_pdf

pytestmark = pytest.mark.django_db

LIST = "/api/v1/applications/"
PARTNER_GAIN = "Tasking of SAR satellites from U.S. ground stations."


def detail(application) -> str:
    return f"{LIST}{application.pk}/"


def act(application, name: str) -> str:
    return f"{LIST}{application.pk}/{name}/"


def close(cohort) -> None:
    Cohort.objects.filter(pk=cohort.pk).update(closes_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def draft(open_cohort, us_company, us_owner):
    return start_application(cohort=open_cohort, company=us_company, user=us_owner)


@pytest.fixture
def jp_draft(open_cohort, jp_company, jp_owner):
    return start_application(cohort=open_cohort, company=jp_company, user=jp_owner)


# Starting


def test_a_member_starts_a_draft_and_starting_again_answers_the_same_one(member, open_cohort, us_company):
    response = api(member).post(LIST, {"cohort": open_cohort.pk, "company": us_company.pk}, format="json")
    assert response.status_code == 201, response.json()
    started = response.json()
    assert started["status"] == "draft" and started["answers"] == {} and started["has_pitch_deck"] is False
    assert started["company"]["legal_name"] == "Orbitworks Analytics Inc."
    assert started["cohort"]["slug"] == "cohort-2027"
    again = api(member).post(LIST, {"cohort": open_cohort.pk, "company": us_company.pk}, format="json")
    assert again.status_code == 200 and again.json()["id"] == started["id"]
    application = Application.objects.get()
    assert application.created_by == member
    assert list(StatusChange.objects.values_list("status", flat=True)) == ["draft"]


def test_a_non_member_cannot_apply_for_a_company(outsider, staff, open_cohort, us_company):
    for user in (outsider, staff):
        response = api(user).post(LIST, {"cohort": open_cohort.pk, "company": us_company.pk}, format="json")
        assert response.status_code == 403
    assert response.json()["detail"] == "Only members of a company can apply on its behalf."
    assert not Application.objects.exists()


def test_a_draft_cohort_is_unknown_to_applicants(us_owner, us_company):
    hidden = make_cohort(slug="cohort-2028", status="draft")
    response = api(us_owner).post(LIST, {"cohort": hidden.pk, "company": us_company.pk}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"cohort"}
    assert not Application.objects.exists()


def test_starting_after_the_deadline_is_a_400_in_the_users_language(closed_cohort, jp_owner, jp_company):
    Cohort.objects.filter(pk=closed_cohort.pk).update(status="open")
    response = api(jp_owner).post(LIST, {"cohort": closed_cohort.pk, "company": jp_company.pk}, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert message.startswith("このコホートの応募は") and "JST" in message
    assert not Application.objects.exists()


def test_missing_fields_are_a_400(us_owner):
    response = api(us_owner).post(LIST, {}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"cohort", "company"}


# Saving a draft


def test_a_member_saves_answers_as_json(member, draft, open_cohort):
    answers = {answer_key(open_cohort, 1): PARTNER_GAIN, answer_key(open_cohort, 2): "Japan"}
    response = api(member).patch(detail(draft), {"answers": answers}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["answers"] == answers
    draft.refresh_from_db()
    assert draft.answers == answers and draft.status == "draft"
    cleared = api(member).patch(detail(draft), {"answers": {answer_key(open_cohort, 2): None}}, format="json")
    assert cleared.json()["answers"] == {answer_key(open_cohort, 1): PARTNER_GAIN}


def test_a_member_uploads_a_pitch_deck_with_answers_in_one_multipart_request(us_owner, draft, open_cohort, tmp_path):
    answers = json.dumps({answer_key(open_cohort, 1): PARTNER_GAIN})
    response = api(us_owner).patch(detail(draft), {"answers": answers, "pitch_deck": pdf_upload()}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["has_pitch_deck"] is True
    draft.refresh_from_db()
    assert draft.answers == {answer_key(open_cohort, 1): PARTNER_GAIN}
    assert draft.pitch_deck_name == "orbitworks-deck.pdf"
    assert (tmp_path / "private" / draft.pitch_deck.name).read_bytes().startswith(b"%PDF-")


def test_a_file_that_is_not_a_pdf_keeps_the_draft_as_it_was(us_owner, draft, open_cohort):
    kept = {answer_key(open_cohort, 1): PARTNER_GAIN}
    Application.objects.filter(pk=draft.pk).update(answers=kept)
    answers = json.dumps({answer_key(open_cohort, 2): "Japan"})
    response = api(us_owner).patch(
        detail(draft), {"answers": answers, "pitch_deck": png_named_pdf()}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "pitch_deck": ["The pitch deck must be a PDF file. This file is not one, whatever its name."]
    }
    draft.refresh_from_db()
    assert draft.answers == kept and not draft.pitch_deck


def test_a_bad_answer_is_keyed_by_its_question_and_nothing_is_saved(us_owner, draft, open_cohort):
    answers = {answer_key(open_cohort, 1): PARTNER_GAIN, answer_key(open_cohort, 2): "Mars"}
    response = api(us_owner).patch(detail(draft), {"answers": answers}, format="json")
    assert response.status_code == 400
    assert response.json() == {"answers": {answer_key(open_cohort, 2): ["Choose one of the options given."]}}
    draft.refresh_from_db()
    assert draft.answers == {}


@pytest.mark.parametrize(
    "answers",
    [["a list"], "not json", {"1": {"nested": "object"}}, {"1": True}],
    ids=["list", "text", "nested", "boolean"],
)
def test_answers_that_are_not_an_object_of_plain_values_are_a_400(us_owner, draft, answers):
    response = api(us_owner).patch(detail(draft), {"answers": answers}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"answers"}
    draft.refresh_from_db()
    assert draft.answers == {}


def test_an_answer_with_a_null_character_is_a_400_in_the_users_language(jp_owner, jp_draft, open_cohort):
    answers = {answer_key(open_cohort, 1): "SAR\x00 tasking"}
    response = api(jp_owner).patch(detail(jp_draft), {"answers": answers}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "answers": {answer_key(open_cohort, 1): ["この文字列からヌル文字（U+0000）を取り除いてください。"]}
    }
    jp_draft.refresh_from_db()
    assert jp_draft.answers == {}


def test_an_answer_to_another_cohorts_question_is_a_400(us_owner, draft, open_cohort, closed_cohort):
    elsewhere = closed_cohort.questions.create(kind="short_text", label_en="Elsewhere", position=1)
    answers = {answer_key(open_cohort, 1): PARTNER_GAIN, str(elsewhere.pk): "Misplaced"}
    response = api(us_owner).patch(detail(draft), {"answers": answers}, format="json")
    assert response.status_code == 400
    assert response.json() == {"answers": {str(elsewhere.pk): ["This cohort has no question with this id."]}}
    draft.refresh_from_db()
    assert draft.answers == {}


def test_saving_after_the_deadline_is_a_400_and_changes_nothing(jp_owner, jp_draft, open_cohort):
    close(open_cohort)
    response = api(jp_owner).patch(detail(jp_draft), {"answers": {answer_key(open_cohort, 1): "遅れて"}}, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert message.startswith("このコホートの応募は") and message.endswith("に締め切られました。")
    jp_draft.refresh_from_db()
    assert jp_draft.answers == {}


def test_staff_read_an_applicants_answers_but_cannot_change_them(staff, draft, open_cohort):
    Application.objects.filter(pk=draft.pk).update(answers={answer_key(open_cohort, 1): PARTNER_GAIN})
    assert api(staff).get(detail(draft)).json()["answers"] == {answer_key(open_cohort, 1): PARTNER_GAIN}
    response = api(staff).patch(detail(draft), {"answers": {answer_key(open_cohort, 1): "Rewritten"}}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only members of the company can change its application."
    draft.refresh_from_db()
    assert draft.answers == {answer_key(open_cohort, 1): PARTNER_GAIN}


def test_another_companys_draft_is_404(jp_owner, outsider, reviewer, draft, open_cohort):
    for user in (jp_owner, outsider, reviewer):
        response = api(user).patch(detail(draft), {"answers": {answer_key(open_cohort, 1): "x"}}, format="json")
        assert response.status_code == 404
        assert api(user).post(act(draft, "submit")).status_code == 404
    draft.refresh_from_db()
    assert draft.answers == {} and draft.status == "draft"


def test_applications_are_never_replaced_or_deleted(us_owner, draft):
    assert api(us_owner).put(detail(draft), {"answers": {}}, format="json").status_code == 405
    assert api(us_owner).delete(detail(draft)).status_code == 405
    assert Application.objects.filter(pk=draft.pk).exists()


# Submitting


def test_a_member_submits_a_complete_draft_once(us_owner, draft, open_cohort):
    Application.objects.filter(pk=draft.pk).update(answers={answer_key(open_cohort, 1): PARTNER_GAIN})
    response = api(us_owner).post(act(draft, "submit"))
    assert response.status_code == 200, response.json()
    submitted = response.json()
    assert submitted["status"] == "submitted" and submitted["submitted_at"]
    assert submitted["snapshot"]["company"]["legal_name"] == "Orbitworks Analytics Inc."
    again = api(us_owner).post(act(draft, "submit"))
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This application has already been submitted."]}
    assert StatusChange.objects.filter(application=draft, status="submitted").count() == 1


def test_submitting_without_the_required_answers_is_a_400(us_owner, draft, open_cohort):
    response = api(us_owner).post(act(draft, "submit"))
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert message.startswith("Answer every required question before submitting:")
    assert "What would a partner across the Pacific gain" in message
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.snapshot == {}


def test_submitting_after_the_deadline_is_a_400_in_japanese(jp_owner, jp_draft, open_cohort):
    Application.objects.filter(pk=jp_draft.pk).update(answers={answer_key(open_cohort, 1): "米国の地上局から"})
    close(open_cohort)
    response = api(jp_owner).post(act(jp_draft, "submit"))
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("このコホートの応募は")
    jp_draft.refresh_from_db()
    assert jp_draft.status == "draft" and jp_draft.submitted_at is None


def test_staff_cannot_submit_for_an_applicant(staff, draft, open_cohort):
    Application.objects.filter(pk=draft.pk).update(answers={answer_key(open_cohort, 1): PARTNER_GAIN})
    assert api(staff).post(act(draft, "submit")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


# Withdrawing and declining


def test_a_member_withdraws_a_submitted_application_and_its_staged_decision_goes(member, us_application):
    Application.objects.filter(pk=us_application.pk).update(pending_decision="accept")
    response = api(member).post(act(us_application, "withdraw"))
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    us_application.refresh_from_db()
    assert us_application.pending_decision == ""
    again = api(member).post(act(us_application, "withdraw"))
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["An application that is withdrawn cannot be withdrawn."]}


def test_a_reviewer_of_the_application_cannot_withdraw_it(reviewer, us_application):
    us_application.assignments.create(reviewer=reviewer)
    assert api(reviewer).get(detail(us_application)).status_code == 200
    assert api(reviewer).post(act(us_application, "withdraw")).status_code == 403
    us_application.refresh_from_db()
    assert us_application.status == "submitted"


def test_a_member_declines_an_accepted_place(jp_owner, jp_application):
    Application.objects.filter(pk=jp_application.pk).update(status="accepted", decided_at=timezone.now())
    response = api(jp_owner).post(act(jp_application, "decline"))
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert StatusChange.objects.filter(application=jp_application, status="declined").count() == 1


def test_only_an_accepted_place_can_be_declined(us_owner, jp_owner, us_application, jp_application):
    response = api(jp_owner).post(act(jp_application, "decline"))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["辞退できるのは採択されたオファーだけです。"]}
    assert api(us_owner).post(act(jp_application, "decline")).status_code == 404
    jp_application.refresh_from_db()
    assert jp_application.status == "submitted"
