"""The applicant's side of a cohort: drafts, the pitch deck, submission, withdrawal and messages."""

import os
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from accelerator.accounts.models import User
from accelerator.companies.models import (
    CapabilityProfile,
    Company,
    Membership,
    OrganisationKind,
    ReadinessAnswer,
)
from accelerator.dates import datetime_tz
from accelerator.outbox.services import enqueue
from accelerator.permissions import is_program_staff

from .. import permissions
from ..models import Application, Cohort, Message, Question, StatusChange

MAX_PITCH_DECK_BYTES = 20 * 1024 * 1024
MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 5000
MAX_MESSAGE = 5000
# Wider numbers could not be stored as JSON, and turning them into integers takes minutes.
MAX_NUMBER_DIGITS = 15

WITHDRAWABLE = (Application.Status.DRAFT, Application.Status.SUBMITTED, Application.Status.WAITLISTED)


def _require_member(user: User, application: Application) -> None:
    if not permissions.is_member(user, application):
        raise PermissionDenied(_("Only members of the company can change its application."))


def _require_open(cohort: Cohort) -> None:
    now = timezone.now()
    if cohort.status != Cohort.Status.OPEN or now < cohort.opens_at:
        raise ValidationError(_("This cohort is not accepting applications."), code="not_open")
    if now >= cohort.closes_at:
        raise ValidationError(
            _("Applications to this cohort closed on %(when)s.") % {"when": datetime_tz(cohort.closes_at)},
            code="closed",
        )


def ineligibility(cohort: Cohort, company: Company) -> list[str]:
    """Why `company` may not apply to `cohort`, as messages; empty when it may."""
    reasons = []
    if company.kind != OrganisationKind.STARTUP:
        reasons.append(_("Only startups and small companies can apply to a cohort."))
    allowed = [country.code for country in cohort.eligible_countries]
    if allowed and company.country.code not in allowed:
        reasons.append(
            _("This cohort is open to companies from %(countries)s; %(company)s is registered in %(country)s.")
            % {
                "countries": ", ".join(str(country.name) for country in cohort.eligible_countries),
                "company": company.legal_name,
                "country": company.country.name,
            }
        )
    if cohort.min_trl:
        trl = CapabilityProfile.objects.filter(company=company).values_list("trl", flat=True).first()
        if trl is None:
            reasons.append(
                _("This cohort asks for TRL %(min)s or higher: add your TRL to the capability profile first.")
                % {"min": cohort.min_trl}
            )
        elif trl < cohort.min_trl:
            reasons.append(
                _("This cohort asks for TRL %(min)s or higher; your capability profile says TRL %(trl)s.")
                % {"min": cohort.min_trl, "trl": trl}
            )
    return reasons


@transaction.atomic
def start_application(*, cohort: Cohort, company: Company, user: User) -> Application:
    """The company's application to the cohort: the existing one, or a new draft."""
    if not permissions.is_company_member(user, company.pk):
        raise PermissionDenied(_("Only members of a company can apply on its behalf."))
    existing = Application.objects.filter(cohort=cohort, company=company).first()
    if existing is not None:
        return existing
    _require_open(cohort)
    reasons = ineligibility(cohort, company)
    if reasons:
        raise ValidationError(reasons, code="ineligible")
    application, created = Application.objects.get_or_create(
        cohort=cohort, company=company, defaults={"created_by": user}
    )
    if created:
        StatusChange.objects.create(application=application, status=Application.Status.DRAFT, changed_by=user)
    return application


def _clean_answer(question: Question, value: Any) -> Any:
    """The answer as stored, or "" when empty; raises ValidationError with the reason."""
    if value is None:
        return ""
    # PostgreSQL's JSON cannot store U+0000: saved, it would fail the request.
    if "\x00" in str(value):
        raise ValidationError(_("Remove the null characters (U+0000) from this text."), code="null_character")
    if question.kind == Question.Kind.NUMBER:
        text = str(value).strip().replace(",", "")
        if not text:
            return ""
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        if number and number.adjusted() >= MAX_NUMBER_DIGITS:
            raise ValidationError(
                _("Enter a number with at most %(digits)s digits before the decimal point.")
                % {"digits": MAX_NUMBER_DIGITS}
            )
        return int(number) if number == number.to_integral_value() else float(number)
    text = str(value).strip()
    if not text:
        return ""
    if question.kind == Question.Kind.CHOICE:
        if text not in [stored for stored, _label in question.choice_list]:
            raise ValidationError(_("Choose one of the options given."))
        return text
    limit = MAX_SHORT_TEXT if question.kind == Question.Kind.SHORT_TEXT else MAX_LONG_TEXT
    if len(text) > limit:
        raise ValidationError(
            _("Keep this answer within %(limit)s characters (it has %(length)s).")
            % {"limit": limit, "length": len(text)}
        )
    return text


