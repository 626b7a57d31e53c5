"""Decisions: staged by staff, released together, and the waitlist after declines.

Seats are counted under a lock on the cohort row, so two staff members accepting at the
same moment cannot both take the last seat: the second waits for the first to commit,
then counts again.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator.accounts.models import User
from accelerator.outbox.services import enqueue
from accelerator.permissions import require_program_staff

from ..models import Application, Cohort, StatusChange
from ..selectors.decisions import DecisionWarning, decision_warnings
from ..selectors.seats import Seats, seat_counts
from ..selectors.statuses import DECIDABLE

Status = Application.Status
DECISION_EMAIL = "cohorts.tasks.send_decision_email"
Decision = Application.Decision

RELEASED_STATUS: dict[str, str] = {
    Decision.ACCEPT: Status.ACCEPTED,
    Decision.WAITLIST: Status.WAITLISTED,
    Decision.REJECT: Status.REJECTED,
}


def _require_staff(user: User) -> None:
    require_program_staff(user, _("Only program staff can decide on applications."))


def _locked_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def _no_seat_error(counts: Seats) -> ValidationError:
    return ValidationError(
        _(
            "No seat is left (seats: %(seats)d; accepted: %(accepted)d; staged to accept: %(staged)d). "
            "Clear a staged acceptance or add seats first."
        )
        % {"seats": counts.seats, "accepted": counts.accepted, "staged": counts.staged},
        code="no_seat",
    )


@transaction.atomic
def stage_decision(*, application: Application, decision: str, by: User) -> Application:
    """Stages accept, waitlist or reject on a submitted or waitlisted application; "" clears it.

    Nothing reaches the applicant until the cohort's decisions are released.
    """
    _require_staff(by)
    decision = decision or ""
    if decision and decision not in Decision.values:
        raise ValidationError(_("Choose accept, waitlist or reject."), code="invalid_decision")
    cohort = _locked_cohort(application.cohort_id)
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.status not in DECIDABLE:
        raise ValidationError(
            _("Only submitted or waitlisted applications can be decided; this one is “%(status)s”.")
            % {"status": application.get_status_display()},
            code="not_decidable",
        )
    if decision == Decision.WAITLIST and application.status == Status.WAITLISTED:
        raise ValidationError(_("This application is already on the waitlist."), code="already_waitlisted")
    if decision == Decision.ACCEPT and application.pending_decision != Decision.ACCEPT:
        counts = seat_counts(cohort)
        if counts.free < 1:
            raise _no_seat_error(counts)
    application.pending_decision = decision
    application.decision_staged_by = by if decision else None
    application.save(update_fields=["pending_decision", "decision_staged_by", "updated_at"])
    return application


class DecisionsNeedConfirmation(ValidationError):
    """Staging stopped to ask first: `warnings` says, per application, what staff should know."""

    def __init__(self, warnings: list[DecisionWarning]):
        self.warnings = warnings
        super().__init__(
            ngettext(
                "%(count)d application needs a second look before its decision is staged. Confirm to stage anyway.",
                "%(count)d applications need a second look before their decisions are staged. Confirm to stage anyway.",
                len(warnings),
            )
            % {"count": len(warnings)},
            code="needs_confirmation",
        )


@transaction.atomic
def stage_decisions(
    *, cohort: Cohort, application_ids: list[int], decision: str, by: User, confirmed: bool = False
) -> list[Application]:
    """Stages one decision on every application of `application_ids`, all or nothing.

    Each goes through `stage_decision`, so the seat and status rules are the same as one at a
    time. Unless `confirmed`, staging (not clearing) first raises DecisionsNeedConfirmation
    where a cohort still takes applications, a review is missing, or nobody can be emailed.
    """
    _require_staff(by)
    decision = decision or ""
    if decision and decision not in Decision.values:
        raise ValidationError(_("Choose accept, waitlist or reject."), code="invalid_decision")
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        raise ValidationError(_("Select at least one application."), code="empty_selection")
    cohort = _locked_cohort(cohort.pk)
    by_id = {
        application.pk: application
        for application in Application.objects.filter(cohort=cohort, pk__in=ids).select_related("company")
    }
    unknown = len(ids) - len(by_id)
    if unknown:
        raise ValidationError(
            ngettext(
                "%(count)d of the selected applications is not in this cohort. Nothing was staged.",
                "%(count)d of the selected applications are not in this cohort. Nothing was staged.",
                unknown,
            )
            % {"count": unknown},
            code="unknown_application",
        )
    if decision and not confirmed:
        warnings = decision_warnings(ids)
        if warnings:
            raise DecisionsNeedConfirmation(warnings)
    applications = [by_id[pk] for pk in ids]
    if decision == Decision.ACCEPT:
        needed = sum(1 for application in applications if application.pending_decision != Decision.ACCEPT)
        counts = seat_counts(cohort)
        if needed > max(counts.free, 0):
            if len(applications) == 1:
                raise _no_seat_error(counts)
            raise ValidationError(
                _(
                    "Not enough seats: accepting them takes %(needed)d more (seats: %(seats)d; accepted: %(accepted)d; "
                    "staged to accept: %(staged)d; free: %(free)d). Nothing was staged."
                )
                % {
                    "needed": needed,
                    "free": max(counts.free, 0),
                    "seats": counts.seats,
                    "accepted": counts.accepted,
                    "staged": counts.staged,
                },
                code="no_seat",
            )
    staged = []
    for application in applications:
        try:
            staged.append(stage_decision(application=application, decision=decision, by=by))
        except ValidationError as error:
            if len(applications) == 1:
                raise
            raise ValidationError(
                _("“%(company)s”: %(reason)s Nothing was staged.")
                % {"company": application.company.display_name, "reason": " ".join(error.messages)},
                code=error.code,
            ) from error
    return staged


@transaction.atomic
def release_decisions(*, cohort: Cohort, by: User) -> int:
    """Turns every staged decision of `cohort` into the application's status and emails each
    applicant once, after the transaction commits. Returns how many were released."""
    _require_staff(by)
    cohort = _locked_cohort(cohort.pk)
    staged = list(
        Application.objects.select_for_update()
        .filter(cohort=cohort, status__in=DECIDABLE)
        .exclude(pending_decision="")
        .order_by("pk")
    )
    # A staged decision left on an application withdrawn since has nothing left to decide.
    Application.objects.filter(cohort=cohort).exclude(status__in=DECIDABLE).exclude(pending_decision="").update(
        pending_decision="", decision_staged_by=None
    )
    if not staged:
        return 0
    # Seats may have been lowered on the cohort after the acceptances were staged.
    counts = seat_counts(cohort)
    if counts.free < 0:
        raise _no_seat_error(counts)
    now = timezone.now()
    for application in staged:
        application.status = RELEASED_STATUS[application.pending_decision]
        application.pending_decision = ""
        application.decided_at = now
        # A waitlisted application decided again gets an email about its new decision.
        application.decision_email_sent_at = None
        application.updated_at = now
    Application.objects.bulk_update(
        staged, ["status", "pending_decision", "decided_at", "decision_email_sent_at", "updated_at"]
    )
    StatusChange.objects.bulk_create(
        StatusChange(application=application, status=application.status, changed_by=by, created_at=now)
        for application in staged
    )
    for application in staged:
        enqueue(DECISION_EMAIL, application_id=application.pk)
    return len(staged)


@transaction.atomic
def promote_from_waitlist(*, application: Application, by: User) -> Application:
    """Offers a free seat (after a decline or withdrawal) to a waitlisted application, and
    emails the company the acceptance."""
    _require_staff(by)
    cohort = _locked_cohort(application.cohort_id)
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.status != Status.WAITLISTED:
        raise ValidationError(
            _("Only a waitlisted application can be promoted; this one is “%(status)s”.")
            % {"status": application.get_status_display()},
            code="not_waitlisted",
        )
    counts = seat_counts(cohort)
    # Its own staged acceptance already holds the seat it is about to take.
    free = counts.free + (1 if application.pending_decision == Decision.ACCEPT else 0)
    if free < 1:
        raise _no_seat_error(counts)
    now = timezone.now()
    application.status = Status.ACCEPTED
    application.pending_decision = ""
    application.decided_at = now
    application.decision_email_sent_at = None
    application.save(update_fields=["status", "pending_decision", "decided_at", "decision_email_sent_at", "updated_at"])
    StatusChange.objects.create(
        application=application,
        status=Status.ACCEPTED,
        changed_by=by,
        created_at=now,
    )
    enqueue(DECISION_EMAIL, application_id=application.pk)
    return application
