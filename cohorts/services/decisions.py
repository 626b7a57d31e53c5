"""Decisions: staged by staff, released together, and the waitlist after declines.

Seats are counted under a lock on the cohort row, so two staff members accepting at the
same moment cannot both take the last seat: the second waits for the first to commit,
then counts again.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.outbox.services import enqueue

from .. import permissions
from ..models import Application, Cohort, StatusChange

Status = Application.Status
DECISION_EMAIL = "cohorts.tasks.send_decision_email"
Decision = Application.Decision

# Applications a decision can be staged on: waitlisted ones may be decided again.
DECIDABLE = (Status.SUBMITTED, Status.WAITLISTED)
RELEASED_STATUS = {
    Decision.ACCEPT: Status.ACCEPTED,
    Decision.WAITLIST: Status.WAITLISTED,
    Decision.REJECT: Status.REJECTED,
}


def _require_staff(user: User) -> None:
    permissions.require_staff(user, _("Only program staff can decide on applications."))


def _locked_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def seat_counts(cohort: Cohort) -> dict[str, int]:
    """Accepted applications and staged accepts of `cohort`, and the seats left."""
    counts = Application.objects.filter(cohort=cohort).aggregate(
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        staged=Count("pk", filter=Q(status__in=DECIDABLE, pending_decision=Decision.ACCEPT)),
    )
    return counts | {"free": cohort.seats - counts["accepted"] - counts["staged"]}


def _no_seat_error(cohort: Cohort, counts: dict[str, int]) -> ValidationError:
    return ValidationError(
        _(
            "No seat is left (seats: %(seats)d; accepted: %(accepted)d; staged to accept: %(staged)d). "
            "Clear a staged acceptance or add seats first."
        )
        % {"seats": cohort.seats, "accepted": counts["accepted"], "staged": counts["staged"]},
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
        if counts["free"] < 1:
            raise _no_seat_error(cohort, counts)
    application.pending_decision = decision
    application.decision_staged_by = by if decision else None
    application.save(update_fields=["pending_decision", "decision_staged_by", "updated_at"])
    return application


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
    if counts["free"] < 0:
        raise _no_seat_error(cohort, counts)
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
    free = counts["free"] + (1 if application.pending_decision == Decision.ACCEPT else 0)
    if free < 1:
        raise _no_seat_error(cohort, counts)
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