PDF_HEADER = b"%PDF-"


def _check_pitch_deck(upload: UploadedFile) -> None:
    size = upload.size or 0
    if size > MAX_PITCH_DECK_BYTES:
        raise ValidationError(
            _("The pitch deck is %(size)s MB; the limit is 20 MB.") % {"size": round(size / 1024 / 1024, 1)}
        )
    not_a_pdf = ValidationError(_("The pitch deck must be a PDF file. This file is not one, whatever its name."))
    # A PDF starts with its header; a file that only contains one somewhere (an HTML page
    # with a PDF appended) is something else that PDF readers happen to tolerate.
    upload.seek(0)
    if upload.read(len(PDF_HEADER)) != PDF_HEADER:
        raise not_a_pdf
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds of errors on damaged or foreign files
        raise not_a_pdf from None
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(_("The pitch deck PDF has no pages."))


def _deck_display_name(upload: UploadedFile) -> str:
    return deck_download_name(os.path.basename(upload.name or ""))


def deck_download_name(name: str) -> str:
    """The name a pitch deck is served under: the uploaded one, always ending in .pdf."""
    stem = name.strip().replace("\x00", "")
    if not stem:
        return "pitch-deck.pdf"
    if not stem.lower().endswith(".pdf"):
        stem = f"{os.path.splitext(stem)[0] or stem}.pdf"
    return stem[-200:]


@transaction.atomic
def save_draft(
    *, application: Application, user: User, answers: dict[str, Any], pitch_deck: UploadedFile | None = None
) -> Application:
    """Saves the answers (and a new pitch deck) of a draft. Nothing is written unless all of it is valid.

    Drafts are checked leniently: required answers may be missing, but what is given must
    be of the right kind, and answer a question of the cohort. Errors are keyed by question
    id (or "pitch_deck").
    """
    _require_member(user, application)
    application = Application.objects.select_for_update().select_related("cohort").get(pk=application.pk)
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(_("This application has been withdrawn and can no longer be edited."), code="not_draft")
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application has been submitted and can no longer be edited."), code="not_draft")
    _require_open(application.cohort)
    questions = list(application.cohort.questions.all())
    known = {str(question.pk) for question in questions}
    errors: dict[str, list] = {
        str(key): [_("This cohort has no question with this id.")] for key in answers if str(key) not in known
    }
    cleaned = dict(application.answers)
    for question in questions:
        key = str(question.pk)
        if key not in answers:
            continue
        try:
            value = _clean_answer(question, answers[key])
        except ValidationError as error:
            errors[key] = error.messages
            continue
        if value == "":
            cleaned.pop(key, None)
        else:
            cleaned[key] = value
    if pitch_deck is not None:
        try:
            _check_pitch_deck(pitch_deck)
        except ValidationError as error:
            errors["pitch_deck"] = error.messages
    if errors:
        raise ValidationError(errors)
    application.answers = cleaned
    update_fields = ["answers", "updated_at"]
    if pitch_deck is not None:
        previous = application.pitch_deck.name
        application.pitch_deck_name = _deck_display_name(pitch_deck)
        application.pitch_deck.save(f"{uuid.uuid4().hex}.pdf", pitch_deck, save=False)
        update_fields += ["pitch_deck", "pitch_deck_name"]
        if previous:
            storage = application.pitch_deck.storage
            transaction.on_commit(lambda: storage.delete(previous))
    application.save(update_fields=update_fields)
    return application


