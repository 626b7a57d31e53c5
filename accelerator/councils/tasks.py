"""Celery tasks for councils: thin, idempotent, and every email sent at most once."""

from zoneinfo import ZoneInfo

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from accelerator.accounts.emails import personal_email, send_once
from accelerator.accounts.models import User
from accelerator.companies.models import Membership

from . import selectors
from .calendar_events import meeting_invitation
from .models import ActionItem, AgendaItem, Meeting, Result

REMIND_DAYS_BEFORE = 3
EASTERN = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
RETRY = {"autoretry_for": (ConnectionError, OSError), "retry_backoff": True, "max_retries": 5}


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@shared_task(**RETRY)
def send_agenda(meeting_id: int, sequence: int) -> int:
    """Emails the published agenda, with an invitation, to each person of the council, once per publication."""
    meeting = Meeting.objects.select_related("council").filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0  # a later publication supersedes this one
    people = User.objects.filter(council_memberships__council=meeting.council, is_active=True).order_by("pk")
    sent = 0
    for user in people:
        context = {
            "user": user,
            "meeting": meeting,
            "council": meeting.council,
            "rows": selectors.flatten(selectors.agenda_rows(meeting)),
            "update": sequence > 1,
            "eastern": EASTERN,
            "tokyo": TOKYO,
            "url": _url(meeting.get_absolute_url()),
        }
        message = personal_email(user, "councils/email/agenda", context)
        with translation.override(user.preferred_language):
            invitation = meeting_invitation(meeting)
        message.attach("invitation.ics", invitation, "text/calendar; method=REQUEST; charset=utf-8")
        sent += send_once(key=f"council-agenda:{meeting.pk}:{sequence}:{user.pk}", message=message)
    return sent


@shared_task(**RETRY)
def send_proposal_answer(item_id: int) -> int:
    item = AgendaItem.objects.select_related("meeting__council", "proposed_by").filter(pk=item_id).first()
    if item is None or item.proposed_by is None or item.status == AgendaItem.Status.PENDING:
        return 0
    context = {
        "user": item.proposed_by,
        "item": item,
        "meeting": item.meeting,
        "url": _url(item.meeting.get_absolute_url()),
    }
    message = personal_email(item.proposed_by, "councils/email/proposal_answer", context)
    return int(send_once(key=f"council-proposal:{item.pk}:{item.status}", message=message))


def _action_recipients(action: ActionItem) -> list[User]:
    if action.owner_user_id:
        return [action.owner_user] if action.owner_user.is_active else []
    return list(
        User.objects.filter(
            memberships__company_id=action.owner_company_id, memberships__role=Membership.Role.OWNER, is_active=True
        ).order_by("pk")
    )


def _remind(action_id: int, kind: str) -> int:
    """Sends the `kind` ("before" or "after") reminder of an action once, then marks it sent."""
    field = "reminded_before_at" if kind == "before" else "reminded_after_at"
    action = (
        ActionItem.objects.select_related("owner_user", "owner_company", "decision__council")
        .filter(pk=action_id, **{f"{field}__isnull": True})
        .exclude(status__in=ActionItem.CLOSED)
        .first()
    )
    if action is None:
        return 0
    sent = 0
    for user in _action_recipients(action):
        context = {
            "user": user,
            "action": action,
            "decision": action.decision,
            "days_overdue": selectors.days_overdue(action),
            "url": _url(action.decision.get_absolute_url()),
        }
        message = personal_email(user, f"councils/email/action_{kind}", context)
        # The due date is in the key: a new date earns new reminders.
        key = f"council-action:{action.pk}:{kind}:{action.due_on.isoformat()}:{user.pk}"
        sent += int(send_once(key=key, message=message))
    ActionItem.objects.filter(pk=action.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
    return sent


@shared_task(**RETRY)
def send_action_reminders() -> int:
    """Reminds owners once a few days before an action is due and once after it falls overdue."""
    today = selectors.today()
    sent = 0
    for action_id in selectors.reminder_due_before(on=today, days_ahead=REMIND_DAYS_BEFORE).values_list(
        "pk", flat=True
    ):
        sent += _remind(action_id, "before")
    for action_id in selectors.reminder_due_after(on=today).values_list("pk", flat=True):
        sent += _remind(action_id, "after")
    return sent


@shared_task(**RETRY)
def send_review_reminders() -> int:
    """Reminds the secretariat, once per review date, to review a result's progress."""
    today = selectors.today()
    sent = 0
    for result in selectors.results_review_due(on=today).select_related("decision__council"):
        for membership in selectors.secretariat_of(result.decision.council):
            context = {
                "user": membership.user,
                "result": result,
                "decision": result.decision,
                "url": _url(result.decision.get_absolute_url()),
            }
            message = personal_email(membership.user, "councils/email/review", context)
            key = f"council-review:{result.pk}:{result.review_on.isoformat()}:{membership.user_id}"
            sent += int(send_once(key=key, message=message))
        Result.objects.filter(pk=result.pk, review_on=result.review_on).update(review_reminded_on=result.review_on)
    return sent
