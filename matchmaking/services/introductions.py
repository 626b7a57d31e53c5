"""Double opt-in introductions: a request, the other side's answer, reminders and expiry."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.accounts.models import Role, User
from accelerator.companies.models import Membership
from accelerator.outbox.services import enqueue

from ..models import InboxItem, Introduction, Suggestion
from .suggestions import check_member


def _notify(introduction_id: int, kind: str) -> None:
    """Records the notification in the outbox, inside the transaction of the event it tells of."""
    enqueue("matchmaking.tasks.notify_introduction", introduction_id=introduction_id, kind=kind)


def request_introduction(*, suggestion: Suggestion, user: User, message: str) -> Introduction:
    """Asks the suggested partner for an introduction; they accept or decline.

    A company nobody has joined yet cannot answer: the request is then passed to program
    staff (`routed_to_staff_at`), who reach the company themselves, and the requester is
    told so (`Introduction.passed_to_staff`).
    """
    check_member(user, suggestion.company_id)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a short message: who you are and what you propose.")})
    if len(message) > 1000:
        raise ValidationError({"message": _("Keep the message under 1,000 characters.")})
    open_between = Introduction.objects.filter(status=Introduction.Status.PENDING).filter(
        Q(requester_id=suggestion.company_id, recipient_id=suggestion.partner_id)
        | Q(requester_id=suggestion.partner_id, recipient_id=suggestion.company_id)
    )
    try:
        with transaction.atomic():
            if open_between.exists():
                raise IntegrityError
            now = timezone.now()
            answerable = Membership.objects.filter(company_id=suggestion.partner_id).exists()
            introduction = Introduction.objects.create(
                created_at=now,
                requester_id=suggestion.company_id,
                recipient_id=suggestion.partner_id,
                suggestion=suggestion,
                requested_by=user,
                message=message,
                expires_at=now + timedelta(days=Introduction.VALID_DAYS),
                routed_to_staff_at=None if answerable else now,
            )
            if answerable:
                _notify(introduction.pk, InboxItem.Kind.INTRODUCTION_REQUESTED)
            else:
                _notify(introduction.pk, InboxItem.Kind.INTRODUCTION_FOR_STAFF)
    except IntegrityError as error:
        raise ValidationError(_("An introduction between these companies is already waiting for an answer.")) from error
    return introduction


@transaction.atomic
def answer_introduction(*, introduction: Introduction, user: User, accept: bool, reason: str = "", note: str = ""):
    """The recipient accepts or declines, with an optional note the requester reads. An
    answered or expired request does not change."""
    check_member(user, introduction.recipient_id)
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status != Introduction.Status.PENDING:
        raise ValidationError(_("This introduction has already been answered or has expired."))
    if timezone.now() >= introduction.expires_at:
        raise ValidationError(_("This introduction has already been answered or has expired."))
    if not accept and reason and reason not in Introduction.DeclineReason.values:
        raise ValidationError({"reason": _("Choose one of the reasons offered.")})
    introduction.status = Introduction.Status.ACCEPTED if accept else Introduction.Status.DECLINED
    introduction.decline_reason = "" if accept else reason
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("Keep the note under 500 characters.")})
    if "\x00" in note:
        raise ValidationError({"note": _("The note contains a character that cannot be stored.")})
    introduction.answer_note = note
    introduction.responded_by = user
    introduction.responded_at = timezone.now()
    introduction.save()
    kind = InboxItem.Kind.INTRODUCTION_ACCEPTED if accept else InboxItem.Kind.INTRODUCTION_DECLINED
    _notify(introduction.pk, kind)
    return introduction


def expire_introductions() -> int:
    """Closes requests nobody answered in time and tells the requester."""
    with transaction.atomic():
        expired = list(
            Introduction.objects.select_for_update()
            .filter(status=Introduction.Status.PENDING, expires_at__lte=timezone.now())
            .values_list("pk", flat=True)
        )
        Introduction.objects.filter(pk__in=expired).update(status=Introduction.Status.EXPIRED)
        for pk in expired:
            _notify(pk, InboxItem.Kind.INTRODUCTION_EXPIRED)
    return len(expired)


def remind_introductions() -> int:
    """Reminds the other side, once, of requests waiting longer than `REMIND_AFTER_DAYS`."""
    cutoff = timezone.now() - timedelta(days=Introduction.REMIND_AFTER_DAYS)
    with transaction.atomic():
        due = list(
            Introduction.objects.select_for_update()
            .filter(status=Introduction.Status.PENDING, reminded_at__isnull=True, created_at__lte=cutoff)
            .values_list("pk", flat=True)
        )
        Introduction.objects.filter(pk__in=due).update(reminded_at=timezone.now())
        for pk in due:
            _notify(pk, InboxItem.Kind.INTRODUCTION_REMINDER)
    return len(due)


def notification_recipients(introduction: Introduction, kind: str) -> list[int]:
    """Who hears of an introduction event: the other side for requests, the requester for
    answers, and program staff for a request nobody at the other company can answer."""
    if kind == InboxItem.Kind.INTRODUCTION_FOR_STAFF:
        staff = User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name=Role.STAFF))
        return list(staff.values_list("pk", flat=True).distinct())
    if kind in (InboxItem.Kind.INTRODUCTION_REQUESTED, InboxItem.Kind.INTRODUCTION_REMINDER):
        company_id = introduction.recipient_id
    else:
        company_id = introduction.requester_id
    return list(Membership.objects.filter(company_id=company_id).values_list("user_id", flat=True))