def company_snapshot(company: Company) -> dict:
    """The capability profile, readiness self-assessment, compliance readiness and team as they are now.

    The team is the company's people by name and role (no addresses), so that reviewers judge
    the team that applied, whoever joins or leaves later.
    """
    profile = (
        CapabilityProfile.objects.filter(company=company)
        .prefetch_related("segments", "technology_areas", "offers", "needs")
        .first()
    )
    snapshot = {
        "taken_at": timezone.now().isoformat(),
        "company": {
            "legal_name": company.legal_name,
            "name_ja": company.name_ja,
            "country": company.country.code,
            "kind": company.kind,
        },
        "profile": {
            "segments": [],
            "technology_areas": [],
            "offers": [],
            "needs": [],
            "offers_text": "",
            "needs_text": "",
            "trl": None,
        },
        "readiness": dict(ReadinessAnswer.objects.filter(company=company).values_list("item__code", "score")),
        "team": [
            {"name": str(membership.user), "role": membership.role}
            for membership in Membership.objects.filter(company=company, user__is_active=True)
            .select_related("user")
            .order_by("-role", "created_at", "pk")
        ],
        "compliance": {
            "itar_registered": False,
            "export_classification": "unknown",
            "classification_detail": "",
            "has_technology_control_plan": False,
            "licences_held": "",
            "cfius_sensitivity": "unknown",
            "fefta_sensitivity": "unknown",
        },
    }
    if profile is not None:
        snapshot["profile"] = {
            "segments": [term.code for term in profile.segments.all()],
            "technology_areas": [term.code for term in profile.technology_areas.all()],
            "offers": [term.code for term in profile.offers.all()],
            "needs": [term.code for term in profile.needs.all()],
            "offers_text": profile.offers_text,
            "needs_text": profile.needs_text,
            "trl": profile.trl,
        }
        snapshot["compliance"] = {
            "itar_registered": profile.itar_registered,
            "export_classification": profile.export_classification,
            "classification_detail": profile.classification_detail,
            "has_technology_control_plan": profile.has_technology_control_plan,
            "licences_held": profile.licences_held,
            "cfius_sensitivity": profile.cfius_sensitivity,
            "fefta_sensitivity": profile.fefta_sensitivity,
        }
    return snapshot


def missing_answers(application: Application) -> list[Question]:
    """The required questions the application has not answered yet."""
    return [
        question
        for question in application.cohort.questions.all()
        if question.required and application.answers.get(str(question.pk), "") in ("", None)
    ]


@transaction.atomic
def submit_application(*, application: Application, user: User) -> Application:
    """Submits a draft before the deadline with every required answer, snapshotting the company."""
    _require_member(user, application)
    # The row lock makes a second, simultaneous submission wait and then find it submitted.
    application = Application.objects.select_for_update().select_related("cohort", "company").get(pk=application.pk)
    if application.status == Application.Status.SUBMITTED:
        raise ValidationError(_("This application has already been submitted."), code="already_submitted")
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."), code="not_draft")
    _require_open(application.cohort)
    missing = missing_answers(application)
    if missing:
        raise ValidationError(
            _("Answer every required question before submitting: %(questions)s")
            % {"questions": "; ".join(question.label for question in missing)},
            code="missing_answers",
        )
    reasons = ineligibility(application.cohort, application.company)
    if reasons:
        raise ValidationError(reasons, code="ineligible")
    application.snapshot = company_snapshot(application.company)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["snapshot", "status", "submitted_at", "updated_at"])
    StatusChange.objects.create(application=application, status=Application.Status.SUBMITTED, changed_by=user)
    return application


@transaction.atomic
def withdraw_application(*, application: Application, user: User) -> Application:
    """Withdraws a draft, a submitted or a waitlisted application; any staged decision is dropped."""
    _require_member(user, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in WITHDRAWABLE:
        raise ValidationError(
            _("An application that is %(status)s cannot be withdrawn.")
            % {"status": application.get_status_display().lower()},
            code="not_withdrawable",
        )
    application.status = Application.Status.WITHDRAWN
    application.pending_decision = ""
    application.decision_staged_by = None
    application.save(update_fields=["status", "pending_decision", "decision_staged_by", "updated_at"])
    StatusChange.objects.create(application=application, status=Application.Status.WITHDRAWN, changed_by=user)
    return application


@transaction.atomic
def decline_offer(*, application: Application, user: User) -> Application:
    """Declines an accepted place: the seat is freed for staff to offer from the waitlist."""
    _require_member(user, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted offer can be declined."), code="not_accepted")
    application.status = Application.Status.DECLINED
    application.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(application=application, status=Application.Status.DECLINED, changed_by=user)
    return application


@transaction.atomic
def post_message(*, application: Application, author: User, body: str) -> Message:
    """A message in the thread between the company and program staff; the other side is
    emailed once the message is saved (see tasks.message_recipients for who)."""
    member = permissions.is_member(author, application)
    staff = is_program_staff(author)
    if not (member or staff):
        raise PermissionDenied(_("Only the company and program staff write in this thread."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message first."), code="empty")
    if len(body) > MAX_MESSAGE:
        raise ValidationError(
            _("Keep the message within %(limit)s characters.") % {"limit": MAX_MESSAGE}, code="too_long"
        )
    message = Message.objects.create(application=application, author=author, body=body, from_staff=staff and not member)
    enqueue("cohorts.tasks.send_message_notification", message_id=message.pk)
    return message
