"""Saving a draft: answers checked leniently, the pitch deck checked by its content."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Application, Cohort, Question
from cohorts.services import applications
from cohorts.services.applications import save_draft, start_application

from .pitch_decks import answer_key, pdf_bytes, pdf_upload, png_named_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(open_cohort, us_company, us_owner):
    Question.objects.create(
        cohort=open_cohort,
        kind=Question.Kind.NUMBER,
        label_en="Employees in Japan",
        label_ja="日本の従業員数",
        required=False,
        position=3,
    )
    return start_application(cohort=open_cohort, company=us_company, user=us_owner)


def edit_url(application):
    return reverse("cohorts:edit_application", args=[application.pk])


def form_data(cohort, **by_position):
    return {f"question_{answer_key(cohort, position)}": value for position, value in by_position.items()}


def test_a_member_saves_answers_and_a_pitch_deck(client, member, draft, open_cohort, tmp_path):
    client.force_login(member)
    data = form_data(
        open_cohort, **{"1": "Tasking of SAR satellites from U.S. ground stations.", "2": "Japan", "3": "12"}
    )
    response = client.post(edit_url(draft), {**data, "action": "save", "pitch_deck": pdf_upload()})
    assert response.url == edit_url(draft)
    draft.refresh_from_db()
    assert draft.answers == {
        answer_key(open_cohort, 1): "Tasking of SAR satellites from U.S. ground stations.",
        answer_key(open_cohort, 2): "Japan",
        answer_key(open_cohort, 3): 12,
    }
    assert draft.pitch_deck_name == "orbitworks-deck.pdf" and draft.status == "draft"
    assert (tmp_path / "private" / draft.pitch_deck.name).read_bytes().startswith(b"%PDF-")
    page = client.get(edit_url(draft)).content.decode()
    assert "Your draft is saved." in page
    assert "orbitworks-deck.pdf" in page and "Replace the pitch deck" in page
    assert "Tasking of SAR satellites" in page


def test_replacing_the_deck_keeps_one_file(
    client, us_owner, draft, open_cohort, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(us_owner)
    client.post(edit_url(draft), {"action": "save", "pitch_deck": pdf_upload("v1.pdf")})
    first = Application.objects.get().pitch_deck.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(draft), {"action": "save", "pitch_deck": pdf_upload("v2.pdf")})
    draft.refresh_from_db()
    assert draft.pitch_deck_name == "v2.pdf"
    assert not (tmp_path / "private" / first).exists() and (tmp_path / "private" / draft.pitch_deck.name).exists()


def test_a_png_named_pdf_is_refused_and_the_draft_kept(client, us_owner, draft, open_cohort):
    save_draft(
        application=draft,
        user=us_owner,
        answers={answer_key(open_cohort, 1): "First answer"},
        pitch_deck=pdf_upload("good.pdf"),
    )
    before = Application.objects.get()
    client.force_login(us_owner)
    data = form_data(open_cohort, **{"1": "A better answer"})
    response = client.post(edit_url(draft), {**data, "action": "save", "pitch_deck": png_named_pdf()})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The pitch deck must be a PDF file. This file is not one, whatever its name." in page
    assert "A better answer" in page  # what they typed is shown again, not lost
    after = Application.objects.get()
    assert after.answers == before.answers == {answer_key(open_cohort, 1): "First answer"}
    assert after.pitch_deck.name == before.pitch_deck.name and after.pitch_deck_name == "good.pdf"


def test_an_oversize_deck_is_refused_and_the_draft_kept(client, us_owner, draft, open_cohort, monkeypatch):
    save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 1): "Kept"})
    huge = SimpleUploadedFile("huge.pdf", pdf_bytes() + b"\0" * (20 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 1): "Changed"}, pitch_deck=huge)
    assert "the limit is 20 MB" in str(error.value)
    monkeypatch.setattr(applications, "MAX_PITCH_DECK_BYTES", 100)
    client.force_login(us_owner)
    response = client.post(edit_url(draft), {**form_data(open_cohort, **{"1": "Changed"}), "pitch_deck": pdf_upload()})
    assert response.status_code == 400 and "the limit is 20 MB" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {answer_key(open_cohort, 1): "Kept"} and not draft.pitch_deck


def test_answers_must_be_of_the_right_kind(client, us_owner, draft, open_cohort):
    client.force_login(us_owner)
    data = form_data(open_cohort, **{"1": "Fine", "2": "Mars", "3": "a dozen"})
    response = client.post(edit_url(draft), {**data, "action": "save"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in page and "Enter a number" in page
    with pytest.raises(ValidationError) as error:
        save_draft(
            application=draft,
            user=us_owner,
            answers={answer_key(open_cohort, 2): "Mars", answer_key(open_cohort, 3): "x"},
        )
    assert set(error.value.message_dict) == {answer_key(open_cohort, 2), answer_key(open_cohort, 3)}
    draft.refresh_from_db()
    assert draft.answers == {}


def test_required_answers_may_be_missing_from_a_draft(us_owner, draft, open_cohort):
    save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 2): "United States"})
    draft.refresh_from_db()
    assert draft.answers == {answer_key(open_cohort, 2): "United States"}


def test_only_members_edit_the_draft(client, outsider, staff, jp_owner, draft, open_cohort):
    for user, status in ((outsider, 404), (jp_owner, 404), (staff, 403)):
        client.force_login(user)
        assert client.get(edit_url(draft)).status_code == status
        assert client.post(edit_url(draft), form_data(open_cohort, **{"1": "Mine now"})).status_code == status
    with pytest.raises(PermissionDenied):
        save_draft(application=draft, user=staff, answers={answer_key(open_cohort, 1): "Mine now"})
    draft.refresh_from_db()
    assert draft.answers == {}


def test_a_draft_cannot_be_saved_after_the_deadline(client, us_owner, draft, open_cohort):
    Cohort.objects.filter(pk=open_cohort.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 1): "Late"})
    assert "Applications to this cohort closed on" in str(error.value)
    client.force_login(us_owner)
    response = client.get(edit_url(draft), follow=True)
    assert "Applications to this cohort are closed" in response.content.decode()


def test_the_form_reads_in_japanese(client, jp_owner, jp_company, open_cohort):
    application = start_application(cohort=open_cohort, company=jp_company, user=jp_owner)
    client.force_login(jp_owner)
    page = client.get(edit_url(application)).content.decode()
    assert "太平洋の向こう側のパートナーは" in page
    assert "第三国" in page
    assert "下書きを保存" in page and "JST" in page and re.search(r"\bE[SD]T\b", page)


def test_a_number_too_large_to_store_is_refused(client, us_owner, draft, open_cohort):
    client.force_login(us_owner)
    response = client.post(edit_url(draft), {**form_data(open_cohort, **{"3": "1e5000"}), "action": "save"})
    assert response.status_code == 400
    assert "Enter a number with at most 15 digits before the decimal point." in response.content.decode()
    for huge in ("1e2000000", "-1e16", "1000000000000000"):
        with pytest.raises(ValidationError) as error:
            save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 3): huge})
        assert error.value.message_dict == {
            answer_key(open_cohort, 3): ["Enter a number with at most 15 digits before the decimal point."]
        }
    save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 3): "999999999999999.5"})
    draft.refresh_from_db()
    assert draft.answers == {answer_key(open_cohort, 3): 999999999999999.5}


def test_a_withdrawn_draft_says_it_was_withdrawn(draft, us_owner, open_cohort):
    applications.withdraw_application(application=draft, user=us_owner)
    with pytest.raises(ValidationError) as error:
        save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, 1): "Late words."})
    assert error.value.messages == ["This application has been withdrawn and can no longer be edited."]
    draft.refresh_from_db()
    assert draft.answers.get(answer_key(open_cohort, 1)) != "Late words."


def test_an_answer_to_another_cohorts_question_is_refused(us_owner, draft, open_cohort, closed_cohort):
    elsewhere = closed_cohort.questions.create(kind="short_text", label_en="Elsewhere", position=1)
    with pytest.raises(ValidationError) as error:
        save_draft(
            application=draft,
            user=us_owner,
            answers={answer_key(open_cohort, 1): "Kept out too", str(elsewhere.pk): "Misplaced", "nine": "x"},
        )
    assert error.value.message_dict == {
        str(elsewhere.pk): ["This cohort has no question with this id."],
        "nine": ["This cohort has no question with this id."],
    }
    draft.refresh_from_db()
    assert draft.answers == {}


@pytest.mark.parametrize("position", [1, 2, 3])
def test_an_answer_with_a_null_character_is_refused(us_owner, draft, open_cohort, position):
    with pytest.raises(ValidationError) as error:
        save_draft(application=draft, user=us_owner, answers={answer_key(open_cohort, position): "Ja\x00pan"})
    assert error.value.message_dict == {
        answer_key(open_cohort, position): ["Remove the null characters (U+0000) from this text."]
    }
    draft.refresh_from_db()
    assert draft.answers == {}


def test_the_form_names_an_answer_with_a_null_character(client, us_owner, draft, open_cohort):
    client.force_login(us_owner)
    response = client.post(edit_url(draft), {**form_data(open_cohort, **{"1": "SAR\x00 tasking"}), "action": "save"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {}
